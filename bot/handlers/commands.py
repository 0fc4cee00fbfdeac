"""/start, /yardim (/help) and /universite, and a polite answer to unknown commands."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.bridge import converse
from bot.formatting import to_html
from bot.services import services
from bot.texts import text


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet a student who opens the bot."""
    if update.effective_message:
        await update.effective_message.reply_text(to_html(text("start")), parse_mode=ParseMode.HTML)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain what the assistant can do."""
    if update.effective_message:
        await update.effective_message.reply_text(to_html(text("help")), parse_mode=ParseMode.HTML)


async def choose_institution(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ask Rasa to let the student pick their university (with buttons)."""
    user, chat = update.effective_user, update.effective_chat
    if user and chat:
        await converse(
            services(context),
            context.bot,
            user.id,
            chat.id,
            "/choose_institution",
            user.language_code,
        )


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command we do not have: say so instead of passing it on to Rasa."""
    if update.effective_message:
        await update.effective_message.reply_text(text("unknown_command"))
