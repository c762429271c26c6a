"""The foundation through the real Application and the fake Bot API: language, commands,
polite answers to what the bot can't handle, and errors that don't stop the bot."""

from __future__ import annotations

from tests.fake_telegram import FakeUser
from tests.harness import BotHarness


async def test_first_contact_with_thai_language_code_gets_thai(
    bot: BotHarness, thai_user: FakeUser
) -> None:
    [welcome] = await bot.say(thai_user, "/start")
    assert "สหกรณ์แพลตฟอร์ม" in welcome.text
    assert welcome.params["parse_mode"] == "HTML"
    assert welcome.button_labels == ["ภาษาไทย 🇹🇭", "English 🇬🇧"]


async def test_first_contact_in_english_gets_english(bot: BotHarness, english_user: FakeUser):
    [welcome] = await bot.say(english_user, "/start")
    assert "platform cooperative" in welcome.text


async def test_language_choice_persists_across_restart(bot: BotHarness, thai_user: FakeUser):
    [menu] = await bot.say(thai_user, "/language")
    [confirmation], _notice = await bot.press(thai_user, menu, "English")
    assert confirmation.method == "editMessageText"
    assert "English" in confirmation.text
    await bot.restart()
    [help_text] = await bot.say(thai_user, "/help")
    assert "Type a question" in help_text.text
    assert "/language" in help_text.text


async def test_unknown_command_gets_a_polite_answer(bot: BotHarness, english_user: FakeUser):
    [answer] = await bot.say(english_user, "/frobnicate")
    assert "don't know that command" in answer.text


async def test_sticker_gets_a_hint_to_type(bot: BotHarness, thai_user: FakeUser) -> None:
    update_id = bot.fake.send_media(thai_user, "sticker")
    await bot.processed(update_id)
    [answer] = bot.fake.sent_to(thai_user.id)
    assert "ข้อความ" in answer.text


async def test_forged_button_gets_a_notice_and_changes_nothing(
    bot: BotHarness, english_user: FakeUser
) -> None:
    await bot.say(english_user, "/start")
    sent, notice = await bot.press_data(english_user, "\x00garbage:\xff" * 3)
    assert sent == []
    assert "expired" in notice


async def test_failing_handler_apologises_and_bot_keeps_serving(
    bot: BotHarness, english_user: FakeUser
) -> None:
    async def explode(_turn: object) -> None:
        raise RuntimeError("boom")

    router = bot.conversation.router
    original = router.commands["help"]
    router.commands["help"] = type(original)("help", explode, original.description)
    [apology] = await bot.say(english_user, "/help")
    assert "something went wrong" in apology.text
    router.commands["help"] = original
    [help_text] = await bot.say(english_user, "/help")
    assert "/start" in help_text.text


async def test_command_menu_is_registered_per_language(bot: BotHarness) -> None:
    menus = {
        c.params.get("language_code"): c.params["commands"]
        for c in bot.fake.calls
        if c.method == "setMyCommands"
    }
    assert {"th", "en"} <= set(menus)
    thai = {c["command"]: c["description"] for c in menus["th"]}
    english = {c["command"]: c["description"] for c in menus["en"]}
    assert thai["language"] == "เลือกภาษาไทยหรืออังกฤษ"
    assert english["language"] == "Choose Thai or English"
