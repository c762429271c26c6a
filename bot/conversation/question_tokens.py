"""A typed question's id as its buttons carry it, tied to the chat that asked.

Question ids are sequential, so a bare id in 👍/👎 or "None of these" would let anyone act on
everyone's questions (issue 14). The token carries the id and a tag, a keyed hash of the id and
the asking chat: a press from any other chat, or a made-up token, reads as expired."""

from __future__ import annotations

import base64
import hashlib
import hmac

from bot.conversation.buttons import ROW_ID_MAX, Kind
from bot.conversation.turn import StaleButtonError, Turn

TAG_BYTES = 4  # 32 bits: far beyond guessing, one button press at a time
TOKEN_LENGTH = 11  # base64 of the 4-byte id and the tag, so the data keeps within 64 bytes
NO_QUESTION = "0"  # an answer opened by browsing or a link: nobody's words to protect


def _tag(turn: Turn, question_id: int) -> bytes:
    secret = turn.services.settings.signing_secret
    key = hashlib.sha256(b"question-token:" + secret).digest()
    message = f"{turn.event.chat_id}:{question_id}".encode()
    return hmac.new(key, message, hashlib.sha256).digest()[:TAG_BYTES]


def question_token(turn: Turn, question_id: int) -> str:
    """What a button carries for ``question_id``, asked in this turn's chat."""
    if not question_id:
        return NO_QUESTION
    raw = question_id.to_bytes(4, "big") + _tag(turn, question_id)
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _split(raw: str) -> tuple[int, bytes] | None:
    if raw == NO_QUESTION:
        return 0, b""
    if len(raw) != TOKEN_LENGTH or not raw.isascii():
        return None
    try:
        decoded = base64.urlsafe_b64decode(raw + "=")
    except ValueError:
        return None
    question_id = int.from_bytes(decoded[:4], "big")
    return (question_id, decoded[4:]) if 0 < question_id <= ROW_ID_MAX else None


QUESTION = Kind("question", _split)


def owned_question(turn: Turn, token: tuple[int, bytes]) -> int:
    """The question id, when the button was given in this chat; else the button is stale."""
    question_id, tag = token
    if question_id and not hmac.compare_digest(tag, _tag(turn, question_id)):
        raise StaleButtonError(turn.event.button or "")
    return question_id
