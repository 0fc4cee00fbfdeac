"""Student ↔ Rasa: send a message with its metadata, then render Rasa's replies; a press
on a Rasa button is sent as its payload."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from telegram import Bot, Update
from telegram.constants import ChatAction
from telegram.error import TelegramError

from bot.buttons import chat_of, pressed
from bot.context import BotContext, BotServices
from bot.formatting import split_text
from bot.sending import keyboard, say
from bot.staff.handoff_relay import offer_handoff
from bot.texts import text
from staj.dialogue.rasa_client import RasaReply, RasaUnavailable
from staj.dialogue.replies import group_replies
from staj.store import preferences, usage

log = logging.getLogger(__name__)

TYPING_REFRESH_SECONDS = 4.0


@contextlib.asynccontextmanager
async def typing_shown(bot: Bot, chat_id: int) -> AsyncIterator[None]:
    """Show "typing…" until the block ends (Telegram clears it after ~5 s, so refresh)."""

    async def keep_typing() -> None:
        while True:
            with contextlib.suppress(TelegramError):
                await bot.send_chat_action(chat_id, ChatAction.TYPING)
            await asyncio.sleep(TYPING_REFRESH_SECONDS)

    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def message_metadata(
    services: BotServices, user_id: int, chat_id: int, language: str | None
) -> dict[str, Any]:
    return {
        "chat_id": chat_id,
        "language": language,
        "institution": await preferences.get_institution(services.db.sessions, user_id),
    }


async def converse(
    services: BotServices,
    bot: Bot,
    user_id: int,
    chat_id: int,
    message: str,
    language: str | None,
    first_name: str = "",
) -> None:
    """Send ``message`` to Rasa as the student ``user_id`` and deliver the replies."""
    # One student's updates are handled one at a time, in order (bot/ordering.py).
    try:  # statistics and the chosen university: a busy store must not cost the answer
        await usage.log_message(services.db.sessions, user_id, services.clock.now())
        metadata = await message_metadata(services, user_id, chat_id, language)
    except Exception as exc:  # a locked or unreachable store, whatever the driver calls it
        log.warning("The store could not be read or written for a message: %s", type(exc).__name__)
        metadata = {"chat_id": chat_id, "language": language, "institution": None}
    try:
        async with typing_shown(bot, chat_id):
            replies = await services.rasa.send(str(user_id), message, metadata)
    except RasaUnavailable as exc:
        # The message text is personal data: log only what failed.
        log.error("Rasa unavailable for a student message: %s", exc)
        await bot.send_message(chat_id, text("unavailable"))
        return
    await deliver(services, bot, user_id, chat_id, replies, first_name)


async def deliver(
    services: BotServices,
    bot: Bot,
    user_id: int,
    chat_id: int,
    replies: list[RasaReply],
    first_name: str = "",
) -> None:
    """Render Rasa replies: text (split to fit), buttons as an inline keyboard, images; a
    custom `handoff` reply hands the student over to a counselor."""
    for reply in group_replies(replies):
        custom = reply.get("custom")
        if isinstance(custom, dict) and custom.get("handoff"):
            await offer_handoff(services, bot, user_id, chat_id)
            continue
        if reply.get("image"):
            await bot.send_photo(chat_id, photo=str(reply["image"]), caption=None)
        body = str(reply.get("text") or "")
        chunks = split_text(body)
        markup = await keyboard(services, user_id, reply.get("buttons") or [])
        if not chunks and markup is not None:
            chunks = ["👇"]
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            await say(bot, chat_id, chunk, markup if last else None)


async def rasa_button(update: Update, context: BotContext) -> None:
    """A press on a button Rasa offered: its payload goes to Rasa as the student's turn."""
    button = await pressed(update, context)
    user = update.effective_user
    if button is None or user is None:
        return
    if await context.services.handoffs.open_for_student(user.id) is not None:
        # An older answer's button, pressed while a counselor holds the conversation.
        await say(context.bot, chat_of(update), text("handoff.button_during_handoff"))
        return
    await converse(
        context.services, context.bot, user.id, chat_of(update), button.payload,
        user.language_code, user.first_name,
    )  # fmt: skip
