"""What the forms share: telling an answer from a question asked in the middle of a form."""

from __future__ import annotations

from datetime import date

from rasa_sdk import Tracker

INVALID = "invalid:"
# Intents that mean "the student asked something else", not "the student answered badly".
_OTHER_REQUESTS = {
    "faq", "out_of_scope", "greet", "goodbye", "thank", "help", "bot_challenge", "ask_human",
    "choose_institution", "stop", "checklist_start", "checklist_next", "checklist", "feedback",
    "check_eligibility", "ask_end_date", "ask_deadlines",
}  # fmt: skip
_CONFIDENT = 0.6


def latest_text(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")


def is_answer_attempt(tracker: Tracker) -> bool:
    """True unless the NLU is confident the student asked for something else."""
    intent = tracker.latest_message.get("intent") or {}
    other = (
        intent.get("name") in _OTHER_REQUESTS and float(intent.get("confidence") or 0) >= _CONFIDENT
    )
    return not other and not latest_text(tracker).startswith("/")


def invalid(value: str) -> str:
    return INVALID + value.strip()[:80]


def invalid_value(slot_value: object) -> str | None:
    """The raw text of an invalid answer, or None when ``slot_value`` is a real value."""
    if isinstance(slot_value, str) and slot_value.startswith(INVALID):
        return slot_value.removeprefix(INVALID)
    return None


def today() -> date:
    return date.today()
