"""The student tells which university they study at; it is remembered for later answers."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import entity_value
from actions.faq import answer_entry, payload
from actions.forms_common import latest_text
from actions.resources import votes
from actions.texts import text
from actions.university import save_institution
from staj.faq.decision import carried_question
from staj.institutions import all_institutions, find_institution, names_another_university


def institution_buttons() -> list[dict[str, str]]:
    buttons = [
        {"title": inst.short, "payload": payload("choose_institution", institution=code)}
        for code, inst in all_institutions().items()
    ]
    buttons.append(
        {
            "title": text("institution.button_other"),
            "payload": payload("choose_institution", institution="other"),
        }
    )
    return buttons


class ActionSetInstitution(Action):
    """Remember the university named in the message (or by a button), or ask which one; a
    question asked in the same message ("KSÜ'de staj koşulları neler?") is answered too, for
    that university."""

    def name(self) -> str:
        return "action_set_institution"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        chosen = entity_value(tracker, "institution")
        if chosen == "other":
            dispatcher.utter_message(text=text("institution.other"))
            return []
        message = latest_text(tracker)
        question = (
            None
            if message.startswith("/")  # a button says only which university
            else carried_question(tracker.latest_message, votes=votes(message))
        )
        code = chosen if chosen in all_institutions() else find_institution(message)
        if code is None:
            if question is not None:  # "Almanya'da okuyorum, katılabilir miyim?"
                return await answer_entry(dispatcher, tracker, question)
            if names_another_university(message):  # "İstanbul Üniversitesi öğrencisiyim"
                dispatcher.utter_message(text=text("institution.other"))
                return []
            dispatcher.utter_message(text=text("institution.ask"), buttons=institution_buttons())
            return []
        chosen_now = await save_institution(dispatcher, tracker, code)
        if question is None:
            return chosen_now
        return [*chosen_now, *await answer_entry(dispatcher, tracker, question, code)]
