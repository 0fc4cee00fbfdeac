"""The counselors' group and staff commands.

In the group: counselors answer a handoff by writing in its forum topic (or replying to its
message); /al takes it, /kapat closes it, /devret hands the student back to the assistant,
/danisman_grubu registers the group. In private: /bitir (a student ends their handoff) and
/yetki_ver (an admin grants a role). Every staff command checks the role and refuses
politely, revealing nothing.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date, timedelta

from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot import handoff as handoff_flow
from bot.formatting import to_html
from bot.services import BotServices, services
from bot.texts import text
from staj.clock import LOCAL
from staj.faq.loader import load_knowledge_base
from staj.faq.model import NATIONAL
from staj.institutions import institution_codes, short_name
from staj.services import statistics
from staj.services.handoffs import NotOpen
from staj.staff.report import report
from staj.staff.stats import chart_png
from staj.staff.texts import text as staff_text
from staj.store import staff as staff_store
from staj.store.models import Handoff
from staj.text.dates import DateError, parse_date

log = logging.getLogger(__name__)

ROLE_WORDS = {
    "admin": staff_store.ADMIN,
    "yonetici": staff_store.ADMIN,
    "danisman": staff_store.COUNSELOR,
}


async def _handoff_of(svc: BotServices, message: Message) -> Handoff | None:
    thread_id = message.message_thread_id if message.is_topic_message else None
    reply = message.reply_to_message
    return await svc.handoffs.in_group(
        message.chat_id, thread_id, reply.message_id if reply else None
    )


async def group_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A counselor writes in a handoff's topic (or replies to it): it goes to the student."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or user.is_bot:
        return
    svc = services(context)
    handoff = await _handoff_of(svc, message)
    if handoff is None:
        return  # the group's own conversation
    member = await svc.handoffs.acting_counselor(user.id, message.chat_id, handoff)
    if member is None:
        return  # only counselors speak for the career office
    await handoff_flow.relay_from_counselor(svc, context.bot, handoff, member, message)


async def _group_command_target(
    update: Update, context: ContextTypes.DEFAULT_TYPE
) -> tuple[BotServices, Handoff, staff_store.Staff] | None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return None
    svc = services(context)
    handoff = await _handoff_of(svc, message)
    member = await svc.handoffs.acting_counselor(user.id, message.chat_id, handoff)
    if member is None:
        await message.reply_text(text("staff.refused"))
        return None
    if handoff is None:
        await message.reply_text(text("group.not_a_handoff"))
        return None
    return svc, handoff, member


async def _reply(update: Update, body: str) -> None:
    if update.effective_message is not None:
        await update.effective_message.reply_text(body)


async def take_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    target = await _group_command_target(update, context)
    if target:
        svc, handoff, member = target
        if await handoff_flow.take(svc, context.bot, handoff, member) is None:
            await _reply(update, text("group.not_a_handoff"))


async def close_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    target = await _group_command_target(update, context)
    if target:
        svc, handoff, member = target
        if not await handoff_flow.close(
            svc, context.bot, handoff, "closed", by=member.display_name
        ):
            await _reply(update, text("group.not_a_handoff"))


async def hand_back_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    target = await _group_command_target(update, context)
    if target:
        svc, handoff, member = target
        if not await handoff_flow.close(
            svc, context.bot, handoff, "handed_back", by=member.display_name
        ):
            await _reply(update, text("group.not_a_handoff"))


async def register_group_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/danisman_grubu [üniversite]: this group receives the university's handoffs."""
    message, user, chat = update.effective_message, update.effective_user, update.effective_chat
    if message is None or user is None or chat is None:
        return
    svc = services(context)
    member = await staff_store.get_staff(svc.db.sessions, user.id)
    if member is None:
        await message.reply_text(text("staff.refused"))
        return
    wanted = (context.args[0].lower() if context.args else None) or member.institution
    if wanted is None or (wanted not in institution_codes() and wanted != NATIONAL):
        await message.reply_text(text("group.register_which"))
        return
    if not member.is_admin and wanted != member.institution:
        await message.reply_text(text("staff.refused"))
        return
    await staff_store.register_group(
        svc.db.sessions, wanted, chat.id, bool(chat.is_forum), f"telegram:{member.display_name}"
    )
    topics = text("group.registered_topics" if chat.is_forum else "group.registered_replies")
    await message.reply_text(
        text("group.registered", institution=short_name(wanted), topics=topics)
    )


async def end_handoff_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/bitir: the student ends their request or conversation with a counselor."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    outcome = await services(context).handoffs.close_for_student(user.id)
    if isinstance(outcome, NotOpen):
        await message.reply_text(text("handoff.nothing_to_end"))
        return
    await handoff_flow.announce_closed(context.bot, outcome)


async def grant_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/yetki_ver <telegram_id> <admin|danisman> [üniversite] [ad]: admins only."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    svc = services(context)
    member = await staff_store.get_staff(svc.db.sessions, user.id)
    if member is None or not member.is_admin:
        await message.reply_text(text("staff.refused"))
        return
    args = list(context.args or [])
    role = ROLE_WORDS.get(args[1].lower()) if len(args) >= 2 else None
    institution = args[2].lower() if len(args) >= 3 else None
    if len(args) < 2 or not args[0].isdigit() or role is None:
        await message.reply_text(text("staff.grant_usage"))
        return
    if role == staff_store.COUNSELOR and institution not in institution_codes():
        await message.reply_text(text("staff.grant_usage"))
        return
    name = " ".join(args[3:]) or f"Personel {args[0]}"
    await staff_store.add_staff(
        svc.db.sessions,
        int(args[0]),
        role,
        name,
        institution,
        [],
        f"telegram:{member.display_name}",
    )
    role_name = text("staff.role_admin" if role == staff_store.ADMIN else "staff.role_counselor")
    where = f" ({short_name(institution)})" if institution else ""
    await message.reply_text(text("staff.granted", id=args[0], role=role_name, institution=where))


async def handoff_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    try:
        await handoff_flow.maintain(services(context), context.bot)
    except Exception:  # a failed pass must not stop the next ones
        log.exception("Handoff maintenance pass failed")


def stats_period(args: list[str], today: date) -> tuple[date, date] | None:
    """`/istatistik` (30 days), `/istatistik 7`, `/istatistik 01.06.2027 30.06.2027`."""
    if not args:
        return today - timedelta(days=29), today
    if len(args) == 1 and args[0].isdigit() and 1 <= int(args[0]) <= 366:
        return today - timedelta(days=int(args[0]) - 1), today
    if len(args) == 2:
        try:
            first, last = (parse_date(a, today) for a in args)
        except DateError:
            return None
        if first and last and first <= last and (last - first).days < 366:
            return first, last
    return None


async def stats_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/istatistik: usage figures for a period with a chart (admins only)."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    svc = services(context)
    member = await staff_store.get_staff(svc.db.sessions, user.id)
    if member is None or not member.is_admin:
        await message.reply_text(text("staff.refused"))
        return
    today = svc.clock.now().astimezone(LOCAL).date()
    period = stats_period(list(context.args or []), today)
    if period is None:
        await message.reply_text(staff_text("stats.usage"))
        return
    figures = await statistics.compute(svc.db.sessions, *period)
    await message.reply_text(
        to_html(report(figures, load_knowledge_base())), parse_mode=ParseMode.HTML
    )
    png = await asyncio.to_thread(chart_png, figures)
    await message.reply_photo(png, filename="istatistik.png")
