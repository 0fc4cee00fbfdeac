"""Student ↔ Rasa: send a message with its metadata, then render Rasa's replies."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.constants import ChatAction, ParseMode
from telegram.error import TelegramError

from bot.formatting import split_text, to_html
from bot.handoff import request_handoff
from bot.services import BotServices
from bot.texts import text
from staj.dialogue.rasa_client import RasaReply, RasaUnavailable
from staj.dialogue.replies import group_replies
from staj.store import buttons as button_store
from staj.store import preferences, usage

log = logging.getLogger(__name__)

TYPING_REFRESH_SECONDS = 4.0
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


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
    async with services.lock_for(user_id):
        await usage.log_message(services.db.sessions, user_id, services.clock.now())
        metadata = await message_metadata(services, user_id, chat_id, language)
        try:
            async with typing_shown(bot, chat_id):
                replies = await services.rasa.send(str(user_id), message, metadata)
        except RasaUnavailable as exc:
            # The message text is personal data: log only what failed.
            log.error("Rasa unavailable for a student message: %s", exc)
            await bot.send_message(chat_id, text("unavailable"))
            return
        await deliver(services, bot, user_id, chat_id, replies, first_name)


async def keyboard_for(
    services: BotServices, user_id: int, buttons: list[dict[str, Any]]
) -> InlineKeyboardMarkup | None:
    pairs = [
        (str(b.get("title", "")).strip()[:120], str(b.get("payload", "")))
        for b in buttons
        if b.get("title") and b.get("payload")
    ]
    if not pairs:
        return None
    tokens = await button_store.issue_tokens(services.db.sessions, user_id, pairs)
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(title, callback_data=token)]
            for (title, _), token in zip(pairs, tokens, strict=True)
        ]
    )


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
            await request_handoff(services, bot, user_id, chat_id, first_name)
            continue
        if reply.get("image"):
            await bot.send_photo(chat_id, photo=str(reply["image"]), caption=None)
        body = str(reply.get("text") or "")
        chunks = split_text(body)
        markup = await keyboard_for(services, user_id, reply.get("buttons") or [])
        if not chunks and markup is not None:
            chunks = ["👇"]
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            await bot.send_message(
                chat_id,
                to_html(chunk),
                parse_mode=ParseMode.HTML,
                reply_markup=markup if last else None,
                link_preview_options=NO_PREVIEW,
            )
