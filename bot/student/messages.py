"""A student's typed message: check it, then pass it to Rasa."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.input_guard import check_message
from bot.staff.handoff_relay import relay_from_student
from bot.student import account
from bot.student.conversation import converse
from bot.texts import text
from staj.students.codes import code_in


async def text_message(update: Update, context: BotContext) -> None:
    """Send the student's text to Rasa, or explain why it cannot be sent."""
    message, user, chat = update.effective_message, update.effective_user, update.effective_chat
    if message is None or user is None or chat is None:
        return
    svc = context.services
    code = code_in(message.text or "")
    if code is not None:  # a link code is handled here: never relayed, never sent to Rasa
        await account.link_with_code(svc, context.bot, user.id, chat.id, code)
        return
    handoff = await svc.handoffs.open_for_student(user.id)
    if handoff is not None:  # a counselor holds the conversation: Rasa stays out of it
        await relay_from_student(svc, context.bot, handoff, message, user.first_name)
        return
    verdict = check_message(message.text)
    if verdict.text is None:
        await message.reply_text(text(verdict.reply_key or "empty", **(verdict.values or {})))
        return
    await converse(
        svc, context.bot, user.id, chat.id, verdict.text, user.language_code, user.first_name
    )


async def other_message(update: Update, context: BotContext) -> None:
    """Photos and documents go to a counselor holding the conversation; otherwise (and for
    stickers, voice, empty text) ask for a written question."""
    message, user = update.effective_message, update.effective_user
    if message is None:
        return
    if user is not None and (message.photo or message.document or message.text is not None):
        svc = context.services
        handoff = await svc.handoffs.open_for_student(user.id)
        if handoff is not None and (message.photo or message.document):
            await relay_from_student(svc, context.bot, handoff, message, user.first_name)
            return
    await message.reply_text(text("empty" if message.text is not None else "non_text"))
