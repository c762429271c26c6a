"""Render the mentor service's notices in the recipient's language, and send them.

The same rendering answers the person pressing a button (their notice becomes the reply)
and reaches everyone else through ``services.messenger``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import singledispatch

from bot.channels import Channel, Links, NoLinks
from bot.conversation.fitting import fit_reply
from bot.conversation.markup import escape
from bot.conversation.mentoring.common import contact_link, label, time_left
from bot.conversation.reply import Button, Keyboard, Reply, rows
from bot.db.repositories import users
from bot.delivery import Delivery
from bot.i18n import _, language_name, use_language
from bot.mentors.notices import (
    Connected,
    FitQuestion,
    HelpedQuestion,
    MentorPending,
    MentorStatusChanged,
    NobodyAvailable,
    Notice,
    OfferClosed,
    OfferMade,
    ReferralEnded,
    ReferralWaiting,
)
from bot.mentors.service import MentorService
from bot.services import Services

RELAY_FLOW = "relay"


def render(notice: Notice, service: MentorService, links: Links) -> Reply:
    """The notice as a message in its recipient's language."""
    with use_language(notice.language):
        return _render(notice, service, links)


@singledispatch
def _render(notice: Notice, service: MentorService, links: Links) -> Reply:
    raise TypeError(f"no rendering for {type(notice).__name__}")


@_render.register
def _offer(notice: OfferMade, service: MentorService, links: Links) -> Reply:
    language = notice.language
    title = (
        _("⏰ <b>Reminder: a founder is waiting for your answer</b>")
        if notice.reminder
        else _("🤝 <b>A founder would like a mentor</b>")
    )
    details = _(
        "Name: {name}\nTopic: {topic}\nLanguage: {language}\nWhat they need:\n<i>{need}</i>"
    ).format(
        name=escape(notice.founder_name),
        topic=label(service, notice.topic, language),
        language=language_name(notice.founder_language),
        need=escape(notice.need),
    )
    ask = _(
        "Please answer within {time}. If you accept, I'll share your contact with them; "
        "if you can't, I'll ask another mentor."
    ).format(time=time_left(notice.deadline_at, service.clock()))
    offer = notice.offer_id
    buttons = (
        (
            Button(_("✅ Accept"), data=f"ref:a:{offer}"),
            Button(_("❌ Decline"), data=f"ref:d:{offer}"),
        ),
        (Button(_("🙋 Suggest a colleague"), data=f"ref:s:{offer}"),),
    )
    return Reply(f"{title}\n\n{details}\n\n{ask}", buttons=buttons)


@_render.register
def _offer_closed(notice: OfferClosed, service: MentorService, links: Links) -> Reply:
    topic = label(service, notice.topic, notice.language)
    if notice.expired:
        text = _(
            "The request about “{topic}” has gone to another mentor because the time to "
            "answer ran out. No need to do anything."
        )
    else:
        text = _("The request about “{topic}” was withdrawn. No need to do anything.")
    return Reply(text.format(topic=topic))


@_render.register
def _nobody(notice: NobodyAvailable, service: MentorService, links: Links) -> Reply:
    topic = label(service, notice.topic, notice.language)
    if not notice.team_told:  # no admin is configured: say nothing about a team
        return Reply(
            _(
                "I'm sorry: right now no mentor who speaks your language and knows about "
                "“{topic}” is free. I'll pass your request on as soon as a suitable mentor is "
                "available. Meanwhile, /directory lists organisations that can help."
            ).format(topic=topic)
        )
    return Reply(
        _(
            "I'm sorry: right now no mentor who speaks your language and knows about "
            "“{topic}” is free. I've told the team, and I'll pass your request on as soon as "
            "a suitable mentor is available. Meanwhile, /directory lists organisations that "
            "can help."
        ).format(topic=topic)
    )


@_render.register
def _waiting(notice: ReferralWaiting, service: MentorService, links: Links) -> Reply:
    return Reply(
        _(
            "⏳ A mentor request about “{topic}” (in {language}) is waiting: no approved "
            "mentor who fits is free. Approving or inviting a mentor who covers it will send "
            "it on."
        ).format(
            topic=label(service, notice.topic, notice.language),
            language=language_name(notice.founder_language),
        )
    )


def _conversation_buttons(referral_id: int, partner: str, relay: bool) -> Keyboard:
    end = Button(_("🏁 End the conversation"), data=f"ref:end:{referral_id}")
    if not relay:
        return rows(end)
    write = Button(
        _("✍️ Write to {name}").format(name=partner)[:60], data=f"ref:chat:{referral_id}"
    )
    return rows(write, end)


@_render.register
def _connected(notice: Connected, service: MentorService, links: Links) -> Reply:
    name = escape(notice.partner_name)
    if notice.for_mentor:
        lines = [
            _("🎉 Thank you! You're now connected with {name}.").format(name=name),
            _("Topic: {topic}").format(topic=label(service, notice.topic, notice.language)),
        ]
        if notice.need:
            lines.append(_("What they need:") + f"\n<i>{escape(notice.need)}</i>")
    else:
        lines = [_("🎉 Good news: mentor {name} accepted your request!").format(name=name)]
        if notice.partner_bio:
            lines.append(f"<i>{escape(notice.partner_bio)}</i>")
    if notice.relay:
        lines.append(
            _(
                "One of you has no public username, so I'll pass messages between you: "
                "just write to me here and I'll send your words on (text only). Press "
                "“End the conversation” when you're done."
            )
        )
    else:
        lines.append(
            _("Write to them here: {link}").format(
                link=contact_link(links, notice.partner_username)
            )
        )
        if notice.for_mentor:
            lines.append(_("When you're done, close the referral in /my_referrals."))
    buttons = _conversation_buttons(notice.referral_id, notice.partner_name, notice.relay)
    return Reply("\n\n".join(lines), buttons=buttons)


@_render.register
def _ended(notice: ReferralEnded, service: MentorService, links: Links) -> Reply:
    return Reply(
        _(
            "The conversation with {name} has ended. Thank you! Messages you write here "
            "won't be passed on any more."
        ).format(name=escape(notice.partner_name))
    )


@_render.register
def _fit(notice: FitQuestion, service: MentorService, links: Links) -> Reply:
    scores = tuple(Button(str(n), data=f"ref:fit:{notice.referral_id}:{n}") for n in range(1, 6))
    return Reply(
        _(
            "A few days ago I put you in touch with {name}. Is this pairing a good fit? "
            "(1 = not at all, 5 = a very good fit)"
        ).format(name=escape(notice.partner_name)),
        buttons=(scores,),
    )


@_render.register
def _helped(notice: HelpedQuestion, service: MentorService, links: Links) -> Reply:
    referral = notice.referral_id
    return Reply(
        _(
            "About a month ago I put you in touch with mentor {name}. Did it help you and "
            "your co-op?"
        ).format(name=escape(notice.partner_name)),
        buttons=rows(
            Button(_("Yes, it helped"), data=f"ref:help:{referral}:yes"),
            Button(_("Partly"), data=f"ref:help:{referral}:partly"),
            Button(_("No, it didn't"), data=f"ref:help:{referral}:no"),
            per_row=3,
        ),
    )


@_render.register
def _pending_mentor(notice: MentorPending, service: MentorService, links: Links) -> Reply:
    language = notice.language
    handle = f" ({contact_link(links, notice.username)})" if notice.username else ""
    text = _(
        "🆕 <b>A new mentor is waiting for approval</b>\n\nName: {name}\nLanguages: {languages}"
        "\nTopics: {topics}\nRegion: {region}\nAt most {capacity} founders at a time\n\n"
        "<i>{bio}</i>"
    ).format(
        name=escape(notice.name) + handle,
        languages=", ".join(language_name(code) for code in notice.languages),
        topics=", ".join(label(service, key, language) for key in notice.topics),
        region=label(service, notice.region, language),
        capacity=notice.capacity,
        bio=escape(notice.bio),
    )
    mentor = notice.mentor_id
    buttons = rows(
        Button(_("✅ Approve"), data=f"madm:a:{mentor}"),
        Button(_("❌ Reject"), data=f"madm:r:{mentor}"),
        per_row=2,
    )
    return Reply(text, buttons=buttons)


@_render.register
def _status(notice: MentorStatusChanged, service: MentorService, links: Links) -> Reply:
    if notice.status == "approved":
        text = _(
            "🎉 You're approved as a mentor! I'll send you requests that match your topics. "
            "Use /pause when you need a break and /profile to change your details."
        )
    elif notice.status == "rejected":
        text = _(
            "Thank you for offering to mentor. This time the team didn't approve your "
            "registration; an admin may contact you about it."
        )
    else:
        text = _(
            "You're no longer on the mentor list, so you won't get new requests. Thank you "
            "for your help!"
        )
    return Reply(text)


async def recipient_channel(services: Services, user_id: int) -> Channel | None:
    """The messenger that reaches a user who is not the one being answered (a mentor offered
    a referral, the other side of a relay): that of their identity the messenger routes to;
    None when nothing reaches them."""
    return await services.messenger.channel_of(user_id)


async def recipient_links(services: Services, user_id: int) -> Links:
    """The links to show such a user, in their own messenger's form."""
    channel = await recipient_channel(services, user_id)
    return channel.links if channel is not None else NoLinks()


async def send_to_user(services: Services, user_id: int, reply: Reply) -> Delivery:
    """A message to a user other than the one being answered, fitted to their messenger."""
    channel = await recipient_channel(services, user_id)
    if channel is None:
        return Delivery.BLOCKED
    return await services.messenger.send(user_id, fit_reply(reply, channel.capabilities))


class MessengerNotifier:
    """Sends rendered notices through the services' messenger. ``services`` is called when a
    notice goes out, so the mentor service that sends notices can be built before the
    ``Services`` that hold it (the composition root passes ``lambda: services``)."""

    def __init__(self, services: Callable[[], Services]) -> None:
        self._services = services

    @property
    def services(self) -> Services:
        return self._services()

    async def send(self, notice: Notice) -> Delivery:
        service = self.services.mentors
        links = await recipient_links(self.services, notice.recipient)
        reply = render(notice, service, links)
        delivery = await send_to_user(self.services, notice.recipient, reply)
        if delivery is Delivery.SENT:
            await self._follow_relay(notice)
        return delivery

    async def _follow_relay(self, notice: Notice) -> None:
        """The recipient's free text goes to the relay once connected through it, and stops
        going there when the other side ends it."""
        if isinstance(notice, Connected) and notice.relay:
            await enter_relay(self.services, notice.recipient, notice.referral_id, force=False)
        elif isinstance(notice, ReferralEnded):
            await leave_relay(self.services, notice.recipient, notice.referral_id)


async def enter_relay(services: Services, user_id: int, referral_id: int, *, force: bool) -> bool:
    """Route the user's free text to this referral's relay (not over another flow unless
    ``force``: the user asked for it)."""
    async with services.database.sessions.begin() as session:
        state = await users.get_state(session, user_id)
        if state is not None and state.flow != RELAY_FLOW and not force:
            return False
        if await users.get_user(session, user_id) is None:
            await users.touch_user(session, user_id, services.settings.default_language)
        await users.save_state(session, user_id, RELAY_FLOW, "chat", {"referral": referral_id})
    return True


async def leave_relay(services: Services, user_id: int, referral_id: int) -> None:
    """Stop relaying the user's text for this referral."""
    async with services.database.sessions.begin() as session:
        state = await users.get_state(session, user_id)
        relayed = state.data.get("referral") if state and state.flow == RELAY_FLOW else None
        if relayed == referral_id:
            await users.clear_state(session, user_id)
