"""Remembering the student's university, wherever the dialogue learns it: a button, a
sentence that names it, or a question that names it."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import telegram_user_id
from actions.resources import database
from actions.texts import text
from staj.institutions import all_institutions
from staj.store import preferences


async def remember_institution(tracker: Tracker, code: str) -> list[EventType]:
    """Store ``code`` as the student's university (for later conversations too) and set it
    for this one."""
    user_id = telegram_user_id(tracker)
    if user_id is not None:
        await preferences.set_institution(database().sessions, user_id, code)
    return [SlotSet("institution", code)]


async def save_institution(
    dispatcher: CollectingDispatcher, tracker: Tracker, code: str
) -> list[EventType]:
    """Remember ``code`` and tell the student their questions are now answered for it."""
    remembered = await remember_institution(tracker, code)
    institution = all_institutions()[code]
    dispatcher.utter_message(
        text=text("institution.saved", name=institution.name, short=institution.short)
    )
    return remembered
