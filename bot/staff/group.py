"""The counselors' group: counselors answer a handoff by writing in its forum topic (or
replying to its message); /al takes it, /kapat closes it, /devret hands the student back to
the assistant, /danisman_grubu registers the group. Only the university's counselors (and
admins) act; anyone else is refused politely and learns nothing."""

from __future__ import annotations

import logging

from telegram import Message, Update

from bot.context import BotContext, BotServices
from bot.roles import staff_members
from bot.staff import handoff_relay
from bot.texts import text
from staj.faq.model import NATIONAL
from staj.institutions import institution_codes, short_name
from staj.store import staff as staff_store
from staj.store.models import Handoff
from staj.store.staff import Staff

log = logging.getLogger(__name__)


async def _handoff_of(svc: BotServices, message: Message) -> Handoff | None:
    thread_id = message.message_thread_id if message.is_topic_message else None
    reply = message.reply_to_message
    return await svc.handoffs.in_group(
        message.chat_id, thread_id, reply.message_id if reply else None
    )


async def group_message(update: Update, context: BotContext) -> None:
    """A counselor writes in a handoff's topic (or replies to it): it goes to the student."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or user.is_bot:
        return
    svc = context.services
    handoff = await _handoff_of(svc, message)
    if handoff is None:
        return  # the group's own conversation
    member = await svc.handoffs.acting_counselor(user.id, message.chat_id, handoff)
    if member is None:
        return  # only counselors speak for the career office
    await handoff_relay.relay_from_counselor(svc, context.bot, handoff, member, message)


async def _target(update: Update, context: BotContext) -> tuple[Handoff, Staff] | None:
    """The handoff a group command is about, and the counselor who may act on it."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return None
    svc = context.services
    handoff = await _handoff_of(svc, message)
    member = await svc.handoffs.acting_counselor(user.id, message.chat_id, handoff)
    if member is None:
        await message.reply_text(text("staff.refused"))
        return None
    if handoff is None:
        await message.reply_text(text("group.not_a_handoff"))
        return None
    return handoff, member


async def _ended_meanwhile(update: Update) -> None:
    if update.effective_message is not None:
        await update.effective_message.reply_text(text("group.not_a_handoff"))


async def take_command(update: Update, context: BotContext) -> None:
    """/al: this counselor holds the conversation from now on."""
    target = await _target(update, context)
    if target:
        handoff, member = target
        if await handoff_relay.take(context.services, context.bot, handoff, member) is None:
            await _ended_meanwhile(update)


async def _close(update: Update, context: BotContext, reason: str) -> None:
    target = await _target(update, context)
    if target:
        handoff, member = target
        closed = await handoff_relay.close(
            context.services, context.bot, handoff, reason, by=member.display_name
        )
        if not closed:
            await _ended_meanwhile(update)


async def close_command(update: Update, context: BotContext) -> None:
    """/kapat: the conversation is over."""
    await _close(update, context, "closed")


async def hand_back_command(update: Update, context: BotContext) -> None:
    """/devret: the assistant answers the student again."""
    await _close(update, context, "handed_back")


@staff_members
async def register_group_command(update: Update, context: BotContext, member: Staff) -> None:
    """/danisman_grubu [üniversite]: this group receives the university's handoffs. Only an
    admin registers a group (so it is one the bot sees staff in); a counselor is told to ask."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    if not member.is_admin:
        # Where students' requests (and record cards) go is an admin's decision.
        await message.reply_text(text("group.register_needs_admin"))
        return
    wanted = (context.args[0].lower() if context.args else None) or member.institution
    if wanted is None or (wanted not in institution_codes() and wanted != NATIONAL):
        await message.reply_text(text("group.register_which"))
        return
    await staff_store.register_group(
        context.services.db.sessions,
        wanted,
        chat.id,
        bool(chat.is_forum),
        f"telegram:{member.display_name}",
    )
    topics = text("group.registered_topics" if chat.is_forum else "group.registered_replies")
    await message.reply_text(
        text("group.registered", institution=short_name(wanted), topics=topics)
    )


async def group_migrated(update: Update, context: BotContext) -> None:
    """The group became a supergroup (new chat id): its handoffs follow it."""
    message = update.effective_message
    if message is not None and message.migrate_to_chat_id is not None:
        await context.services.handoffs.moved(message.chat_id, message.migrate_to_chat_id)
        log.info("A counselors' group moved to a new chat id")


async def handoff_job(context: BotContext) -> None:
    """Re-announce requests nobody took; close conversations left idle (in the one bot
    process that holds the lease)."""
    try:
        if not await context.services.handoff_lease.take():
            return
        await handoff_relay.maintain(context.services, context.bot)
    except Exception:  # a failed pass must not stop the next ones
        log.exception("Handoff maintenance pass failed")
