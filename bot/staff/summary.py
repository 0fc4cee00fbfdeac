"""What counselors read when a request arrives: who the student is (only when linked), the
question, the last messages with the assistant and the student's applications."""

from __future__ import annotations

import logging

from bot.context import BotServices
from bot.texts import text
from staj.institutions import short_name
from staj.store.models import Handoff
from staj.students.statuses import programmes, statuses

log = logging.getLogger(__name__)

HISTORY_MESSAGES = 6


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


async def summary_text(
    svc: BotServices, handoff: Handoff, first_name: str, thread_id: int | None
) -> str:
    facts = await svc.handoffs.summary_facts(handoff)
    card, record = facts.card, facts.record
    if card is not None:
        department = f", {card.department}" if card.department else ""
        who = text(
            "group.who_linked",
            name=card.full_name,
            number=card.student_number,
            department=department,
        )
    elif facts.linked_elsewhere:
        who = text("group.who_elsewhere", name=first_name)
    else:
        who = text("group.who_unlinked", name=first_name)
    question, history_lines = await _conversation_lines(svc, handoff.telegram_user_id)
    history = ""
    if history_lines:
        history = "\n".join([text("group.history_title"), *history_lines]) + "\n"
    status = ""
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
    how = text("group.how_topic" if thread_id else "group.how_reply")
    return text(
        "group.summary",
        id=handoff.id,
        who=who,
        institution=short_name(handoff.institution),
        question=question or text("group.no_question"),
        history=history,
        status=status,
        how=how,
    )
