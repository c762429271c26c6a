"""Admins keep the FAQ current from Telegram: add in both languages with a preview, edit a
field, see the history and revert, delete and restore. Founders get changes at once."""

from __future__ import annotations

from bot.db.models.admin import AuditEntry
from tests.admin.conftest import count, faq_state, press_last, say_last
from tests.fake_telegram import FakeUser
from tests.harness import BotHarness
from tests.identities import internal_id

PROMPTPAY_TH = [
    "สหกรณ์รับเงินผ่านพร้อมเพย์ได้ไหม",
    "พร้อมเพย์ใช้กับบัญชีสหกรณ์ได้หรือเปล่า",
    "สหกรณ์เปิดรับโอนพร้อมเพย์ยังไง",
    "ให้สมาชิกจ่ายค่าหุ้นผ่านพร้อมเพย์ได้ไหมครับ",
]
PROMPTPAY_EN = [
    "Can our co-op accept payments with PromptPay?",
    "PromptPay for a cooperative bank account",
    "How do members pay their shares by PromptPay?",
    "Does PromptPay work for co-ops?",
]
ANSWER_TH = "ได้ครับ สหกรณ์ที่จดทะเบียนแล้วผูก <b>พร้อมเพย์</b> กับเลขทะเบียนนิติบุคคลได้"
ANSWER_EN = "Yes: a registered co-op can link <b>PromptPay</b> to its juristic person number."
SOURCE = "https://www.bot.or.th/en/financial-innovation/digital-finance/digital-payment.html"


async def test_non_admin_gets_the_unknown_command_answer_for_every_admin_command_and_no_change(
    bot: BotHarness, english_user: FakeUser
) -> None:
    admin_commands = sorted(
        name for name, spec in bot.conversation.router.commands.items() if spec.admin
    )
    assert {
        "faq_add", "faq_edit", "faq_delete", "faq_show", "faq_history", "faq_export", "admins",
    } <= set(admin_commands)  # fmt: skip
    before = await faq_state(bot)
    for name in admin_commands:
        [answer] = await bot.say(english_user, f"/{name} pdpa")
        assert "don't know that command" in answer.text, name
    [answer] = await bot.say(english_user, f"/admins add {english_user.id}")
    assert "don't know that command" in answer.text
    for forged in ("afaq:save", "aent:dd:pdpa", "aent:v:1", "afile:ok"):
        sent, notice = await bot.press_data(english_user, forged)
        assert sent == [] and "expired" in notice
    update_id = bot.fake.send_document(english_user, "faq.yaml", b"entries: []\n")
    await bot.processed(update_id)
    [hint] = bot.fake.sent_to(english_user.id, len(bot.fake.calls) - 1)
    assert "I can only read text" in hint.text
    assert await faq_state(bot) == before
    user_id = await internal_id(bot, "telegram", english_user.id)
    assert not await bot.conversation.services.is_admin(user_id)
    [help_text] = await bot.say(english_user, "/help")
    assert "/faq_add" not in help_text.text and "/changelog" in help_text.text


async def test_faq_add_in_both_languages_previews_then_saves_and_founders_get_it_without_restart(
    bot: BotHarness, admin: FakeUser, english_user: FakeUser, thai_user: FakeUser
) -> None:
    [before] = await bot.say(english_user, PROMPTPAY_EN[0])
    assert "PromptPay</b> to its juristic" not in before.text

    topics = await say_last(bot, admin, "/faq_add")
    assert "Which topic" in topics.text
    prompt = await press_last(bot, admin, topics, "Law & registration")
    assert "in Thai, one per line (at least 4)" in prompt.text
    prompt = await say_last(bot, admin, "\n".join(PROMPTPAY_TH[:2]))
    assert "needs at least 4 variants" in prompt.text  # refused, asked again
    prompt = await say_last(bot, admin, "\n".join(PROMPTPAY_TH))
    assert "answer in Thai" in prompt.text
    prompt = await say_last(bot, admin, ANSWER_TH)
    assert "in English, one per line" in prompt.text
    prompt = await say_last(bot, admin, "\n".join(PROMPTPAY_EN))
    assert "answer in English" in prompt.text
    prompt = await say_last(bot, admin, ANSWER_EN)
    assert "sources" in prompt.text
    preview = await say_last(bot, admin, SOURCE)

    assert "Preview of the new entry" in preview.text
    assert f"<b>{PROMPTPAY_TH[0]}</b>" in preview.text and ANSWER_TH in preview.text
    assert f"<b>{PROMPTPAY_EN[0]}</b>" in preview.text and ANSWER_EN in preview.text
    assert "⚠️" not in preview.text
    assert preview.button_labels == ["✅ Save", "✏️ Change something", "✖️ Cancel"]
    saved = await press_last(bot, admin, preview, "Save")
    assert "Saved <code>can-our-co-op-accept-payments-with</code>" in saved.text

    [answer] = await bot.say(english_user, "can our coop accept promptpay payments?")
    assert answer.text.startswith(f"❓ <b>{PROMPTPAY_EN[0]}</b>")
    assert ANSWER_EN in answer.text
    [thai_answer] = await bot.say(thai_user, "สหกรณ์รับเงินผ่านพร้อมเพย์ได้ไหมคะ")
    assert ANSWER_TH in thai_answer.text
    [changelog] = await bot.say(thai_user, "/changelog")
    assert PROMPTPAY_TH[0] in changelog.text and "900" not in changelog.text


async def test_faq_edit_shows_in_history_and_revert_restores_the_previous_text_exactly(
    bot: BotHarness, admin: FakeUser, english_user: FakeUser
) -> None:
    original = bot.conversation.services.faq.entry("pdpa")
    menu = await say_last(bot, admin, "/faq_edit pdpa")
    assert "What would you like to change?" in menu.text
    prompt = await press_last(bot, admin, menu, "English answer")
    assert "Now:" in prompt.text and "PDPA" in prompt.text
    new_answer = "The PDPA (2019) protects personal data. <i>Updated by the admins.</i>"
    preview = await say_last(bot, admin, new_answer)
    assert "Preview of the changes to <code>pdpa</code>" in preview.text
    assert new_answer in preview.text
    assert "Changed: English answer" in preview.text
    assert "⚠️ The Thai answer is older than the English one" in preview.text
    saved = await press_last(bot, admin, preview, "Save")
    assert "Saved" in saved.text
    [answer] = await bot.say(english_user, "what is the PDPA?")
    assert new_answer in answer.text

    history = await say_last(bot, admin, "/faq_history pdpa")
    assert "edited (English answer)" in history.text
    assert "by <code>900</code>" in history.text
    [revert_label] = [label for label in history.button_labels if "Revert" in label]
    reverted = await press_last(bot, admin, history, revert_label)
    assert "Reverted <code>pdpa</code>" in reverted.text
    assert bot.conversation.services.faq.entry("pdpa") == original
    [answer] = await bot.say(english_user, "what is the PDPA?")
    assert original.answers["en"] in answer.text
    history = await say_last(bot, admin, "/faq_history pdpa")
    assert "reverted" in history.text


async def test_faq_delete_asks_first_and_the_entry_can_be_restored(
    bot: BotHarness, admin: FakeUser, english_user: FakeUser
) -> None:
    question = "How many members are needed to register a cooperative?"
    confirm = await say_last(bot, admin, "/faq_delete min-members")
    assert "Delete <code>min-members</code>" in confirm.text
    deleted = await press_last(bot, admin, confirm, "Yes, delete")
    assert "Deleted" in deleted.text
    [answer] = await bot.say(english_user, question)
    assert not answer.text.startswith(f"❓ <b>{question}</b>")
    shown = await say_last(bot, admin, "/faq_show min-members")
    assert "deleted" in shown.text
    restored = await press_last(bot, admin, shown, "Restore")
    assert "Restored" in restored.text
    [answer] = await bot.say(english_user, question)
    assert answer.text.startswith(f"❓ <b>{question}</b>")
    assert await count(bot, AuditEntry) == 3  # seed, delete, restore
    audit = await say_last(bot, admin, "/audit")
    assert "<code>900</code> · <code>faq_restore</code> min-members" in audit.text
    assert "<code>faq_delete</code> min-members" in audit.text


async def test_admin_commands_in_a_group_point_to_a_private_chat_and_show_nothing(
    bot: BotHarness, admin: FakeUser, english_user: FakeUser
) -> None:
    await bot.say(english_user, "how many bananas fit in a tuk-tuk")
    [answer] = await bot.say(admin, "/unanswered", group_id=-100123)
    assert "private chat" in answer.text
    assert "bananas" not in answer.text


async def test_a_thai_admin_edits_in_thai(bot: BotHarness, thai_admin: FakeUser) -> None:
    menu = await say_last(bot, thai_admin, "/faq_edit pdpa")
    assert "อยากเปลี่ยนส่วนไหน" in menu.text
    prompt = await press_last(bot, thai_admin, menu, "คำตอบภาษาไทย")
    assert "ส่งคำตอบเป็นภาษาไทย" in prompt.text
    preview = await say_last(bot, thai_admin, "กฎหมายคุ้มครองข้อมูลส่วนบุคคลใช้กับสหกรณ์ด้วยครับ")
    assert "ตัวอย่างการแก้ไข <code>pdpa</code>" in preview.text
    assert "คำตอบภาษาอังกฤษเก่ากว่าคำตอบภาษาไทย" in preview.text
    cancelled = await press_last(bot, thai_admin, preview, "ยกเลิก")
    assert "ไม่มีอะไรเปลี่ยน" in cancelled.text
