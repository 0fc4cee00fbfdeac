"""What `stajbot ask --json` reports about a turn, read from the conversation's tracker."""

from __future__ import annotations

from typing import Any

from cli.ask import understanding


def _tracker(intent: str, *events: dict[str, Any]) -> dict[str, Any]:
    return {
        "latest_message": {"intent": {"name": intent, "confidence": 0.98}},
        "events": [
            {"event": "slot", "name": "last_faq_id", "value": "usp-sigorta"},  # an earlier turn
            {"event": "user", "text": "..."},
            *events,
        ],
    }


def test_the_answered_entry_is_the_one_the_turn_answered_with() -> None:
    # The NLU's guess and the answer may differ: the decision also weighs other votes.
    tracker = _tracker(
        "faq",
        {"event": "slot", "name": "turn_outcome", "value": "answered"},
        {"event": "slot", "name": "last_faq_id", "value": "usp-ucret"},
    )
    assert understanding(tracker) == ("faq", 0.98, False, "usp-ucret")


def test_no_entry_is_reported_for_suggestions_or_an_earlier_turns_answer() -> None:
    suggested = _tracker("faq", {"event": "slot", "name": "turn_outcome", "value": "fallback"})
    assert understanding(suggested)[2:] == (True, None)
    computed = _tracker("ask_end_date", {"event": "action", "name": "date_form"})
    assert understanding(computed)[2:] == (False, None)
