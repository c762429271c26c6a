"""LINE signs each webhook body: ``X-Line-Signature`` = base64(HMAC-SHA256(secret, body))."""

from __future__ import annotations

import base64
import hashlib
import hmac


def sign(channel_secret: str, body: bytes) -> str:
    """The signature LINE sends with ``body`` (also used by the tests' webhook client)."""
    digest = hmac.new(channel_secret.encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def is_valid_signature(channel_secret: str, body: bytes, signature: str) -> bool:
    """Whether ``signature`` was made with our secret over exactly these bytes (constant time,
    so a forger learns nothing from how long the comparison took)."""
    return hmac.compare_digest(sign(channel_secret, body).encode(), signature.encode())
