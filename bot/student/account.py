"""The student's link to their record: /bagla (or /start with a code, or just the code),
/baglantiyi_kaldir (/unlink) with a confirmation, and /hatirlatmalar."""

from __future__ import annotations

import logging

from telegram import Bot, Update
from telegram.error import TelegramError

from bot.buttons import chat_of, pressed
from bot.context import BotContext, BotServices
from bot.sending import keyboard, say
from bot.staff.handoff_relay import CONSENT_NO, CONSENT_YES, request_handoff
from bot.student import privacy
from bot.texts import text
from staj.clock import LOCAL
from staj.store import links
from staj.students.codes import code_in

log = logging.getLogger(__name__)

# Payloads of the bot's own buttons (kept server-side behind tokens like Rasa's).
UNLINK_YES, UNLINK_NO = "bot:unlink:yes", "bot:unlink:no"
REMINDERS_ON, REMINDERS_OFF = "bot:reminders:on", "bot:reminders:off"


async def link_with_code(svc: BotServices, bot: Bot, user_id: int, chat_id: int, code: str) -> None:
    """Try ``code`` for ``user_id`` and say how it went (codes and ids are never logged)."""
    result = await links.redeem(svc.db.sessions, user_id, code, svc.clock.now())
    log.info("Link attempt: %s", result.outcome.value)
    outcome = result.outcome
    if outcome is links.LinkOutcome.LINKED:
        name = text("link.linked_name", first_name=result.first_name) if result.first_name else ""
        await say(bot, chat_id, text("link.linked", name=name))
        if result.moved_from is not None:
            # The record now speaks through another account: the old one must know.
            try:
                await say(bot, result.moved_from, text("link.moved_away"))
            except TelegramError as exc:
                log.warning("The previous account could not be told: %s", type(exc).__name__)
        return
    locked = result.retry_after.astimezone(LOCAL).strftime("%H:%M") if result.retry_after else ""
    if outcome is links.LinkOutcome.THROTTLED:
        await say(bot, chat_id, text("link.throttled", time=locked))
        return
    body = text(f"link.{outcome.value}")
    if result.retry_after:
        body += "\n" + text("link.now_locked", time=locked)
    await say(bot, chat_id, body)


async def link_command(update: Update, context: BotContext) -> None:
    """/bagla KOD: link with a code; without one, explain where codes come from."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    code = code_in(" ".join(context.args or []))
    if code is None:
        # Something that cannot be a code is no guess at one: explain, do not count it.
        await say(context.bot, chat.id, text("link.wrong" if context.args else "link.ask_code"))
        return
    await link_with_code(context.services, context.bot, user.id, chat.id, code)


async def unlink_command(update: Update, context: BotContext) -> None:
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    svc = context.services
    if await links.linked_student_id(svc.db.sessions, user.id) is None:
        await say(context.bot, chat.id, text("link.not_linked"))
        return
    markup = await keyboard(
        svc,
        user.id,
        [
            {"title": text("unlink.button_yes"), "payload": UNLINK_YES},
            {"title": text("unlink.button_no"), "payload": UNLINK_NO},
        ],
    )
    await say(context.bot, chat.id, text("unlink.confirm"), markup)


async def reminders_command(update: Update, context: BotContext) -> None:
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    svc = context.services
    enabled = await links.reminders_enabled(svc.db.sessions, user.id)
    if enabled is None:
        await say(context.bot, chat.id, text("link.not_linked"))
        return
    button = (
        {"title": text("reminders.button_off"), "payload": REMINDERS_OFF}
        if enabled
        else {"title": text("reminders.button_on"), "payload": REMINDERS_ON}
    )
    markup = await keyboard(svc, user.id, [button])
    await say(
        context.bot, chat.id, text("reminders.are_on" if enabled else "reminders.are_off"), markup
    )


async def account_button(update: Update, context: BotContext) -> None:
    """A press on one of the bot's own buttons for the student (unlink, reminders on or off,
    erase, agreeing to a handoff)."""
    button = await pressed(update, context)
    if button is None or update.effective_user is None:
        return
    svc, bot, user_id, chat_id = (
        context.services,
        context.bot,
        update.effective_user.id,
        chat_of(update),
    )
    payload = button.payload
    if payload == CONSENT_YES:
        await request_handoff(svc, bot, user_id, chat_id, update.effective_user.first_name)
    elif payload == CONSENT_NO:
        await say(bot, chat_id, text("handoff.consent_declined"))
    elif payload in (privacy.ERASE_YES, privacy.ERASE_NO):
        await privacy.erase_answered(svc, bot, user_id, chat_id, payload)
    elif payload in (UNLINK_YES, UNLINK_NO):
        if payload == UNLINK_NO:
            await say(bot, chat_id, text("unlink.kept"))
        elif await links.unlink(svc.db.sessions, user_id):
            await say(bot, chat_id, text("unlink.done"))
        else:
            await say(bot, chat_id, text("link.not_linked"))
    elif payload in (REMINDERS_ON, REMINDERS_OFF):
        enabled = payload == REMINDERS_ON
        if await links.set_reminders(svc.db.sessions, user_id, enabled):
            await say(
                bot, chat_id, text("reminders.turned_on" if enabled else "reminders.turned_off")
            )
        else:
            await say(bot, chat_id, text("link.not_linked"))
