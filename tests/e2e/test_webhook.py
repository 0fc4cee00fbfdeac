"""Webhook mode through the fake Telegram, the real bot, Rasa and the action server: the bot
tells Telegram its address and secret; updates without the secret are refused; a redelivered
update, or a copy reaching a second bot process, is answered once."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import AsyncIterator

import pytest

from bot.app import build_application
from bot.local_telegram import LocalTelegram, free_port
from bot.webhook import webhook
from staj.clock import ManualClock
from staj.config import Settings
from tests.e2e.conftest import Conversation

pytestmark = pytest.mark.e2e


def webhook_settings(settings: Settings) -> Settings:
    port = free_port()
    return dataclasses.replace(
        settings,
        telegram_webhook_url=f"http://127.0.0.1:{port}/telegram",
        telegram_webhook_port=port,
    )


@contextlib.asynccontextmanager
async def bot_on_webhook(
    settings: Settings, telegram: LocalTelegram, clock: ManualClock
) -> AsyncIterator[Settings]:
    own = webhook_settings(settings)
    async with webhook(build_application(own, telegram.token, telegram.base_url, clock=clock)):
        yield own


async def test_updates_arrive_by_webhook_with_the_secret_and_only_once(
    stack,
    settings: Settings,
    clock: ManualClock,  # type: ignore[no-untyped-def]
) -> None:
    telegram = LocalTelegram()
    await telegram.start()
    try:
        async with bot_on_webhook(settings, telegram, clock) as own:
            assert telegram.webhook_url == own.telegram_webhook_url
            assert telegram.webhook_secret == own.webhook_secret
            student = Conversation(telegram, 932_000_001)
            [answer] = await student.say("staj sigortamı kim yapıyor")
            assert "5510" in answer.plain

            # Someone who is not Telegram: no secret, or a wrong one.
            forged = {"update_id": 10_000, "message": {"message_id": 1, "date": 0,
                      "chat": {"id": 932_000_002, "type": "private"},
                      "from": {"id": 932_000_002, "is_bot": False, "first_name": "X"},
                      "text": "merhaba"}}  # fmt: skip
            assert await telegram.deliver(forged, secret="") == 403
            assert await telegram.deliver(forged, secret="yanlis-gizli-anahtar") == 403
            assert await telegram.deliver({"bu": "bir güncelleme değil"}) == 400
            await asyncio.sleep(0.5)
            assert telegram.messages_to(932_000_002) == []

            # Telegram delivers the same update again (no answer in time): handled once.
            before = len(telegram.messages_to(student.user_id))
            update = await telegram.send_text(student.user_id, "staj ücreti ne kadar")
            await telegram.wait_for_messages(student.user_id, 1, after=before)
            assert await telegram.deliver(update) == 200
            await asyncio.sleep(2)
            assert len(telegram.messages_to(student.user_id)) == before + 1
    finally:
        await telegram.stop()


async def test_a_copy_reaching_a_second_bot_process_is_answered_once(
    stack,
    settings: Settings,
    clock: ManualClock,  # type: ignore[no-untyped-def]
) -> None:
    telegram = LocalTelegram()
    await telegram.start()
    try:
        async with bot_on_webhook(settings, telegram, clock) as first, \
                bot_on_webhook(settings, telegram, clock) as second:  # fmt: skip
            # Behind a balancer: each update may reach either process, or both.
            student = Conversation(telegram, 932_000_003)
            telegram.webhook_url = None  # queue it; we deliver by hand below
            update = await telegram.send_text(student.user_id, "staj başvurusu nereden yapılır")
            telegram.updates.clear()
            statuses = await asyncio.gather(
                telegram.deliver(update, url=first.telegram_webhook_url, secret=first.webhook_secret),
                telegram.deliver(update, url=second.telegram_webhook_url, secret=second.webhook_secret),
            )  # fmt: skip
            assert statuses == [200, 200]
            await telegram.wait_for_messages(student.user_id, 1)
            await asyncio.sleep(2)
            assert len(telegram.messages_to(student.user_id)) == 1
    finally:
        await telegram.stop()
