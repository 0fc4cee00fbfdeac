"""“Vazgeç”: leave whatever guided conversation is under way."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.dates import DATE_SLOTS
from actions.eligibility import ALL_SLOTS
from actions.texts import text


class ActionStop(Action):
    def name(self) -> str:
        return "action_stop"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        was_in_form = any(
            e.get("event") == "active_loop" and e.get("name") is None for e in tracker.events[-3:]
        )
        dispatcher.utter_message(
            text=text("forms.stopped" if was_in_form else "forms.nothing_to_stop")
        )
        return [SlotSet(slot, None) for slot in (*ALL_SLOTS, *DATE_SLOTS, "requested_slot")]
