"""A student asks for a person."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import institution_of, telegram_user_id
from actions.dates import DATE_SLOTS
from actions.eligibility import ALL_SLOTS
from actions.texts import text
from staj.institutions import contact_for


class ActionAskHuman(Action):
    """Hand the student over to a counselor: the bot opens the request in the counselors'
    group (only the bot talks to Telegram), or, for a conversation that is not on Telegram
    (`stajbot ask`), say how to reach one."""

    def name(self) -> str:
        return "action_ask_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if telegram_user_id(tracker) is None:
            contact = contact_for(institution_of(tracker))
            dispatcher.utter_message(text=text("human.contact", contact=contact))
        else:
            dispatcher.utter_message(json_message={"handoff": True})
        # A guided conversation left for a person is over: nothing half-asked lingers after.
        forms = [SlotSet(slot, None) for slot in (*ALL_SLOTS, *DATE_SLOTS, "requested_slot")]
        return [SlotSet("unanswered_in_a_row", 0.0), *forms]
