"""Transcripts that read the same on Telegram and on LINE.

A test written against ``Chat`` (the ``messenger`` fixture, once per messenger) says what a
person types or presses and what they see, whichever messenger carries it: Telegram through
the real PTB ``Application`` and the fake Bot API (``tests/harness.py``), LINE through the real
bot process, signed webhook posts and the fake LINE API (``tests/line_harness.py``).

``Shown`` is one message as its reader sees it: plain text (Telegram's HTML and LINE's text
read the same once formatting is dropped) and its buttons, whatever form they take (an inline
keyboard; LINE's quick replies or a Flex card after the text). ``raw`` keeps the messenger's
own form for the assertions that are about one messenger only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.conversation.markup import to_plain
from bot.conversation.reply import Response
from bot.line.events import LineEvent
from tests.fake_line import FakeLine, Sent
from tests.fake_line_webhook import line_user_id
from tests.fake_telegram import Call, FakeUser
from tests.harness import BotHarness
from tests.line_harness import LineHarness


@dataclass(frozen=True)
class Person:
    """Someone using the bot: ``number`` makes their id on either messenger."""

    number: int
    first_name: str = "Test"
    language: str | None = None  # their app's language (Telegram's language_code, LINE's)
    username: str | None = None  # Telegram only: LINE has no public usernames

    @property
    def telegram(self) -> FakeUser:
        return FakeUser(self.number, self.first_name, self.username, self.language)

    @classmethod
    def of(cls, user: FakeUser) -> Person:
        """The person a Telegram test user stands for."""
        return cls(user.id, user.first_name, user.language_code, user.username)

    @property
    def line_id(self) -> str:
        return line_user_id(self.number)


@dataclass(frozen=True)
class ShownButton:
    label: str
    data: str | None = None
    url: str | None = None


@dataclass
class Shown:
    """One message the person sees."""

    text: str
    buttons: list[ShownButton] = field(default_factory=list)
    raw: Any = None  # Telegram: the ``Call``; LINE: the message objects

    @property
    def button_labels(self) -> list[str]:
        return [button.label for button in self.buttons]

    def button(self, label_part: str) -> ShownButton:
        """The first button whose label contains ``label_part``."""
        for button in self.buttons:
            if label_part in button.label:
                return button
        raise AssertionError(f"no button {label_part!r} in {self.button_labels}")


class Chat(Protocol):
    """One messenger under test, driven as its users would."""

    name: str  # "telegram" or "line"

    @property
    def conversation(self) -> Any: ...

    async def say(self, person: Person, text: str) -> list[Shown]:
        """``person`` sends ``text`` in a private chat; what they were sent in answer."""
        ...

    async def press(
        self, person: Person, shown: Shown, label_part: str
    ) -> tuple[list[Shown], str]:
        """``person`` presses a button of ``shown``; the messages and the short notice."""
        ...

    async def press_data(
        self, person: Person, data: str, shown: Shown | None = None
    ) -> tuple[list[Shown], str]:
        """A press on a button carrying ``data`` (on ``shown``; or a stale one, or someone
        else's)."""
        ...

    def received(self, person: Person, since: int = 0) -> list[Shown]:
        """Everything ``person`` was sent (e.g. notices from others), from mark ``since``."""
        ...

    def mark(self) -> int:
        """A point in the transcript to read ``received`` from."""
        ...

    def account(self, person: Person) -> tuple[str, str]:
        """``(channel, external_id)``: who ``person`` is on this messenger."""
        ...


def shown_from_call(call: Call) -> Shown:
    buttons = [ShownButton(b["text"], b.get("callback_data"), b.get("url")) for b in call.buttons]
    return Shown(to_plain(call.text), buttons, call)


class TelegramChat:
    """``Chat`` over ``BotHarness``."""

    name = "telegram"

    def __init__(self, bot: BotHarness) -> None:
        self.bot = bot

    @property
    def conversation(self) -> Any:
        return self.bot.conversation

    async def say(self, person: Person, text: str) -> list[Shown]:
        return [shown_from_call(c) for c in await self.bot.say(person.telegram, text)]

    async def press(
        self, person: Person, shown: Shown, label_part: str
    ) -> tuple[list[Shown], str]:
        data = shown.button(label_part).data
        assert data is not None, f"{label_part!r} is a link"
        return await self.press_data(person, data, shown)

    async def press_data(
        self, person: Person, data: str, shown: Shown | None = None
    ) -> tuple[list[Shown], str]:
        call = shown.raw if shown is not None else None
        calls, notice = await self.bot.press_data(person.telegram, data, call)
        return [shown_from_call(c) for c in calls], notice

    def received(self, person: Person, since: int = 0) -> list[Shown]:
        return [shown_from_call(c) for c in self.bot.fake.sent_to(person.number, since)]

    def mark(self) -> int:
        return len(self.bot.fake.calls)

    def account(self, person: Person) -> tuple[str, str]:
        return "telegram", str(person.number)


def _flex_buttons(node: Any) -> Iterator[ShownButton]:
    """The tappable parts of a Flex message, in order (a button, or a box with an action)."""
    if isinstance(node, dict):
        action = node.get("action")
        if isinstance(action, dict) and node.get("type") in ("button", "box"):
            texts = [c.get("text", "") for c in node.get("contents", []) if isinstance(c, dict)]
            label = texts[0] if node.get("type") == "box" and texts else action.get("label", "")
            yield ShownButton(label, action.get("data"), action.get("uri"))
            return
        for value in node.values():
            yield from _flex_buttons(value)
    elif isinstance(node, list):
        for item in node:
            yield from _flex_buttons(item)


def _action_button(action: dict[str, Any]) -> ShownButton:
    return ShownButton(action.get("label", ""), action.get("data"), action.get("uri"))


def shown_from_line(messages: list[dict[str, Any]]) -> list[Shown]:
    """LINE messages as the reader sees them: each text one message (its quick replies as its
    buttons); a Flex card's buttons belong to the text before it."""
    shown: list[Shown] = []
    for message in messages:
        if message.get("type") == "text":
            items = message.get("quickReply", {}).get("items", [])
            buttons = [_action_button(item["action"]) for item in items]
            shown.append(Shown(message["text"], buttons, [message]))
        elif message.get("type") == "flex":
            buttons = list(_flex_buttons(message["contents"]))
            if shown and not shown[-1].buttons:
                shown[-1].buttons, shown[-1].raw = buttons, [*shown[-1].raw, message]
            else:
                shown.append(Shown(message.get("altText", ""), buttons, [message]))
        else:
            shown.append(Shown("", [], [message]))
    return shown


class LineChat:
    """``Chat`` over ``LineHarness``: a button's notice (LINE has no toast) is the text LINE
    shows first; it is told apart from the messages by what the conversation answered."""

    name = "line"

    def __init__(self, harness: LineHarness) -> None:
        self.harness = harness
        self.notices: dict[str, str] = {}  # webhookEventId → the response's notice
        self._watch_notices()

    def _watch_notices(self) -> None:
        server = self.harness.server
        assert server is not None and server.line is not None and server.line.bridge is not None
        bridge = server.line.bridge
        answer = bridge.answer

        async def noting(event: LineEvent, response: Response) -> None:
            if response.notice:
                self.notices[event.event_id] = response.notice
            await answer(event, response)

        bridge.answer = noting  # type: ignore[method-assign]

    @property
    def fake(self) -> FakeLine:
        return self.harness.fake

    @property
    def conversation(self) -> Any:
        return self.harness.conversation

    def _introduce(self, person: Person) -> None:
        """What LINE's profile endpoint says of them."""
        profile: dict[str, Any] = {"displayName": person.first_name}
        if person.language:
            profile["language"] = person.language
        self.fake.profiles[person.line_id] = profile

    async def _deliver(self, person: Person, event: dict[str, Any]) -> tuple[list[Shown], str]:
        self._introduce(person)
        mark = len(self.fake.sent)
        assert await self.harness.send(event) == 200
        shown = self._shown(person, self.fake.sent[mark:])
        notice = self.notices.pop(event["webhookEventId"], "")
        if notice and shown and shown[0].text == notice:
            shown = shown[1:]
        return shown, notice

    def _shown(self, person: Person, sent: list[Sent]) -> list[Shown]:
        messages = [m for s in sent if s.to == person.line_id for m in s.messages]
        return shown_from_line(messages)

    async def say(self, person: Person, text: str) -> list[Shown]:
        event = self.harness.events.text(person.line_id, text)
        shown, _notice = await self._deliver(person, event)
        return shown

    async def press(
        self, person: Person, shown: Shown, label_part: str
    ) -> tuple[list[Shown], str]:
        data = shown.button(label_part).data
        assert data is not None, f"{label_part!r} is a link"
        return await self.press_data(person, data)

    async def press_data(
        self, person: Person, data: str, shown: Shown | None = None
    ) -> tuple[list[Shown], str]:
        return await self._deliver(person, self.harness.events.postback(person.line_id, data))

    def received(self, person: Person, since: int = 0) -> list[Shown]:
        return self._shown(person, self.fake.sent[since:])

    def mark(self) -> int:
        return len(self.fake.sent)

    def account(self, person: Person) -> tuple[str, str]:
        return "line", person.line_id
