"""A student's data under KVKK: the notice (/gizlilik, and after the welcome at /start), and
their rights (art. 11): /verilerim shows what is held about their Telegram account,
/verilerimi_sil erases it after a confirmation."""

from __future__ import annotations

from telegram import Bot, Update

from bot.context import BotContext, BotServices
from bot.sending import keyboard, say
from bot.staff.handoff_relay import announce_closed
from bot.texts import text
from staj.institutions import short_name
from staj.services.personal_data import Held

ERASE_YES, ERASE_NO = "bot:erase:yes", "bot:erase:no"


def notice(svc: BotServices) -> str:
    """The privacy notice (aydınlatma): who is responsible, what is kept and why, who sees
    it, and the student's rights."""
    settings = svc.settings
    return text(
        "privacy.notice",
        controller=settings.data_controller,
        days=f"{settings.conversation_retention_days:g}",
    )


async def notice_command(update: Update, context: BotContext) -> None:
    """/gizlilik: the privacy notice, any time."""
    if update.effective_chat is not None:
        await say(context.bot, update.effective_chat.id, notice(context.services))


def held_text(held: Held, retention_days: float) -> str:
    data = held.store
    lines = [text("privacy.held_title")]
    if data.linked_to:
        institution, number = data.linked_to
        reminders = text("privacy.reminders_on" if data.reminders_enabled else "privacy.reminders_off")  # fmt: skip
        lines.append(text("privacy.linked", institution=short_name(institution), number=number,
                          reminders=reminders))  # fmt: skip
    if data.institution:
        lines.append(text("privacy.institution", institution=short_name(data.institution)))
    if data.checklist_steps_done:
        lines.append(text("privacy.checklist", steps=data.checklist_steps_done))
    if data.handoffs:
        lines.append(text("privacy.handoffs", count=data.handoffs, open=data.handoffs_open))
        lines += [text("privacy.handoff_message", text=m[:200]) for m in data.handoff_messages]
    if held.conversation_events:
        lines.append(text("privacy.conversation", days=f"{retention_days:g}"))
    if data.logged_messages or data.logged_questions:
        lines.append(text("privacy.statistics", messages=data.logged_messages,
                          questions=data.logged_questions))  # fmt: skip
    if data.button_tokens:
        lines.append(text("privacy.buttons", count=data.button_tokens))
    if data.link_attempts:
        lines.append(text("privacy.link_attempts", count=data.link_attempts))
    lines.append(text("privacy.held_footer"))
    return "\n".join(lines)


async def my_data_command(update: Update, context: BotContext) -> None:
    """/verilerim: everything held about this Telegram account."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    svc = context.services
    held = await svc.personal_data.held(user.id)
    if not held.anything:
        await say(context.bot, chat.id, text("privacy.nothing_held"))
        return
    await say(context.bot, chat.id, held_text(held, svc.settings.conversation_retention_days))


async def erase_command(update: Update, context: BotContext) -> None:
    """/verilerimi_sil: ask before erasing."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    markup = await keyboard(
        context.services,
        user.id,
        [
            {"title": text("privacy.button_erase"), "payload": ERASE_YES},
            {"title": text("privacy.button_keep"), "payload": ERASE_NO},
        ],
    )
    await say(context.bot, chat.id, text("privacy.erase_confirm"), markup)


async def erase_answered(svc: BotServices, bot: Bot, user_id: int, chat_id: int, payload: str) -> None:  # fmt: skip
    if payload == ERASE_NO:
        await say(bot, chat_id, text("privacy.kept"))
        return
    erased = await svc.personal_data.erase(user_id)
    if erased.closed is not None:
        await announce_closed(svc, bot, erased.closed)
    await say(bot, chat_id, text("privacy.erased"))
