"""Remembering the student's university, wherever the dialogue learns it: a button, a
sentence that names it, or a question that names it."""

from __future__ import annotations

from collections.abc import Iterable

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import institution_of, telegram_user_id
from actions.resources import database
from actions.texts import text
from staj.institutions import all_institutions, find_institution
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


async def university_of_request(
    tracker: Tracker, messages: Iterable[str]
) -> tuple[str | None, list[EventType]]:
    """The university a request is about: the one the latest of ``messages`` that names one
    names ("ksü'de okuyorum, stajım 7 temmuzda başlıyor"), remembered when the student had
    none yet; else the student's own. The events remember it. A button's payload names no
    university, whatever its ids spell."""
    own = institution_of(tracker)
    for message in messages:
        named = None if message.startswith("/") else find_institution(message)
        if named is not None:
            return named, [] if own else await remember_institution(tracker, named)
    return own, []
