"""The reminder job: every few seconds, send the reminders the core finds due (see
staj/services/reminders.py and staj/students/reminders.py for what is planned)."""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.error import BadRequest, Forbidden, TelegramError, TimedOut

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
            await svc.reminders.delivered(reminder, Delivery.UNREACHABLE, failure_reason(exc))
        except TimedOut:
            log.warning("A reminder send timed out; not sent again, it may have arrived")
            await svc.reminders.delivered(reminder, Delivery.IN_DOUBT, "timed_out")
        except TelegramError as exc:
            log.warning("A reminder could not be sent, will retry: %s", type(exc).__name__)
            await svc.reminders.delivered(reminder, Delivery.RETRY)
        else:
            await svc.reminders.delivered(reminder, Delivery.SENT)
            sent += 1
    if sent:
        log.info("Reminders sent: %d", sent)
    return sent


def failure_reason(exc: TelegramError) -> str:
    """A short reason to keep with a failed reminder (never the text or the chat)."""
    if isinstance(exc, Forbidden):
        return "blocked"
    if "chat not found" in exc.message.lower():
        return "chat_not_found"
    return "refused"


async def reminder_job(context: BotContext) -> None:
    try:
        await send_due_reminders(context.services, context.bot)
    except Exception:  # a failed pass must not stop the next ones
        log.exception("Reminder pass failed")
