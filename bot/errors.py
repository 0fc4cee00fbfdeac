"""Last line of defence: log the failure (without message text) and apologise."""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.error import TelegramError

from bot.context import BotContext
from bot.texts import text

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    """Keep the bot running; tell the student something went wrong."""
    log.error("Error while handling an update: %r", context.error, exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat:
        with contextlib.suppress(TelegramError):
            await context.bot.send_message(update.effective_chat.id, text("unavailable"))
