"""Questions outside internships: say so briefly and point to who can help."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import OUT_OF_SCOPE, last_question
from actions.resources import answering_policy, out_of_scope_topics
from actions.texts import text
from staj.text import fold_turkish


def _folded_words(message: str) -> str:
    return " " + " ".join(re.sub(r"[^\w]+", " ", fold_turkish(message).replace("'", "")).split())


def out_of_scope_topic(message: str) -> dict[str, Any] | None:
    """The out-of-scope topic ``message`` is about (Erasmus, dormitories, ...), if any."""
    words = _folded_words(message)
    mentions_internship = " staj" in words
    for topic in out_of_scope_topics()["topics"].values():
        if any(f" {phrase}" in words for phrase in topic.get("unless", [])):
            continue
        named = any(f" {keyword}" in words for keyword in topic["keywords"])
        if named and (topic.get("always") or not mentions_internship):
            return dict(topic)
    return None


def looks_out_of_scope(tracker: Tracker) -> bool:
    """True when the NLU leans to out_of_scope or the words name a non-internship topic."""
    ranking = tracker.latest_message.get("intent_ranking") or []
    threshold = answering_policy().out_of_scope_min_confidence
    if any(
        i.get("name") == "out_of_scope" and float(i.get("confidence", 0)) >= threshold
        for i in ranking
    ):
        return True
    return out_of_scope_topic(tracker.latest_message.get("text") or "") is not None


def utter_out_of_scope(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    topic = out_of_scope_topic(tracker.latest_message.get("text") or last_question(tracker))
    if topic:
        dispatcher.utter_message(text=text("out_of_scope.known_topic", ask=topic["ask"]))
    else:
        ask = out_of_scope_topics()["default_ask"]
        dispatcher.utter_message(text=text("out_of_scope.general", ask=ask[:1].upper() + ask[1:]))
    # Out of scope is an honest answer, not a failure to understand: it does not count as a miss.
    return [SlotSet("turn_outcome", OUT_OF_SCOPE), SlotSet("unanswered_in_a_row", 0.0)]


class ActionOutOfScope(Action):
    def name(self) -> str:
        return "action_out_of_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        return utter_out_of_scope(dispatcher, tracker)
