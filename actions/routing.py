"""A message the dialogue has no rule for: a bare answer outside any guided conversation
("3. sınıf", "14.07.2025"), a form answer after a restart, a question that carries its own
facts. It goes to the flow its facts belong to, or to the clarifying suggestions: never to
silence, which the student would only meet as an apology."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.computations import FORM_FOR
from actions.faq import (
    ActionSuggestQuestions,
    answer_for_named_university,
    introduction_turn,
    payload,
    student_votes,
    suggest_questions,
)
from actions.forms_common import latest_text, today
from actions.out_of_scope import utter_out_of_scope
from actions.texts import text
from staj.faq.decision import Outcome, about_internships, instead_of_form
from staj.rules.calendar import format_date
from staj.text.requests import Computation, computation_in, start_date_in


class ActionRouteMessage(Action):
    """Start the flow the message's facts belong to, ask what a lone date is for, or suggest."""

    def name(self) -> str:
        return "action_route_message"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        message = latest_text(tracker)
        computation = None if message.startswith("/") else computation_in(message, today())
        if computation in FORM_FOR:
            return [FollowupAction(FORM_FOR[computation])]
        if computation is Computation.START_DATE_ONLY:
            start = start_date_in(message, today())
            if start is not None:
                dispatcher.utter_message(
                    text=text("routing.date_for_what", day=format_date(start, long=True)),
                    buttons=[
                        {
                            "title": text("routing.button_end_date"),
                            "payload": payload("ask_end_date"),
                        },
                        {
                            "title": text("routing.button_deadlines"),
                            "payload": payload("ask_deadlines"),
                        },
                    ],
                )
                return [SlotSet("staj_start", start.isoformat())]
        return await ActionSuggestQuestions().run(dispatcher, tracker, domain)


class ActionStartComputation(Action):
    """Runs before a guided conversation the NLU chose (eligibility, end date, deadlines).
    A message that gives none of its facts and is off topic, or surely another question,
    gets that reply instead, and the conversation does not start; otherwise the rule goes
    on to the form."""

    def name(self) -> str:
        return "action_start_computation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        message = latest_text(tracker)
        if message.startswith("/"):  # a button asked for the conversation itself
            return []
        instead = instead_of_form(
            tracker.latest_message,
            votes=student_votes(tracker),
            has_facts=computation_in(message, today()) is not None,
        )
        if instead is None:
            return []
        if instead.outcome is Outcome.SUGGEST:
            events = await suggest_questions(dispatcher, tracker, instead.suggestions)
        elif instead.outcome is Outcome.OUT_OF_SCOPE or instead.entry_id is None:
            events = await utter_out_of_scope(dispatcher, tracker)
        else:
            events = await answer_for_named_university(dispatcher, tracker, instead.entry_id)
        return [*events, FollowupAction("action_listen")]  # not the form the rule goes on to


class ActionDefaultFallback(ActionRouteMessage):
    """Rasa's own fallback when no rule predicts an action: route like any unruled message
    (the built-in one would send nothing and revert the student's message)."""

    def name(self) -> str:
        return "action_default_fallback"


class ActionOutOfScope(Action):
    """Say the message is outside internships, unless it only introduces the student ("ktu
    bilgisayar muhendisligi ogrencisiyim", which the NLU may take for off-topic): that
    names the university, which is remembered, or one whose own rules the assistant does
    not know, which the student is told. A message that says "staj", or whose off-topic verdict
    the votes doubt (about_internships), goes to the FAQ decision instead."""

    def name(self) -> str:
        return "action_out_of_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        introduced = await introduction_turn(dispatcher, tracker)
        if introduced is not None:
            return introduced
        if about_internships(tracker.latest_message, student_votes(tracker)):
            # "hafta sonları da staja gidecek miyiz" is about internships whatever the NLU
            # thought: the FAQ decision says off-topic only when the NLU is very sure, and
            # otherwise offers its likeliest questions. A verdict the votes doubt ("iki teklif
            # geldi hangisini secmeliyim") is decided as a FAQ question, answered when sure.
            return await ActionSuggestQuestions().run(dispatcher, tracker, domain)
        return await utter_out_of_scope(dispatcher, tracker)
