"""/start, /yardim (/help), the commands that start a Rasa conversation, /bitir (end a
conversation with a counselor), and a polite answer to unknown commands."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ParseMode

from bot.context import BotContext
from bot.formatting import to_html
from bot.sending import say
from bot.staff.handoff_relay import announce_closed
from bot.student import account, privacy
from bot.student.conversation import converse
from bot.texts import text
from staj.services.handoffs import NotOpen
from staj.students.codes import code_in

# Menu commands that start a conversation in Rasa: each is sent as its intent's payload.
RASA_COMMANDS = {
    "universite": "/choose_institution",
    "basvurabilir_miyim": "/check_eligibility",
    "tarih": "/ask_end_date",
    "kontrol_listesi": "/checklist_start",
    "durum": "/ask_application_status",
    "danisman": "/ask_human",
}


async def start(update: Update, context: BotContext) -> None:
    """Greet a student who opens the bot; a t.me/<bot>?start=<code> link also links them."""
    user, chat = update.effective_user, update.effective_chat
    code = code_in(context.args[0]) if context.args else None
    if code and user and chat:
        await account.link_with_code(context.services, context.bot, user.id, chat.id, code)
        await say(context.bot, chat.id, privacy.notice(context.services))
        return
    if update.effective_message:
        await update.effective_message.reply_text(to_html(text("start")), parse_mode=ParseMode.HTML)
        # KVKK: before the first question, what is kept, why, who sees it, and the rights.
        await update.effective_message.reply_text(
            to_html(privacy.notice(context.services)), parse_mode=ParseMode.HTML
        )


async def help_command(update: Update, context: BotContext) -> None:
    """Explain what the assistant can do."""
    if update.effective_message:
        await update.effective_message.reply_text(to_html(text("help")), parse_mode=ParseMode.HTML)


async def rasa_command(update: Update, context: BotContext) -> None:
    """Start the Rasa conversation behind a menu command (university, checklist, ...)."""
    user, chat, message = update.effective_user, update.effective_chat, update.effective_message
    if not (user and chat and message and message.text):
        return
    command = message.text.split()[0].lstrip("/").split("@")[0].lower()
    payload = RASA_COMMANDS.get(command)
    if payload:
        await converse(
            context.services,
            context.bot,
            user.id,
            chat.id,
            payload,
            user.language_code,
            user.first_name,
        )


async def unknown_command(update: Update, context: BotContext) -> None:
    """A command we do not have: say so instead of passing it on to Rasa."""
    if update.effective_message:
        await update.effective_message.reply_text(text("unknown_command"))


async def end_handoff_command(update: Update, context: BotContext) -> None:
    """/bitir: the student ends their request or conversation with a counselor."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    outcome = await context.services.handoffs.close_for_student(user.id)
    if isinstance(outcome, NotOpen):
        await message.reply_text(text("handoff.nothing_to_end"))
        return
    await announce_closed(context.services, context.bot, outcome)
