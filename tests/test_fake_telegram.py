"""The fake Bot API refuses what Telegram refuses, and its interactive view works for several
users, shows HTML as a client would and lets a Share button open its link."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.fake_telegram import FakeTelegram, FakeUser
from tests.fake_telegram_demo import Demo
from tests.fake_telegram_rules import as_terminal_text
from tests.harness import BotHarness

ROOT = Path(__file__).resolve().parents[1]


async def call_api(fake: FakeTelegram, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
    """One Bot API call as python-telegram-bot makes it: a form, nested fields as JSON."""
    form = {k: json.dumps(v) if isinstance(v, dict | list) else str(v) for k, v in params.items()}
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{fake.base_url}{fake.token}/{method}", data=form) as response,
    ):
        return response.status, await response.json()


@pytest.mark.parametrize(
    "text",
    [
        "<b>bold, never closed",
        "<p>a paragraph</p>",
        "<b>crossed <i>tags</b></i>",
        "<span>no class</span>",
        '<a href="https://example.org">link</b>',
        "a lone </b>",
        "1 < 2 and 3 > 2",  # an unescaped < starts a tag
        "<br>",
    ],
)
async def test_html_telegram_cannot_parse_is_refused(fake_telegram: FakeTelegram, text: str):
    status, body = await call_api(
        fake_telegram, "sendMessage", chat_id=5, text=text, parse_mode="HTML"
    )
    assert status == 400 and body["ok"] is False
    assert body["description"].startswith("Bad Request: can't parse entities")
    [refused] = fake_telegram.calls
    assert refused.status == 400 and "can't parse entities" in refused.description
    assert fake_telegram.sent_to(5) == []
    assert fake_telegram.refused == [refused]
    fake_telegram.refused.clear()  # refused on purpose (the fixture fails on any refusal)


async def test_html_telegram_knows_is_accepted_and_returned_as_plain_text(
    fake_telegram: FakeTelegram,
) -> None:
    text = (
        "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s><strike>k"
        '</strike><del>d</del><code>c</code><pre>p</pre><tg-spoiler>t</tg-spoiler><span class="'
        'tg-spoiler">x</span><blockquote>q</blockquote> <a href="https://x.org/?a=1&amp;b=2">'
        "link</a> &lt;tag&gt; &amp; &quot; &#3585; &#x0E01; &nbsp; 1 &gt; 0"
    )
    status, body = await call_api(
        fake_telegram, "sendMessage", chat_id=5, text=text, parse_mode="HTML"
    )
    assert status == 200, body
    assert body["result"]["text"] == 'bsieunskdcptxq link <tag> & " ก ก &nbsp; 1 > 0'
    [sent] = fake_telegram.sent_to(5)
    assert sent.text == text  # tests keep reading what the bot sent


async def test_text_over_4096_characters_is_refused(fake_telegram: FakeTelegram) -> None:
    ok, _ = await call_api(fake_telegram, "sendMessage", chat_id=5, text="ก" * 4096)
    entities = "&amp;" * 4096  # 4,096 characters once parsed, though 20,480 sent
    escaped, _ = await call_api(
        fake_telegram, "sendMessage", chat_id=5, text=entities, parse_mode="HTML"
    )
    status, body = await call_api(fake_telegram, "sendMessage", chat_id=5, text="a" * 4097)
    emoji, _ = await call_api(fake_telegram, "sendMessage", chat_id=5, text="🙂" * 2049)
    assert (ok, escaped) == (200, 200)
    assert status == 400 and body["description"] == "Bad Request: message is too long"
    assert emoji == 400  # Telegram counts UTF-16 units: an emoji is two
    caption, body = await call_api(
        fake_telegram, "sendDocument", chat_id=5, caption="c" * 1025, document="x"
    )
    assert caption == 400 and body["description"] == "Bad Request: message caption is too long"
    empty, _ = await call_api(fake_telegram, "sendMessage", chat_id=5, text="<b> </b>",
                              parse_mode="HTML")  # fmt: skip
    assert empty == 400
    assert len(fake_telegram.refused) == 4
    fake_telegram.refused.clear()


async def test_button_data_over_64_bytes_is_refused(fake_telegram: FakeTelegram) -> None:
    def keyboard(data: str) -> dict[str, Any]:
        return {"inline_keyboard": [[{"text": "press", "callback_data": data}]]}

    fits, _ = await call_api(
        fake_telegram, "sendMessage", chat_id=5, text="t", reply_markup=keyboard("x" * 64)
    )
    thai, body = await call_api(  # 22 Thai letters are 66 bytes
        fake_telegram, "sendMessage", chat_id=5, text="t", reply_markup=keyboard("ก" * 22)
    )
    bad_link, _ = await call_api(
        fake_telegram,
        "sendMessage",
        chat_id=5,
        text="t",
        reply_markup={"inline_keyboard": [[{"text": "go", "url": "javascript:alert(1)"}]]},
    )
    bad_menu, _ = await call_api(
        fake_telegram, "setMyCommands", commands=[{"command": "Faq-Add", "description": "x"}]
    )
    assert fits == 200
    assert thai == 400 and body["description"] == "Bad Request: BUTTON_DATA_INVALID"
    assert bad_link == 400 and bad_menu == 400
    assert len(fake_telegram.refused) == 3
    fake_telegram.refused.clear()


async def test_get_file_knows_only_files_users_sent_and_at_most_20_mb(
    fake_telegram: FakeTelegram,
) -> None:
    known = FakeUser(id=5)
    fake_telegram.send_document(known, "faq.yaml", b"entries: []")
    fake_telegram.send_document(known, "big.yaml", b"#" * (20 * 1024 * 1024 + 1))
    ok, body = await call_api(fake_telegram, "getFile", file_id="doc1")
    unknown, _ = await call_api(fake_telegram, "getFile", file_id="nope")
    big, refusal = await call_api(fake_telegram, "getFile", file_id="doc2")
    assert ok == 200 and body["result"]["file_size"] == 11
    assert unknown == 400
    assert big == 400 and refusal["description"] == "Bad Request: file is too big"


def test_terminal_view_renders_html_with_link_addresses() -> None:
    html = '<b>Sources:</b> <a href="https://platform.coop/">platform.coop</a> &amp; more'
    assert (
        as_terminal_text(html, "HTML") == "Sources: platform.coop (https://platform.coop/) & more"
    )
    bare = '<a href="https://x.org/">https://x.org/</a>'
    assert as_terminal_text(bare, "HTML") == "https://x.org/"  # not the address twice
    assert as_terminal_text("<b>kept</b>", None) == "<b>kept</b>"


async def test_demo_switches_users_renders_html_and_share_opens_its_link(bot: BotHarness):
    out = io.StringIO()
    demo = Demo(bot.fake, out)
    await bot.processed(demo.handle_line("/start") or 0)
    demo.show_new()
    assert "[sendMessage → 42 Demo (th)]" in out.getvalue()
    assert "สหกรณ์แพลตฟอร์ม" in out.getvalue() and "<b>" not in out.getvalue()

    demo.handle_line(":user 43 Alex en")
    assert "(you are now 43 Alex (en))" in out.getvalue()
    await bot.processed(demo.handle_line("What is a platform co-op?") or 0)
    demo.show_new()
    [answer] = bot.fake.sent_to(43)
    assert answer.chat_id == 43 and bot.fake.sent_to(42)[-1].chat_id == 42
    shown = out.getvalue().split("[sendMessage → 43 Alex (en)]")[1]
    assert "platform.coop (https://platform.coop/)" in shown and "<a " not in shown
    share = next(i for i, b in enumerate(answer.buttons, 1) if "t.me/share" in b.get("url", ""))
    assert f"  [{share}] {answer.buttons[share - 1]['text']} ↗" in shown

    calls = len(bot.fake.calls)
    assert demo.handle_line(str(share)) is None  # nothing goes to the bot …
    assert out.getvalue().rstrip().endswith("↗ " + answer.buttons[share - 1]["url"])  # … it opens
    demo.handle_line(":users")
    assert "  42 Demo (th)\n* 43 Alex (en)" in out.getvalue()
    demo.handle_line(":user 42")
    await bot.processed(demo.handle_line("1") or 0)  # 42's last keyboard: the language buttons
    assert len(bot.fake.calls) > calls
    assert any(c.method == "editMessageText" and c.chat_id == 42 for c in bot.fake.calls[calls:])


def test_demo_runs_as_a_program_and_quits(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tests.fake_telegram", "--port", "0"],
        input=":user 7 Noi th\n:users\n:quit\n/never-sent\n",
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Fake Bot API on http://127.0.0.1:" in result.stdout
    assert "* 7 Noi (th)" in result.stdout
