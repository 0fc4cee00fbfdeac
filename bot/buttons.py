"""Inline buttons: the callback data Telegram returns is a kind and a random token; the
payload stays in the store, usable only by the user it was issued to.

The kind lets the application route a press with ``CallbackQueryHandler(pattern=...)`` (see
bot/app.py); the token decides what the press means, so a forged or foreign button is
refused whatever its kind says.
"""

from __future__ import annotations

import contextlib
import html
import re

from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.context import BotContext
from bot.texts import text
from staj.store.buttons import resolve_token
from staj.store.models import ButtonToken

# Payload prefixes of the bot's own buttons, longest first, and the kind each is routed by.
# Everything else is a Rasa payload (kind "r").
KINDS = (
    ("bot:inbox:source:", "s"),  # the source of an admin's new entry
    ("bot:inbox:", "i"),  # the inbox of unanswered questions
    ("bot:faq:", "a"),  # an admin's FAQ entry
    ("bot:", "b"),  # the student's account (unlink, reminders)
)
RASA = "r"


def kind_of(payload: str) -> str:
    return next((kind for prefix, kind in KINDS if payload.startswith(prefix)), RASA)


def callback_data(payload: str, token: str) -> str:
    return f"{kind_of(payload)}:{token}"


def pattern(kind: str) -> re.Pattern[str]:
    return re.compile(rf"^{kind}:")


async def pressed(update: Update, context: BotContext) -> ButtonToken | None:
    """The button behind this press, if it was issued to this very user and matches its
    kind; answers the press either way and shows the choice in place of the keyboard."""
    query = update.callback_query
    if query is None:
        return None
    kind, _, token = (query.data or "").partition(":")
    button = await resolve_token(context.services.db.sessions, query.from_user.id, token)
    if button is None or kind_of(button.payload) != kind:
        await query.answer(text("stale_button"), show_alert=True)
        return None
    await query.answer()
    message = query.message
    if isinstance(message, Message) and message.text:
        # The same keyboard cannot be pressed twice: the choice replaces it.
        chosen = html.escape(text("button_chosen", title=button.title), quote=False)
        with contextlib.suppress(TelegramError):
            await query.edit_message_text(
                f"{message.text_html}\n\n<i>{chosen}</i>", parse_mode=ParseMode.HTML
            )
    return button


def chat_of(update: Update) -> int:
    """Where to answer a press: its message's chat (the user's private chat otherwise)."""
    query = update.callback_query
    assert query is not None
    message = query.message
    return message.chat.id if message is not None else query.from_user.id


async def unknown_button(update: Update, context: BotContext) -> None:
    """Data we never issued (or a keyboard from before buttons had kinds)."""
    if update.callback_query is not None:
        await update.callback_query.answer(text("stale_button"), show_alert=True)
