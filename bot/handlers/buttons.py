"""Inline button presses: look the token up, then send its payload to Rasa."""

from __future__ import annotations

import contextlib
import html

from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.bridge import converse
from bot.handlers import account, admin_faq
from bot.services import services
from bot.texts import text
from staj.store.buttons import resolve_token

# Payloads the bot handles itself; everything else goes to Rasa.
BOT_PAYLOAD_PREFIX = "bot:"


async def button_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Resolve the pressed button; refuse data we did not issue to this very student."""
    query = update.callback_query
    if query is None:
        return
    user = query.from_user
    svc = services(context)
    button = await resolve_token(svc.db.sessions, user.id, query.data or "")
    if button is None:
        await query.answer(text("stale_button"), show_alert=True)
        return
    await query.answer()
    message = query.message
    if isinstance(message, Message) and message.text:
        # Show the choice in place of the keyboard, so the same buttons cannot be pressed twice.
        chosen = html.escape(text("button_chosen", title=button.title), quote=False)
        with contextlib.suppress(TelegramError):
            await query.edit_message_text(
                f"{message.text_html}\n\n<i>{chosen}</i>", parse_mode=ParseMode.HTML
            )
    chat_id = message.chat.id if message else user.id
    if button.payload.startswith(admin_faq.PREFIX):
        await admin_faq.faq_button(
            svc,
            context.bot,
            user.id,
            chat_id,
            button.payload,
            context.user_data if context.user_data is not None else {},
        )
        return
    if button.payload.startswith(admin_faq.INBOX_PREFIX):
        await admin_faq.inbox_button(
            svc,
            context.bot,
            user.id,
            chat_id,
            button.payload,
            context.user_data if context.user_data is not None else {},
        )
        return
    if button.payload.startswith(BOT_PAYLOAD_PREFIX):
        await account.bot_button(svc, context.bot, user.id, chat_id, button.payload)
        return
    await converse(
        svc, context.bot, user.id, chat_id, button.payload, user.language_code, user.first_name
    )
