"""`stajbot run` in webhook mode: the bot serves Telegram's webhook until Ctrl-C or SIGTERM."""

from __future__ import annotations

import asyncio
import signal

from bot.app import build_application
from bot.webhook import webhook
from staj.config import Settings


async def run_webhook(settings: Settings) -> None:
    assert settings.telegram_bot_token
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for received in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(received, stop.set)
    async with webhook(build_application(settings, settings.telegram_bot_token)):
        await stop.wait()
