"""The reminder job: every few seconds, send the reminders the core finds due (see
staj/services/reminders.py and staj/students/reminders.py for what is planned)."""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.context import BotContext, BotServices
from bot.sending import say
from staj.services.reminders import Delivery

log = logging.getLogger(__name__)


async def send_due_reminders(svc: BotServices, bot: Bot) -> int:
    """One pass; returns how many reminders went out."""
    sent = 0
    for reminder in await svc.reminders.due():
        try:
            await say(bot, reminder.telegram_user_id, reminder.text)
        except (Forbidden, BadRequest) as exc:
            # Blocked by the student, chat gone, text refused: trying again will not help.
            log.warning("A reminder cannot be sent: %s", type(exc).__name__)
            await svc.reminders.delivered(reminder, Delivery.UNREACHABLE)
        except TelegramError as exc:
            log.warning("A reminder could not be sent, will retry: %s", type(exc).__name__)
            await svc.reminders.delivered(reminder, Delivery.RETRY)
        else:
            await svc.reminders.delivered(reminder, Delivery.SENT)
            sent += 1
    if sent:
        log.info("Reminders sent: %d", sent)
    return sent


async def reminder_job(context: BotContext) -> None:
    try:
        await send_due_reminders(context.services, context.bot)
    except Exception:  # a failed pass must not stop the next ones
        log.exception("Reminder pass failed")
