"""What the mentor service tells people other than the one being answered.

The domain says *what* happened (a notice with plain data and the recipient's language); the
conversation layer's ``Notifier`` renders it in that language and sends it. A notice whose
recipient is ``ADMINS`` goes to every admin, each in their own language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from bot.delivery import Delivery

ADMINS = 0  # recipient placeholder: expanded to every admin at delivery


@dataclass(frozen=True)
class Notice:
    """Something to tell one user (or every admin), in their language."""

    recipient: int
    language: str


@dataclass(frozen=True)
class OfferMade(Notice):
    """A mentor is offered a referral (or reminded of it, half-way to the deadline)."""

    offer_id: int
    founder_name: str
    topic: str
    need: str
    founder_language: str
    deadline_at: dt.datetime
    reminder: bool = False


@dataclass(frozen=True)
class OfferClosed(Notice):
    """The mentor's offer ran out or was withdrawn: it has moved on, nothing to do."""

    topic: str
    expired: bool


@dataclass(frozen=True)
class NobodyAvailable(Notice):
    """The founder is told honestly that nobody fits now and the request will wait."""

    topic: str
    team_told: bool = True  # False when no admin is configured to hear of it


@dataclass(frozen=True)
class ReferralWaiting(Notice):
    """Admins learn that a referral waits for a mentor (no personal data)."""

    referral_id: int
    topic: str
    founder_language: str


@dataclass(frozen=True)
class Connected(Notice):
    """A referral was accepted: each side gets the other's name and contact (or the relay)."""

    referral_id: int
    partner_name: str
    partner_username: str | None
    relay: bool
    for_mentor: bool
    topic: str
    partner_bio: str | None = None  # the mentor's bio, for the founder
    need: str | None = None  # the founder's need, for the mentor


@dataclass(frozen=True)
class ReferralEnded(Notice):
    """The other side ended the referral (the relay stops)."""

    referral_id: int
    partner_name: str


@dataclass(frozen=True)
class FitQuestion(Notice):
    """Some days after the connection: is this pairing a good fit? (1-5)."""

    referral_id: int
    partner_name: str


@dataclass(frozen=True)
class HelpedQuestion(Notice):
    """A month after the connection: did talking to the mentor help the founder?"""

    referral_id: int
    partner_name: str


@dataclass(frozen=True)
class MentorPending(Notice):
    """Admins review a new mentor with Approve / Reject buttons."""

    mentor_id: int
    name: str
    username: str | None
    languages: tuple[str, ...]
    topics: tuple[str, ...]
    region: str | None
    capacity: int
    bio: str


@dataclass(frozen=True)
class MentorStatusChanged(Notice):
    """The mentor learns they were approved, rejected or removed."""

    status: str


class Notifier(Protocol):
    """Renders a notice in its recipient's language and sends it."""

    async def send(self, notice: Notice) -> Delivery:
        """Deliver one notice to ``notice.recipient``."""
        ...
