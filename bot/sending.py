"""Sending to Telegram: one way to say something (HTML from our light markup), and inline
keyboards whose buttons carry only a server-side token (see bot/buttons.py)."""

from __future__ import annotations

from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Message
from telegram.constants import ParseMode

from bot.buttons import callback_data
from bot.context import BotServices
from bot.formatting import to_html
from staj.store import buttons as button_store

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


async def say(
    bot: Bot,
    chat_id: int,
    body: str,
    markup: InlineKeyboardMarkup | None = None,
    thread_id: int | None = None,
    reply_to: int | None = None,
) -> Message:
    return await bot.send_message(
        chat_id,
        to_html(body),
        parse_mode=ParseMode.HTML,
        reply_markup=markup,
        message_thread_id=thread_id,
        reply_to_message_id=reply_to,
        link_preview_options=NO_PREVIEW,
    )


async def keyboard(
    services: BotServices, user_id: int, buttons: list[dict[str, Any]]
) -> InlineKeyboardMarkup | None:
    """One button per row; each payload stays in the store behind a token only ``user_id``
    can use."""
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
            [InlineKeyboardButton(title, callback_data=callback_data(payload, token))]
            for (title, payload), token in zip(pairs, tokens, strict=True)
        ]
    )


async def say_with_buttons(
    services: BotServices,
    bot: Bot,
    chat_id: int,
    user_id: int,
    body: str,
    buttons: list[dict[str, Any]],
) -> Message:
    return await say(bot, chat_id, body, await keyboard(services, user_id, buttons))
