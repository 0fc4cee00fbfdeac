"""The reminder job: every few seconds, plan each linked student's reminders from the store
and send the ones that are due, once (see staj/students/reminders.py for what is planned)."""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import Forbidden, TelegramError

from bot.context import BotContext, BotServices
from bot.formatting import to_html
from staj.store import links
from staj.store import reminders as reminder_store
from staj.store.records import linked_records
from staj.students.reminders import in_quiet_hours, plan

log = logging.getLogger(__name__)


async def send_due_reminders(svc: BotServices, bot: Bot) -> int:
    """One pass; returns how many reminders went out. Quiet hours: nothing is sent, the
    reminders wait for the morning pass."""
    now = svc.clock.now()
    await links.purge_old_attempts(svc.db.sessions, now)  # KVKK: keep attempts one day only
    if in_quiet_hours(now):
        return 0
    sent = 0
    for record in await linked_records(svc.db.sessions):
        claimed = await reminder_store.claim_due(
            svc.db.sessions, record.student_id, plan(record, now), now
        )
        for reminder in claimed:
            try:
                await bot.send_message(
                    record.telegram_user_id, to_html(reminder.text), parse_mode=ParseMode.HTML
                )
            except Forbidden:
                # The student blocked the bot: do not try this one again.
                await reminder_store.mark(svc.db.sessions, reminder.id, reminder_store.FAILED, now)
            except TelegramError as exc:
                log.warning("A reminder could not be sent, will retry: %s", type(exc).__name__)
                await reminder_store.mark(svc.db.sessions, reminder.id, reminder_store.PENDING, now)
            else:
                await reminder_store.mark(svc.db.sessions, reminder.id, reminder_store.SENT, now)
                sent += 1
    if sent:
        log.info("Reminders sent: %d", sent)
    return sent


async def reminder_job(context: BotContext) -> None:
    try:
        await send_due_reminders(context.services, context.bot)
    except Exception:  # a failed pass must not stop the next ones
        log.exception("Reminder pass failed")
