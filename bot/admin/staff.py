"""Admins manage the office from Telegram: /yetki_ver grants a role, /istatistik shows
usage figures for a period with a chart."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

from telegram import Update
from telegram.constants import ParseMode

from bot.context import BotContext
from bot.formatting import to_html
from bot.roles import admins_only
from bot.texts import text
from staj.clock import LOCAL
from staj.faq.loader import load_knowledge_base
from staj.institutions import institution_codes, short_name
from staj.services import statistics
from staj.staff.report import report
from staj.staff.stats import chart_png
from staj.staff.texts import text as staff_text
from staj.store import staff as staff_store
from staj.store.staff import Staff
from staj.text.dates import DateError, parse_date

ROLE_WORDS = {
    "admin": staff_store.ADMIN,
    "yonetici": staff_store.ADMIN,
    "danisman": staff_store.COUNSELOR,
}


@admins_only
async def grant_command(update: Update, context: BotContext, member: Staff) -> None:
    """/yetki_ver <telegram_id> <admin|danisman> [üniversite] [ad]."""
    message = update.effective_message
    if message is None:
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
        context.services.db.sessions,
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


@admins_only
async def stats_command(update: Update, context: BotContext, member: Staff) -> None:
    """/istatistik: usage figures for a period with a chart."""
    message = update.effective_message
    if message is None:
        return
    svc = context.services
    today = svc.clock.now().astimezone(LOCAL).date()
    period = stats_period(list(context.args or []), today)
    if period is None:
        await message.reply_text(staff_text("stats.usage"))
        return
    figures = await statistics.compute(svc.db.sessions, *period)
    kb = await asyncio.to_thread(load_knowledge_base, svc.settings.faq_dir)
    await message.reply_text(to_html(report(figures, kb)), parse_mode=ParseMode.HTML)
    png = await asyncio.to_thread(chart_png, figures)
    await message.reply_photo(png, filename="istatistik.png")
