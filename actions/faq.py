"""Answering FAQ questions from the knowledge base, and offering likely questions when unsure."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.computations import dated_computation_form
from actions.conversation import entity_value, institution_of
from actions.forms_common import latest_text
from actions.out_of_scope import utter_out_of_scope
from actions.resources import knowledge_base, votes
from actions.texts import text
from actions.university import save_institution, university_of_request
from actions.usage import note_turn
from staj.faq.answering import Scope
from staj.faq.decision import (
    Decision,
    Outcome,
    decide_faq,
    introduces_oneself,
    likeliest_about_conditions,
    rule_question_answer,
)
from staj.faq.model import FaqEntry
from staj.faq.presentation import answer_message
from staj.faq.voters import Votes
from staj.institutions import find_institution, names_another_university
from staj.rules.eligibility import asked_fact_entry, rule_question_entry
from staj.staff.stats import ANSWERED, FALLBACK
from staj.text.facts import parse_profile

Buttons = list[dict[str, str]]


def payload(intent: str, **entities: str) -> str:
    return f"/{intent}{json.dumps(entities, ensure_ascii=False)}" if entities else f"/{intent}"


def states_own_profile(tracker: Tracker) -> bool:
    """The student's message states their own class or average, or a programme outside the
    rule (yüksek lisans, açıköğretim), which the check answers with its own reply."""
    facts = parse_profile(str(tracker.latest_message.get("text") or ""))
    return (
        facts.year_of_study is not None
        or facts.gpa is not None
        or facts.bad_gpa is not None
        or facts.graduate_student
        or facts.open_education
    )


def wants_eligibility_verdict(decision: Decision, tracker: Tracker) -> bool:
    """The student asks about the application conditions (the entry answered, or every
    one suggested when unsure) and states their own class or average: the eligibility
    check answers that better than the general FAQ entry ("3. sınıfım, ortalamam 2.1,
    başvurabilir miyim?"). Not when the entry answered is that of a fact the student states
    and the check would first ask for others (``asked_fact_entry``), nor when the message
    asks what the rule requires of a fact it does not give ("3. sınıfım, ortalama kaç
    olmalı"): the decision answers that, or offers its likeliest questions."""
    profile = parse_profile(latest_text(tracker))
    return (
        likeliest_about_conditions(decision, knowledge_base().get())
        and states_own_profile(tracker)
        and asked_fact_entry(profile, decision.entry_id) is None
        and rule_question_entry(profile) is None
    )


def asked_institution(tracker: Tracker) -> str | None:
    """The university the message names, else the student's."""
    return find_institution(latest_text(tracker)) or institution_of(tracker)


def rule_answer(decision: Decision, tracker: Tracker) -> str | None:
    """The entry for a question about what the eligibility rule asks (rule_question_answer):
    in a check the NLU started for it, or for a FAQ question the decision is sure is about
    the conditions (a university's own rule then answers, not the national one)."""
    return rule_question_answer(
        latest_text(tracker), decision, knowledge_base().get(), asked_institution(tracker)
    )


async def introduction_turn(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """For a message that only says where the student studies ("ktu bilgisayar muhendisligi
    ogrencisiyim"), whatever intent the NLU gave it: remember the university, or say which
    universities' own rules are known. Done in this turn, so a guided conversation the
    message came in continues after it. None for any other message."""
    message = latest_text(tracker)
    if not introduces_oneself(message):
        return None
    code = find_institution(message)
    if code is not None:
        return await save_institution(dispatcher, tracker, code)
    if names_another_university(message):
        dispatcher.utter_message(text=text("institution.other"))
        return []
    return None


def turn_outcome(outcome: str, tracker: Tracker) -> list[EventType]:
    """Record the outcome; count consecutive turns the assistant could not answer."""
    misses = 0 if outcome == ANSWERED else int(tracker.get_slot("unanswered_in_a_row") or 0) + 1
    return [SlotSet("turn_outcome", outcome), SlotSet("unanswered_in_a_row", float(misses))]


def compose_answer(entry: FaqEntry, institution: str | None, today: date) -> tuple[str, Buttons]:
    """The answer message for ``entry``: text with source and notes, and its buttons."""
    message = answer_message(entry, institution, today)
    chosen = message.chosen
    buttons: Buttons = [
        {
            "title": text("faq.button_helpful"),
            "payload": payload("feedback", vote="up", faq_id=entry.id),
        },
        {
            "title": text("faq.button_not_helpful"),
            "payload": payload("feedback", vote="down", faq_id=entry.id),
        },
    ]
    if chosen.scope is Scope.UNKNOWN_INSTITUTION:
        buttons.append(
            {
                "title": text("faq.button_choose_institution"),
                "payload": payload("choose_institution"),
            }
        )
    return message.body, buttons


async def suggest_questions(
    dispatcher: CollectingDispatcher, tracker: Tracker, entry_ids: tuple[str, ...]
) -> list[EventType]:
    """Offer the likeliest FAQ questions as buttons, or ask to rephrase when none is likely.
    A university the message names ("ksüde okuyorum son tarihlerim ne") is remembered, as
    with an answer, so the next question is answered for it."""
    _, remembered = await university_of_request(tracker, [latest_text(tracker)])
    kb = knowledge_base().get()
    entries = [e for e in (kb.get(key) for key in entry_ids) if e is not None]
    human = {"title": text("fallback.button_human"), "payload": payload("ask_human")}
    second_miss = int(tracker.get_slot("unanswered_in_a_row") or 0) >= 1
    if entries:
        buttons = [{"title": e.title, "payload": payload("faq", faq_id=e.id)} for e in entries]
        buttons.append({"title": text("fallback.none_fits"), "payload": payload("none_fits")})
        message = text("fallback.suggest")
        if second_miss:  # the second miss in a row: a person may help more than guesses
            buttons.append(human)
            message = text("fallback.suggest_or_human")
        dispatcher.utter_message(text=message, buttons=buttons)
    else:
        dispatcher.utter_message(text=text("fallback.nothing_to_suggest"), buttons=[human])
    await note_turn(tracker, FALLBACK)
    return [*remembered, *turn_outcome(FALLBACK, tracker)]


async def answer_entry(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    entry_id: str,
    institution: str | None = None,
) -> list[EventType]:
    """Send the answer of ``entry_id`` for this student (for ``institution`` when the same
    message named it), with its source and buttons."""
    entry = knowledge_base().get().get(entry_id)
    if entry is None:
        dispatcher.utter_message(text=text("faq.unknown_entry"))
        await note_turn(tracker, FALLBACK)
        return turn_outcome(FALLBACK, tracker)
    message, buttons = compose_answer(entry, institution or institution_of(tracker), date.today())
    dispatcher.utter_message(text=message, buttons=buttons)
    await note_turn(tracker, ANSWERED, entry.id)
    return [*turn_outcome(ANSWERED, tracker), SlotSet("last_faq_id", entry.id)]


async def answer_for_named_university(
    dispatcher: CollectingDispatcher, tracker: Tracker, entry_id: str
) -> list[EventType]:
    """Answer a typed question; one that names a university ("KSÜ'de staj defteri var mı")
    is answered for that university, which is remembered if the student had none yet."""
    institution, remembered = await university_of_request(tracker, [latest_text(tracker)])
    return [*remembered, *await answer_entry(dispatcher, tracker, entry_id, institution)]


def student_votes(tracker: Tracker) -> Votes:
    """The lexical and linear votes on the latest message, from this student."""
    return votes(latest_text(tracker), institution_of(tracker))


class ActionAnswerFaq(Action):
    """Answer the FAQ entry the NLU chose (or the one a suggestion button named)."""

    def name(self) -> str:
        return "action_answer_faq"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        chosen_id = entity_value(tracker, "faq_id")  # a suggestion button names the entry
        if chosen_id is None:
            decision = decide_faq(tracker.latest_message, votes=student_votes(tracker))
            if decision.outcome is Outcome.OUT_OF_SCOPE:
                return await utter_out_of_scope(dispatcher, tracker)
            form = dated_computation_form(latest_text(tracker))
            if form is not None:  # the question gives its own start date: compute, not recite
                return [FollowupAction(form)]
            rule = rule_answer(decision, tracker) if decision.outcome is Outcome.ANSWER else None
            if rule is not None:  # "ksü'de kaçıncı sınıfta staja çıkılır": KSÜ's own rule
                return await answer_for_named_university(dispatcher, tracker, rule)
            if wants_eligibility_verdict(decision, tracker):
                return [FollowupAction("eligibility_form")]
            if decision.outcome is not Outcome.ANSWER or decision.entry_id is None:
                introduced = await introduction_turn(dispatcher, tracker)
                if introduced is not None:
                    return introduced
                return await suggest_questions(dispatcher, tracker, decision.suggestions)
            return await answer_for_named_university(dispatcher, tracker, decision.entry_id)
        return await answer_entry(dispatcher, tracker, chosen_id)


class ActionSuggestQuestions(Action):
    """The NLU was unsure: offer the likeliest questions ("Bunu mu demek istediniz?")."""

    def name(self) -> str:
        return "action_suggest_questions"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        decision = decide_faq(tracker.latest_message, votes=student_votes(tracker))
        if decision.outcome is Outcome.OUT_OF_SCOPE:
            return await utter_out_of_scope(dispatcher, tracker)
        form = dated_computation_form(latest_text(tracker))
        if form is not None:
            return [FollowupAction(form)]
        rule = rule_answer(decision, tracker) if decision.outcome is Outcome.ANSWER else None
        if rule is not None:
            return await answer_for_named_university(dispatcher, tracker, rule)
        if wants_eligibility_verdict(decision, tracker):
            return [FollowupAction("eligibility_form")]
        if decision.outcome is Outcome.ANSWER and decision.entry_id:
            return await answer_for_named_university(dispatcher, tracker, decision.entry_id)
        introduced = await introduction_turn(dispatcher, tracker)
        if introduced is not None:
            return introduced
        suggested = decision.suggestions or ((decision.entry_id,) if decision.entry_id else ())
        return await suggest_questions(dispatcher, tracker, suggested)


class ActionNoneFits(Action):
    """None of the suggested questions fitted: suggest rephrasing or a counselor."""

    def name(self) -> str:
        return "action_none_fits"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        human = {"title": text("fallback.button_human"), "payload": payload("ask_human")}
        dispatcher.utter_message(text=text("fallback.rephrase_or_human"), buttons=[human])
        await note_turn(tracker, FALLBACK)
        return turn_outcome(FALLBACK, tracker)


class ActionNotUnderstood(Action):
    """The message had no recognisable words: ask to rephrase, with examples."""

    def name(self) -> str:
        return "action_not_understood"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(text=text("fallback.nothing_to_suggest"))
        await note_turn(tracker, FALLBACK)
        return turn_outcome(FALLBACK, tracker)
