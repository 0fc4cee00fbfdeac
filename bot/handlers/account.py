"""The student's link to their record: /bagla (or /start with a code, or just the code),
/baglantiyi_kaldir (/unlink) with a confirmation, and /hatirlatmalar."""

from __future__ import annotations

import logging

from telegram import Bot, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.bridge import keyboard_for
from bot.formatting import to_html
from bot.services import BotServices, services
from bot.texts import text
from staj.clock import LOCAL
from staj.store import links
from staj.students.codes import code_in

log = logging.getLogger(__name__)

# Payloads of the bot's own buttons (kept server-side behind tokens like Rasa's).
UNLINK_YES, UNLINK_NO = "bot:unlink:yes", "bot:unlink:no"
REMINDERS_ON, REMINDERS_OFF = "bot:reminders:on", "bot:reminders:off"


async def _say(bot: Bot, chat_id: int, body: str, markup: object = None) -> None:
    await bot.send_message(chat_id, to_html(body), parse_mode=ParseMode.HTML, reply_markup=markup)  # type: ignore[arg-type]


async def link_with_code(svc: BotServices, bot: Bot, user_id: int, chat_id: int, code: str) -> None:
    """Try ``code`` for ``user_id`` and say how it went (codes and ids are never logged)."""
    result = await links.redeem(svc.db.sessions, user_id, code, svc.clock.now())
    log.info("Link attempt: %s", result.outcome.value)
    outcome = result.outcome
    if outcome is links.LinkOutcome.LINKED:
        name = text("link.linked_name", first_name=result.first_name) if result.first_name else ""
        await _say(bot, chat_id, text("link.linked", name=name))
        return
    locked = result.retry_after.astimezone(LOCAL).strftime("%H:%M") if result.retry_after else ""
    if outcome is links.LinkOutcome.THROTTLED:
        await _say(bot, chat_id, text("link.throttled", time=locked))
        return
    body = text(f"link.{outcome.value}")
    if result.retry_after:
        body += "\n" + text("link.now_locked", time=locked)
    await _say(bot, chat_id, body)


async def link_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/bagla KOD: link with a code; without one, explain where codes come from."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    code = code_in(" ".join(context.args or []))
    if code is None:
        # Something that cannot be a code is no guess at one: explain, do not count it.
        await _say(context.bot, chat.id, text("link.wrong" if context.args else "link.ask_code"))
        return
    await link_with_code(services(context), context.bot, user.id, chat.id, code)


async def unlink_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    svc = services(context)
    if await links.linked_student_id(svc.db.sessions, user.id) is None:
        await _say(context.bot, chat.id, text("link.not_linked"))
        return
    markup = await keyboard_for(
        svc,
        user.id,
        [
            {"title": text("unlink.button_yes"), "payload": UNLINK_YES},
            {"title": text("unlink.button_no"), "payload": UNLINK_NO},
        ],
    )
    await _say(context.bot, chat.id, text("unlink.confirm"), markup)


async def reminders_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    svc = services(context)
    enabled = await links.reminders_enabled(svc.db.sessions, user.id)
    if enabled is None:
        await _say(context.bot, chat.id, text("link.not_linked"))
        return
    button = (
        {"title": text("reminders.button_off"), "payload": REMINDERS_OFF}
        if enabled
        else {"title": text("reminders.button_on"), "payload": REMINDERS_ON}
    )
    markup = await keyboard_for(svc, user.id, [button])
    await _say(
        context.bot, chat.id, text("reminders.are_on" if enabled else "reminders.are_off"), markup
    )


async def bot_button(svc: BotServices, bot: Bot, user_id: int, chat_id: int, payload: str) -> None:
    """A press on one of the bot's own buttons (the token was already checked to be ours)."""
    if payload in (UNLINK_YES, UNLINK_NO):
        if payload == UNLINK_NO:
            await _say(bot, chat_id, text("unlink.kept"))
        elif await links.unlink(svc.db.sessions, user_id):
            await _say(bot, chat_id, text("unlink.done"))
        else:
            await _say(bot, chat_id, text("link.not_linked"))
    elif payload in (REMINDERS_ON, REMINDERS_OFF):
        enabled = payload == REMINDERS_ON
        if await links.set_reminders(svc.db.sessions, user_id, enabled):
            await _say(
                bot, chat_id, text("reminders.turned_on" if enabled else "reminders.turned_off")
            )
        else:
            await _say(bot, chat_id, text("link.not_linked"))
