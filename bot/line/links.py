"""Links in LINE's own form, for the conversation layer's ``Links`` port."""

from __future__ import annotations

from urllib.parse import quote

LINE_URL_SCHEME = "https://line.me/R"


class LineLinks:
    """Deep links and share links for the Official Account with basic id ``@basic_id``.

    - A deep link is ``https://line.me/R/oaMessage/@<id>/?<text>``: it opens the chat with the
      account and prefills ``/start <payload>``, which the adapter reads as the ``start``
      command. The user still taps send (LINE never sends on their behalf); a LIFF app could
      skip that tap, but needs a LIFF id, a hosted page and login: not worth it for a deep
      link. A user who has not added the account yet is offered to add it first.
    - A share link is ``https://line.me/R/share?text=<text and link>``: LINE's own picker of
      chats to forward the text to.
    - There is no contact link: LINE has no public @username pages for personal accounts, so
      contact exchange on LINE uses the relay (or an ID the person chooses to give).
    """

    def __init__(self, basic_id: str | None) -> None:
        self.basic_id = (basic_id or "").lstrip("@") or None

    def deep_link(self, payload: str) -> str | None:
        """A link that opens the chat with the bot with ``/start payload`` typed in."""
        if self.basic_id is None:
            return None
        text = f"/start {payload}" if payload else "/start"
        return f"{LINE_URL_SCHEME}/oaMessage/@{quote(self.basic_id)}/?{quote(text, safe='')}"

    def share_url(self, link: str, text: str) -> str | None:
        """LINE's share picker with ``text`` and ``link`` as the message."""
        message = f"{text}\n{link}" if text else link
        return f"{LINE_URL_SCHEME}/share?text={quote(message, safe='')}"

    def contact_link(self, username: str) -> str | None:
        """None: LINE has no public profile links by username."""
        return None
