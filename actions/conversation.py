"""Reading a Rasa tracker: who is talking, their university, and what they asked."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from staj.institutions import institution_codes

# The outcome of a turn, kept in the `turn_outcome` slot: `stajbot ask` and the handoff
# offer read it to know whether the assistant really answered.


def metadata(tracker: Tracker) -> dict[str, Any]:
    return dict(tracker.latest_message.get("metadata") or {})


def institution_of(tracker: Tracker) -> str | None:
    """The student's university: chosen in this conversation, else as the bot knows it."""
    value = tracker.get_slot("institution") or metadata(tracker).get("institution")
    return value if value in institution_codes() else None


def telegram_user_id(tracker: Tracker) -> int | None:
    """The Telegram user behind the conversation (None for `stajbot ask` and tests' users)."""
    return int(tracker.sender_id) if tracker.sender_id and tracker.sender_id.isdigit() else None


def last_question(tracker: Tracker) -> str:
    """The student's last typed message, skipping button payloads."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            text = (event.get("text") or "").strip()
            if text and not text.startswith("/"):
                return text
    return ""


def request_texts(tracker: Tracker, form: str) -> list[str]:
    """The student's messages of the request ``form`` is answering, latest first: those since
    the form began and the one that began it ("ksü'de son tarihlerim ne", then "7 temmuz")."""
    texts: list[str] = []
    started = False
    for event in reversed(tracker.events):
        if event.get("event") == "active_loop" and event.get("name") == form:
            started = True
        elif event.get("event") == "active_loop" and event.get("name") is None and texts:
            break  # an earlier request's form ended: the form did not run for this one
        elif event.get("event") == "user":
            texts.append(str(event.get("text") or ""))
            if started:
                return texts
    return texts[:1]


def entity_value(tracker: Tracker, name: str) -> str | None:
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == name and isinstance(entity.get("value"), str):
            return str(entity["value"])
    return None
