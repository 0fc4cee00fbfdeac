"""The student tells which university they study at; it is remembered for later answers."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import entity_value, telegram_user_id
from actions.faq import payload
from actions.resources import database
from actions.texts import text
from staj.institutions import all_institutions, find_institution
from staj.store import preferences


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
    """Remember the university named in the message (or by a button), or ask which one."""

    def name(self) -> str:
        return "action_set_institution"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        chosen = entity_value(tracker, "institution")
        if chosen == "other":
            dispatcher.utter_message(text=text("institution.other"))
            return []
        code = (
            chosen
            if chosen in all_institutions()
            else find_institution(tracker.latest_message.get("text") or "")
        )
        if code is None:
            dispatcher.utter_message(text=text("institution.ask"), buttons=institution_buttons())
            return []
        user_id = telegram_user_id(tracker)
        if user_id is not None:
            await preferences.set_institution(database().sessions, user_id, code)
        institution = all_institutions()[code]
        dispatcher.utter_message(
            text=text("institution.saved", name=institution.name, short=institution.short)
        )
        return [SlotSet("institution", code)]
