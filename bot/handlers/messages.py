"""A student's typed message: check it, then pass it to Rasa."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.bridge import converse
from bot.handlers import account
from bot.input_guard import check_message
from bot.services import services
from bot.texts import text
from staj.students.codes import code_in


async def text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the student's text to Rasa, or explain why it cannot be sent."""
    message, user, chat = update.effective_message, update.effective_user, update.effective_chat
    if message is None or user is None or chat is None:
        return
    code = code_in(message.text or "")
    if code is not None:  # a link code is handled here and never reaches Rasa or its logs
        await account.link_with_code(services(context), context.bot, user.id, chat.id, code)
        return
    verdict = check_message(message.text)
    if verdict.text is None:
        await message.reply_text(text(verdict.reply_key or "empty", **(verdict.values or {})))
        return
    await converse(
        services(context), context.bot, user.id, chat.id, verdict.text, user.language_code
    )


async def other_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Empty text, stickers, photos, voice and files: ask for a written question."""
    message = update.effective_message
    if message is None:
        return
    await message.reply_text(text("empty" if message.text is not None else "non_text"))
