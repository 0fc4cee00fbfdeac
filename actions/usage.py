"""Noting how each question turn ended, for statistics and the unanswered-questions inbox."""

from __future__ import annotations

import logging

from rasa_sdk import Tracker

from actions.conversation import institution_of, telegram_user_id
from actions.resources import database
from staj.staff.stats import FALLBACK
from staj.store import inbox, usage

log = logging.getLogger(__name__)


async def note_turn(tracker: Tracker, outcome: str, entry_id: str | None = None) -> None:
    """Only Telegram students' turns count (not `stajbot ask`); a failure to log never
    costs the student their answer."""
    user_id = telegram_user_id(tracker)
    if user_id is None:
        return
    typed = str(tracker.latest_message.get("text") or "").strip()
    question = typed if typed and not typed.startswith("/") else None
    try:
        await usage.log_question(
            database().sessions, str(user_id), outcome, entry_id, question, institution_of(tracker)
        )
        if outcome == FALLBACK and question:
            await inbox.add(database().sessions, question, inbox.FALLBACK)
    except Exception:
        log.exception("Could not log a question turn")
