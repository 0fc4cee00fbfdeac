"""👍/👎 on an answer: stored with the question so admins can improve the data."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import entity_value, institution_of, last_question
from actions.faq import payload
from actions.resources import database, knowledge_base
from actions.texts import text
from staj.store import inbox
from staj.store.feedback import record_feedback


class ActionRecordFeedback(Action):
    def name(self) -> str:
        return "action_record_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        vote = entity_value(tracker, "vote")
        entry_id = entity_value(tracker, "faq_id")
        if (
            vote not in ("up", "down")
            or entry_id is None
            or knowledge_base().get().get(entry_id) is None
        ):
            return []  # not a button we issued: nothing to record
        helpful = vote == "up"
        await record_feedback(
            database().sessions, entry_id, helpful, last_question(tracker), institution_of(tracker)
        )
        if not helpful:
            await inbox.add(database().sessions, last_question(tracker), inbox.DOWNVOTE, entry_id)
        if helpful:
            dispatcher.utter_message(text=text("feedback.thanks_helpful"))
        else:
            human = {"title": text("fallback.button_human"), "payload": payload("ask_human")}
            dispatcher.utter_message(text=text("feedback.thanks_not_helpful"), buttons=[human])
        return []
