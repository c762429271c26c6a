"""The terminal chat offers the same FAQ as Telegram (with the shipped knowledge): answers,
suggestions, topics and feedback, buttons as numbered choices."""

from __future__ import annotations

from pathlib import Path

from tests.console.test_console import run_console


def test_terminal_chat_answers_suggests_browses_and_takes_feedback(tmp_path: Path) -> None:
    lines = [
        "สหกรณแพลตฟอมคืออะไร",  # typo: answer
        "4",  # 👍
        "สมาชิก",  # suggestions
        "1",  # the first suggestion
        "/topics",
        "1",  # the first topic
        "1",  # its first question
        "members",  # a bare keyword: suggestions in the language the user last wrote in
        "4",  # None of these
    ]
    result = run_console("\n".join(lines) + "\n", tmp_path, DEFAULT_LANGUAGE="th")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "❓ สหกรณ์แพลตฟอร์มคืออะไร" in out
    assert "ที่มา: thaiplatform.coop (https://thaiplatform.coop/pcc), platform.coop" in out
    assert "[4] 👍 มีประโยชน์" in out
    assert "(ขอบคุณสำหรับความเห็นครับ)" in out
    assert "หมายถึงข้อไหนในนี้" in out
    assert "[1] พื้นฐานสหกรณ์แพลตฟอร์ม" in out
    assert "[4] 🙅 ไม่ใช่สักข้อ" in out
    assert "จดคำถามนี้ไว้ให้ทีมงานดูแล้ว" in out and "ยังไม่มีคำตอบ" in out
    assert "<b>" not in out
