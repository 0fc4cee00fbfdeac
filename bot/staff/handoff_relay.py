"""Handing a student over to a counselor and back, on Telegram's side.

The workflow (who holds a request, queue, closing) is staj.services.handoffs; this module
opens the forum topic, writes the summary, copies messages between the student's chat and
the counselors' group and tells both sides what happened. While a handoff is open,
everything the student sends goes to the counselors and Rasa hears nothing; what a counselor
writes there goes to the student, marked as theirs. All state is in the store, so a restart
of the bot loses nothing.
"""

from __future__ import annotations

import contextlib
import logging

from telegram import Bot, Message
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.context import BotServices
from bot.formatting import split_text
from bot.sending import keyboard, say
from bot.staff.summary import summary_text
from bot.texts import text
from staj.clock import local_day_and_time
from staj.institutions import contact_for, short_name
from staj.services.handoffs import AlreadyOpen, Askable, Closed, NoGroup, NotOpen
from staj.store.models import Handoff
from staj.store.staff import Staff
from staj.students.codes import without_codes

log = logging.getLogger(__name__)


# The student's answer to "the counselors will see ..., shall I?" (a button of the bot's own).
CONSENT_YES, CONSENT_NO = "bot:handoff:yes", "bot:handoff:no"


async def _not_now(bot: Bot, chat_id: int, outcome: AlreadyOpen | NoGroup) -> None:
    if isinstance(outcome, NoGroup):
        await say(bot, chat_id, text("handoff.no_group", contact=contact_for(outcome.institution)))
    elif outcome.with_counselor:
        await say(bot, chat_id, text("handoff.already_with_counselor"))
    else:
        await say(bot, chat_id, text("handoff.still_waiting", position=outcome.position))


async def offer_handoff(svc: BotServices, bot: Bot, user_id: int, chat_id: int) -> None:
    """The student asked for a person (in words, by /danisman, or by accepting the offer):
    first they learn what the counselors will see, and agree (KVKK)."""
    outcome = await svc.handoffs.before_request(user_id)
    if not isinstance(outcome, Askable):
        await _not_now(bot, chat_id, outcome)
        return
    record = text("handoff.consent_record") if outcome.linked else ""
    markup = await keyboard(
        svc,
        user_id,
        [
            {"title": text("handoff.consent_yes"), "payload": CONSENT_YES},
            {"title": text("handoff.consent_no"), "payload": CONSENT_NO},
        ],
    )
    institution = short_name(outcome.institution) if outcome.institution else ""
    await say(bot, chat_id, text("handoff.consent", record=record, institution=institution), markup)


async def request_handoff(
    svc: BotServices, bot: Bot, user_id: int, chat_id: int, first_name: str
) -> None:
    """The student agreed: queue the request and announce it to the counselors."""
    outcome = await svc.handoffs.request(user_id)
    if isinstance(outcome, AlreadyOpen | NoGroup):
        await _not_now(bot, chat_id, outcome)
        return
    handoff = outcome.handoff
    assert handoff.group_chat_id is not None
    label = short_name(handoff.institution)
    thread_id = None
    if outcome.group_has_topics:
        name = text("group.topic_name", id=handoff.id, name=first_name[:40], institution=label)
        try:
            topic = await bot.create_forum_topic(handoff.group_chat_id, name[:128])
            thread_id = topic.message_thread_id
        except TelegramError as exc:  # topics switched off meanwhile: use replies instead
            log.warning("Could not open a forum topic: %s", exc)
    try:
        summary = await say(
            bot,
            handoff.group_chat_id,
            await summary_text(svc, handoff, first_name, thread_id),
            thread_id=thread_id,
        )
    except TelegramError as exc:
        # The group cannot be reached (bot removed, group gone): no request may wait
        # where nobody sees it. The student is back with the assistant and told so.
        log.warning("A handoff could not be announced: %s", type(exc).__name__)
        await svc.handoffs.close(handoff.id, "undelivered")
        await say(
            bot, chat_id, text("handoff.undelivered", contact=contact_for(handoff.institution))
        )
        return
    placed = await svc.handoffs.announced(handoff.id, thread_id, summary.message_id)
    position = placed[1] if placed else 1
    if outcome.office_open or outcome.opens_at is None:
        await say(bot, chat_id, text("handoff.queued", institution=label, position=position))
    else:
        opens = local_day_and_time(outcome.opens_at)
        await say(
            bot,
            chat_id,
            text("handoff.queued_closed", institution=label, position=position, opens=opens),
        )


def _kind(message: Message) -> str:
    if message.text is not None:
        return "text"
    if message.photo:
        return "photo"
    if message.document:
        return "document"
    return "other"


# Telegram takes 4,096 characters a message and the relay adds a name line: a long message
# goes over in pieces of this size.
PIECE = 3500


async def relay_from_student(
    svc: BotServices, bot: Bot, handoff: Handoff, message: Message, first_name: str
) -> None:
    """Pass what the student sent to the counselors (Rasa hears nothing of it). A link code
    never reaches the group: it is handled before (bot/student/messages.py) or hidden."""
    kind = _kind(message)
    if kind == "other" or handoff.group_chat_id is None:
        await message.reply_text(text("handoff.media_unsupported"))
        return
    try:
        await _relay_to_group(svc, bot, handoff, message, first_name, kind)
    except (BadRequest, Forbidden) as exc:
        # The group or the topic is gone (deleted, bot removed): the student must not stay
        # in a relay that leads nowhere. The handoff ends; they are back with the assistant.
        log.warning("A student's message could not be relayed: %s", type(exc).__name__)
        if isinstance(await svc.handoffs.close(handoff.id, "undelivered"), Closed):
            await message.reply_text(
                text("handoff.undelivered", contact=contact_for(handoff.institution))
            )
    except TelegramError as exc:  # a passing failure: the student sends it again
        log.warning("A student's message could not be relayed now: %s", type(exc).__name__)
        await message.reply_text(text("handoff.relay_failed"))


async def _relay_to_group(
    svc: BotServices, bot: Bot, handoff: Handoff, message: Message, first_name: str, kind: str
) -> None:
    assert handoff.group_chat_id is not None
    reply_to = None if handoff.thread_id else handoff.summary_message_id
    if kind == "text":
        for piece in split_text(without_codes(message.text or ""), PIECE) or [""]:
            sent = await say(
                bot,
                handoff.group_chat_id,
                text("group.from_student", name=first_name, text=piece),
                thread_id=handoff.thread_id,
                reply_to=reply_to,
            )
            await svc.handoffs.student_wrote(
                handoff.id, kind, piece, handoff.group_chat_id, sent.message_id
            )
        return
    caption = text("group.from_student_media", name=first_name)
    if message.caption:
        caption += f": {without_codes(message.caption)}"
    copied = await bot.copy_message(
        handoff.group_chat_id,
        message.chat_id,
        message.message_id,
        caption=caption[:1024],
        message_thread_id=handoff.thread_id,
        reply_to_message_id=reply_to,
    )
    await svc.handoffs.student_wrote(
        handoff.id,
        kind,
        without_codes(message.caption) if message.caption else None,
        handoff.group_chat_id,
        copied.message_id,
    )


async def take(svc: BotServices, bot: Bot, handoff: Handoff, counselor: Staff) -> Handoff | None:
    """The counselor holds the conversation from now on (the first to act takes it); both
    sides hear of it once. None: the handoff had ended meanwhile."""
    outcome = await svc.handoffs.take(handoff.id, counselor.telegram_user_id)
    if isinstance(outcome, NotOpen):
        return None
    handoff = outcome.handoff
    if outcome.now_taken:
        name = counselor.display_name
        await say(bot, handoff.telegram_user_id, text("handoff.counselor_joined", name=name))
        await _to_group(svc, bot, handoff, text("group.taken", id=handoff.id, name=name))
    return handoff


async def relay_from_counselor(
    svc: BotServices, bot: Bot, handoff: Handoff, counselor: Staff, message: Message
) -> None:
    """Pass a counselor's message to the student; the counselor hears when it cannot go."""
    kind = _kind(message)
    if kind == "other":  # stickers, voice, video notes: the student's side shows text only
        await message.reply_text(text("group.kind_unsupported"))
        return
    taken = await take(svc, bot, handoff, counselor)
    if taken is None:
        await message.reply_text(text("group.not_a_handoff"))
        return
    try:
        if kind == "text":
            for piece in split_text(message.text or "", PIECE) or [""]:
                await say(
                    bot,
                    taken.telegram_user_id,
                    text("handoff.from_counselor", name=counselor.display_name, text=piece),
                )
        else:
            caption = text("handoff.from_counselor_media", name=counselor.display_name)
            if message.caption:
                caption += f": {message.caption}"
            await bot.copy_message(
                taken.telegram_user_id, message.chat_id, message.message_id, caption=caption[:1024]
            )
    except TelegramError as exc:
        # Blocked by the student, chat gone: say so where the counselor is writing.
        log.warning("A counselor's message could not be delivered: %s", type(exc).__name__)
        await message.reply_text(text("group.undeliverable"))
        return
    await svc.handoffs.counselor_wrote(
        taken.id, kind, message.text or message.caption, message.chat_id, message.message_id
    )


async def _to_group(svc: BotServices, bot: Bot, handoff: Handoff, body: str) -> None:
    """A notice in the handoff's topic, or as a reply to its summary message. It is kept
    as the handoff's, so a counselor who replies to the notice reaches the student."""
    if handoff.group_chat_id is not None:
        reply_to = None if handoff.thread_id else handoff.summary_message_id
        sent = await say(
            bot, handoff.group_chat_id, body, thread_id=handoff.thread_id, reply_to=reply_to
        )
        await svc.handoffs.notice_sent(handoff.id, handoff.group_chat_id, sent.message_id)


CLOSE_NOTICES = {
    "closed": ("handoff.closed_by_counselor", "group.closed"),
    "handed_back": ("handoff.handed_back", "group.handed_back"),
    "idle": ("handoff.closed_idle", "group.closed_idle"),
    "student": ("handoff.closed_by_student", "group.closed_student"),
}


async def announce_closed(
    svc: BotServices, bot: Bot, closed: Closed, by: str = "", minutes: int = 0
) -> None:
    """Tell both sides the handoff ended; the assistant answers the student again."""
    handoff = closed.handoff
    student_key, group_key = CLOSE_NOTICES[closed.reason]
    # Each side on its own: a student who blocked the bot must not keep the group uninformed.
    try:
        await say(bot, handoff.telegram_user_id, text(student_key))
    except TelegramError as exc:
        log.warning(
            "The student could not be told handoff #%d ended: %s", handoff.id, type(exc).__name__
        )
    try:
        await _to_group(svc, bot, handoff, text(group_key, id=handoff.id, by=by, minutes=minutes))
    except TelegramError as exc:
        log.warning(
            "The group could not be told handoff #%d ended: %s", handoff.id, type(exc).__name__
        )
    if handoff.group_chat_id is not None and handoff.thread_id:
        with contextlib.suppress(TelegramError):
            await bot.close_forum_topic(handoff.group_chat_id, handoff.thread_id)


async def close(svc: BotServices, bot: Bot, handoff: Handoff, reason: str, by: str = "") -> bool:
    """End the handoff (False: it had already ended)."""
    outcome = await svc.handoffs.close(handoff.id, reason)
    if isinstance(outcome, NotOpen):
        return False
    await announce_closed(svc, bot, outcome, by=by)
    return True


async def maintain(svc: BotServices, bot: Bot) -> None:
    """Re-announce requests nobody took; close conversations left idle."""
    done = await svc.handoffs.maintain()
    idle_minutes = round(svc.handoffs.idle_after.total_seconds() / 60)
    # Each handoff on its own: one unreachable group or student must not stop the others.
    for handoff in done.reannounce:
        waited = svc.handoffs.minutes_waiting(handoff)
        try:
            await _to_group(
                svc, bot, handoff, text("group.reannounce", id=handoff.id, minutes=waited)
            )
        except TelegramError as exc:
            log.warning(
                "Handoff #%d could not be announced again: %s", handoff.id, type(exc).__name__
            )
    for handoff in done.closed_idle:
        try:
            await announce_closed(svc, bot, Closed(handoff, "idle"), minutes=idle_minutes)
        except TelegramError as exc:
            log.warning(
                "The end of handoff #%d could not be told: %s", handoff.id, type(exc).__name__
            )
