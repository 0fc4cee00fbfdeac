"""Questions outside internships: say so briefly and point to who can help. (The action the
rules call, action_out_of_scope, is in actions/routing.py: a message may only look off-topic.)"""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.texts import text
from actions.usage import note_turn
from staj.out_of_scope import default_ask, out_of_scope_topic
from staj.staff.stats import OUT_OF_SCOPE


async def utter_out_of_scope(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    topic = out_of_scope_topic(tracker.latest_message.get("text") or "")
    if topic:
        dispatcher.utter_message(text=text("out_of_scope.known_topic", ask=topic.ask))
    else:
        ask = default_ask()
        dispatcher.utter_message(text=text("out_of_scope.general", ask=ask[:1].upper() + ask[1:]))
    await note_turn(tracker, OUT_OF_SCOPE)
    # Out of scope is an honest answer, not a failure to understand: it does not count as a miss.
    return [SlotSet("turn_outcome", OUT_OF_SCOPE), SlotSet("unanswered_in_a_row", 0.0)]
