"""Admins see the admin commands in their client's menu: configured ones from start-up,
those added with ``/admins add`` at once and after a restart, and a removed one no more."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tests.admin.conftest import say_last
from tests.fake_telegram import Call, FakeUser
from tests.harness import BotHarness, telegram_admins


def scope_of(call: Call) -> dict[str, Any]:
    scope = call.params.get("scope") or {}
    return json.loads(scope) if isinstance(scope, str) else dict(scope)


def menu_calls(bot: BotHarness, method: str, chat_id: int, since: int = 0) -> list[Call]:
    """``method`` calls whose scope is the private chat with ``chat_id``."""
    return [
        call
        for call in bot.fake.calls[since:]
        if call.method == method and scope_of(call) == {"type": "chat", "chat_id": chat_id}
    ]


def commands_of(call: Call) -> set[str]:
    commands = call.params["commands"]
    if isinstance(commands, str):
        commands = json.loads(commands)
    return {command["command"] for command in commands}


async def test_added_admin_gets_the_admin_menu_at_once_and_after_a_restart_removed_loses_it(
    bot_factory: Callable[..., BotHarness], admin: FakeUser
) -> None:
    bot = bot_factory(admin_ids=telegram_admins(admin.id))
    await bot.start()
    [configured] = menu_calls(bot, "setMyCommands", admin.id)
    assert {"faq_add", "admins", "help"} <= commands_of(configured)

    mark = len(bot.fake.calls)
    reply = await say_last(bot, admin, "/admins add 4243")
    assert "is now an admin" in reply.text
    [added] = menu_calls(bot, "setMyCommands", 4243, mark)
    assert {"faq_add", "admins"} <= commands_of(added)
    await bot.stop()

    mark = len(bot.fake.calls)
    restarted = bot_factory(admin_ids=telegram_admins(admin.id))
    await restarted.start()
    try:
        assert menu_calls(restarted, "setMyCommands", 4243, mark), "stored admin has no menu"
        mark = len(restarted.fake.calls)
        reply = await say_last(restarted, admin, "/admins remove 4243")
        assert "no longer an admin" in reply.text
        assert menu_calls(restarted, "deleteMyCommands", 4243, mark)
        assert not menu_calls(restarted, "setMyCommands", 4243, mark)
    finally:
        await restarted.stop()
