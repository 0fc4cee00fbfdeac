"""The student's own application, from the store, for the linked Telegram account only.

The student is identified by the conversation's sender id, which the bot sets to the
Telegram user id: nothing the student types (a number, a name) selects a record.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import telegram_user_id
from actions.faq import ActionSuggestQuestions, answer_entry, student_votes, turn_outcome
from actions.resources import database
from actions.usage import note_turn
from staj.clock import LOCAL
from staj.faq.decision import speaks_of_own_status, status_question
from staj.staff.report import OWN_STATUS_ENTRY
from staj.staff.stats import ANSWERED
from staj.store.record_views import own_record
from staj.students.texts import text
from staj.students.view import status_message


class ActionApplicationStatus(Action):
    def name(self) -> str:
        return "action_application_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        user_id = telegram_user_id(tracker)
        record = await own_record(database().sessions, user_id) if user_id is not None else None
        typed = str(tracker.latest_message.get("text") or "").strip()
        if record is None and not typed.startswith("/"):  # typed by someone with no record
            # "bys başvurumun hangi aşamada olduğunu nereden görürüm": a FAQ question, whose
            # answer says more than "link your account" would.
            question = status_question(tracker.latest_message, votes=student_votes(tracker))
            if question is not None:
                return await answer_entry(dispatcher, tracker, question)
            if len(typed.split()) == 1 or not speaks_of_own_status(typed):
                # One word ("teklif"), or words that name nothing of an application ("bana
                # bir şiir yaz"): more likely another question.
                return await ActionSuggestQuestions().run(dispatcher, tracker, domain)
        if record is None:
            dispatcher.utter_message(text=text("status.not_linked"))
        else:
            today = datetime.now(LOCAL).date()
            dispatcher.utter_message(text=status_message(record, today))
        await note_turn(tracker, ANSWERED, OWN_STATUS_ENTRY)
        return turn_outcome(ANSWERED, tracker)
