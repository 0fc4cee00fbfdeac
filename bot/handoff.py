"""Handing a student over to a counselor and back.

The student's private chat and the counselors' group are joined by a Handoff row: a forum
topic per request where the group has topics, else one summary message that counselors
reply to. While a handoff is open, everything the student sends goes to the counselors and
Rasa hears nothing; what a counselor writes there goes to the student, marked as theirs.
All state is in the store, so a restart of the bot loses nothing.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime, timedelta

from telegram import Bot, Message
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.formatting import to_html
from bot.services import BotServices
from bot.texts import text
from staj.faq.model import INSTITUTION_SHORT
from staj.institutions import contact_for
from staj.staff.office_hours import LOCAL, is_open, next_opening
from staj.store import handoffs, preferences, records
from staj.store import staff as staff_store
from staj.store.models import Handoff, aware
from staj.students.statuses import programmes, statuses

log = logging.getLogger(__name__)

HISTORY_MESSAGES = 6
STUDENT, COUNSELOR = "student", "counselor"


def institution_label(code: str | None) -> str:
    return INSTITUTION_SHORT.get(code or "", "Ulusal Staj Programı")


async def _say(
    bot: Bot, chat_id: int, body: str, thread_id: int | None = None, reply_to: int | None = None
) -> Message:
    return await bot.send_message(
        chat_id,
        to_html(body),
        parse_mode=ParseMode.HTML,
        message_thread_id=thread_id,
        reply_to_message_id=reply_to,
    )


async def _conversation_lines(svc: BotServices, user_id: int) -> tuple[str, list[str]]:
    """The student's question and the last messages of their conversation with Rasa."""
    try:
        tracker = await svc.rasa.tracker(str(user_id))
    except Exception:  # the summary goes out without history rather than not at all
        log.warning("Could not read the conversation for a handoff summary")
        return "", []
    lines: list[tuple[str, str]] = []
    question = ""
    for event in tracker.get("events") or []:
        body = str(event.get("text") or "").strip()
        if not body or body.startswith("/"):
            continue
        if event.get("event") == "user":
            lines.append(("student", body))
            intent = (event.get("parse_data") or {}).get("intent", {}).get("name")
            if intent != "ask_human":
                question = body
        elif event.get("event") == "bot":
            lines.append(("assistant", body.split("\n", 1)[0][:200]))
    history = [
        text(f"group.history_{who}", text=body[:300]) for who, body in lines[-HISTORY_MESSAGES:]
    ]
    return question, history


async def _summary(svc: BotServices, handoff: Handoff, first_name: str) -> str:
    card = await records.student_card(svc.db.sessions, handoff.telegram_user_id)
    if card is not None:
        department = f", {card.department}" if card.department else ""
        who = text(
            "group.who_linked",
            name=card.full_name,
            number=card.student_number,
            department=department,
        )
    else:
        who = text("group.who_unlinked", name=first_name)
    question, history_lines = await _conversation_lines(svc, handoff.telegram_user_id)
    history = ""
    if history_lines:
        history = "\n".join([text("group.history_title"), *history_lines]) + "\n"
    status = ""
    record = await records.own_record(svc.db.sessions, handoff.telegram_user_id)
    if record is not None and record.applications:
        status_lines = [
            text(
                "group.status_line",
                programme=programmes()[a.programme].name,
                year=a.year,
                label=statuses()[a.status].label,
            )
            for a in record.applications
        ]
        status = "\n".join([text("group.status_title"), *status_lines]) + "\n"
    how = text("group.how_topic" if handoff.thread_id else "group.how_reply")
    return text(
        "group.summary",
        id=handoff.id,
        who=who,
        institution=institution_label(handoff.institution),
        question=question or text("group.no_question"),
        history=history,
        status=status,
        how=how,
    )


def _when(moment: datetime) -> str:
    local = moment.astimezone(LOCAL)
    return local.strftime("%d.%m.%Y %H:%M")


async def request_handoff(
    svc: BotServices, bot: Bot, user_id: int, chat_id: int, first_name: str
) -> None:
    """The student asked for a person (in words, by /danisman, or by accepting the offer)."""
    now = svc.clock.now()
    existing = await handoffs.open_for_student(svc.db.sessions, user_id)
    if existing is not None:
        await _tell_waiting(svc, bot, chat_id, existing)
        return
    institution = await preferences.get_institution(svc.db.sessions, user_id)
    group = await staff_store.group_for(svc.db.sessions, institution)
    if group is None:
        await _say(bot, chat_id, text("handoff.no_group", contact=contact_for(institution)))
        return
    handoff = await handoffs.create(svc.db.sessions, user_id, institution, now)
    thread_id = None
    if group.has_topics:
        name = text(
            "group.topic_name",
            id=handoff.id,
            name=first_name[:40],
            institution=institution_label(institution),
        )
        try:
            topic = await bot.create_forum_topic(group.chat_id, name[:128])
            thread_id = topic.message_thread_id
        except TelegramError as exc:  # topics switched off meanwhile: use replies instead
            log.warning("Could not open a forum topic: %s", exc)
    handoff = await handoffs.update(
        svc.db.sessions, handoff.id, group_chat_id=group.chat_id, thread_id=thread_id
    )
    summary = await _say(bot, group.chat_id, await _summary(svc, handoff, first_name), thread_id)
    handoff = await handoffs.update(
        svc.db.sessions, handoff.id, summary_message_id=summary.message_id
    )
    position = await handoffs.queue_position(svc.db.sessions, handoff)
    label = institution_label(institution)
    if is_open(now, institution):
        await _say(bot, chat_id, text("handoff.queued", institution=label, position=position))
    else:
        opens = _when(next_opening(now, institution))
        await _say(
            bot,
            chat_id,
            text("handoff.queued_closed", institution=label, position=position, opens=opens),
        )


async def _tell_waiting(svc: BotServices, bot: Bot, chat_id: int, handoff: Handoff) -> None:
    if handoff.state == handoffs.ACTIVE:
        await _say(bot, chat_id, text("handoff.already_with_counselor"))
    else:
        position = await handoffs.queue_position(svc.db.sessions, handoff)
        await _say(bot, chat_id, text("handoff.still_waiting", position=position))


def _kind(message: Message) -> str:
    if message.text is not None:
        return "text"
    if message.photo:
        return "photo"
    if message.document:
        return "document"
    return "other"


async def relay_from_student(
    svc: BotServices, bot: Bot, handoff: Handoff, message: Message, first_name: str
) -> None:
    """Pass what the student sent to the counselors (Rasa hears nothing of it)."""
    now = svc.clock.now()
    kind = _kind(message)
    if kind == "other" or handoff.group_chat_id is None:
        await message.reply_text(text("handoff.media_unsupported"))
        return
    reply_to = None if handoff.thread_id else handoff.summary_message_id
    if kind == "text":
        sent = await _say(
            bot,
            handoff.group_chat_id,
            text("group.from_student", name=first_name, text=message.text),
            handoff.thread_id,
            reply_to,
        )
        message_id = sent.message_id
    else:
        caption = text("group.from_student_media", name=first_name)
        if message.caption:
            caption += f": {message.caption}"
        copied = await bot.copy_message(
            handoff.group_chat_id,
            message.chat_id,
            message.message_id,
            caption=caption[:1024],
            message_thread_id=handoff.thread_id,
            reply_to_message_id=reply_to,
        )
        message_id = copied.message_id
    await handoffs.record_message(
        svc.db.sessions, handoff.id, STUDENT, kind, message.text or message.caption, now,
        handoff.group_chat_id, message_id,
    )  # fmt: skip


async def take(
    svc: BotServices, bot: Bot, handoff: Handoff, counselor: staff_store.Staff
) -> Handoff:
    """The counselor holds the conversation from now on (the first to write takes it)."""
    if handoff.state == handoffs.ACTIVE:
        return handoff
    now = svc.clock.now()
    handoff = await handoffs.update(
        svc.db.sessions,
        handoff.id,
        state=handoffs.ACTIVE,
        counselor_id=counselor.telegram_user_id,
        taken_at=now,
        last_activity_at=now,
    )
    await _say(
        bot, handoff.telegram_user_id, text("handoff.counselor_joined", name=counselor.display_name)
    )
    if handoff.group_chat_id is not None:
        await _say(
            bot, handoff.group_chat_id, text("group.taken", id=handoff.id, name=counselor.display_name),
            handoff.thread_id, None if handoff.thread_id else handoff.summary_message_id,
        )  # fmt: skip
    return handoff


async def relay_from_counselor(
    svc: BotServices, bot: Bot, handoff: Handoff, counselor: staff_store.Staff, message: Message
) -> None:
    now = svc.clock.now()
    handoff = await take(svc, bot, handoff, counselor)
    kind = _kind(message)
    if kind == "text":
        await _say(
            bot,
            handoff.telegram_user_id,
            text("handoff.from_counselor", name=counselor.display_name, text=message.text),
        )
    elif kind in ("photo", "document"):
        caption = text("handoff.from_counselor_media", name=counselor.display_name)
        if message.caption:
            caption += f": {message.caption}"
        await bot.copy_message(
            handoff.telegram_user_id, message.chat_id, message.message_id, caption=caption[:1024]
        )
    else:
        return
    if handoff.first_reply_at is None:
        await handoffs.update(svc.db.sessions, handoff.id, first_reply_at=now)
    await handoffs.record_message(
        svc.db.sessions, handoff.id, COUNSELOR, kind, message.text or message.caption, now,
        message.chat_id, message.message_id,
    )  # fmt: skip


CLOSE_NOTICES = {
    "closed": ("handoff.closed_by_counselor", "group.closed"),
    "handed_back": ("handoff.handed_back", "group.handed_back"),
    "idle": ("handoff.closed_idle", "group.closed_idle"),
    "student": ("handoff.closed_by_student", "group.closed_student"),
}


async def close(
    svc: BotServices, bot: Bot, handoff: Handoff, reason: str, by: str = "", minutes: int = 0
) -> None:
    """End the handoff; tell both sides; the assistant answers the student again."""
    now = svc.clock.now()
    await handoffs.update(
        svc.db.sessions, handoff.id, state=handoffs.CLOSED, closed_at=now, close_reason=reason
    )
    student_key, group_key = CLOSE_NOTICES[reason]
    await _say(bot, handoff.telegram_user_id, text(student_key))
    if handoff.group_chat_id is not None:
        await _say(
            bot, handoff.group_chat_id, text(group_key, id=handoff.id, by=by, minutes=minutes),
            handoff.thread_id, None if handoff.thread_id else handoff.summary_message_id,
        )  # fmt: skip
        if handoff.thread_id:
            with contextlib.suppress(TelegramError):
                await bot.close_forum_topic(handoff.group_chat_id, handoff.thread_id)


async def maintain(svc: BotServices, bot: Bot) -> None:
    """Re-announce requests nobody took; close conversations left idle."""
    now = svc.clock.now()
    settings = svc.settings
    reannounce_after = timedelta(minutes=settings.handoff_reannounce_minutes)
    for handoff in await handoffs.waiting_to_reannounce(svc.db.sessions, now, reannounce_after):
        if handoff.group_chat_id is None or not is_open(now, handoff.institution):
            continue
        waited = int((now - aware(handoff.created_at)).total_seconds() // 60)
        await _say(
            bot, handoff.group_chat_id, text("group.reannounce", id=handoff.id, minutes=waited),
            handoff.thread_id, None if handoff.thread_id else handoff.summary_message_id,
        )  # fmt: skip
        await handoffs.update(svc.db.sessions, handoff.id, announced_at=now)
    idle_after = timedelta(minutes=settings.handoff_idle_minutes)
    for handoff in await handoffs.idle(svc.db.sessions, now, idle_after):
        await close(svc, bot, handoff, "idle", minutes=round(settings.handoff_idle_minutes))
