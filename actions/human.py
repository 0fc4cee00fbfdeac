"""A student asks for a person."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.texts import text


class ActionAskHuman(Action):
    """Tell the student how to reach a career counselor."""

    def name(self) -> str:
        return "action_ask_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(text=text("human.contact"))
        return [SlotSet("unanswered_in_a_row", 0.0)]
