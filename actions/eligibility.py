"""“Başvurabilir miyim?”: collect the student's facts, then give a verdict with its rule."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import institution_of
from actions.faq import compose_answer, rule_answer, student_votes
from actions.forms_common import invalid, invalid_value, is_answer_attempt, latest_text, today
from actions.resources import knowledge_base
from actions.texts import text
from staj.faq.decision import decide_faq
from staj.faq.presentation import source_line, year_line
from staj.institutions import national_programme
from staj.rules.eligibility import (
    Level,
    StudentFacts,
    current_year,
    evaluate,
    fact_entry,
    implied_level,
    needed_facts,
    rule_question_entry,
    rule_set,
)
from staj.text.facts import parse_profile
from staj.text.numbers import decimal

SLOT_OF_FACT = {"level": "elig_level", "year_of_study": "elig_year", "gpa": "elig_gpa"}
BARE_NUMBER_FOR = {"elig_gpa": "gpa", "elig_year": "year_of_study"}
EXTRA_SLOTS = ("elig_field", "elig_graduating", "elig_double_major")
TOPIC_SLOT = "elig_topic"  # a FAQ entry that answers the one fact the student asked about
ALL_SLOTS = (*SLOT_OF_FACT.values(), *EXTRA_SLOTS, TOPIC_SLOT)
# Students of programmes outside the rule's formal (örgün) ön lisans and lisans: the reply
# that says so (actions/texts.yml), kept in elig_field in place of an excluded field.
GRADUATE = "lisansustu"
OPEN_EDUCATION = "acikogretim"
OUTSIDE_THE_PROGRAMME = {
    GRADUATE: "eligibility.graduate_student",
    OPEN_EDUCATION: "eligibility.open_education",
}


def facts_from(slots: dict[str, Any]) -> StudentFacts:
    def good(slot: str) -> Any:
        value = slots.get(slot)
        return None if value is None or invalid_value(value) is not None else value

    level, year, gpa = good("elig_level"), good("elig_year"), good("elig_gpa")
    return StudentFacts(
        level=Level(level) if level in (Level.LISANS, Level.ON_LISANS) else None,
        year_of_study=int(float(year)) if year is not None else None,
        gpa=float(gpa) if gpa is not None else None,
        excluded_field=slots.get("elig_field"),
        graduating=bool(slots.get("elig_graduating")),
        double_major=bool(slots.get("elig_double_major")),
    )


class ValidateEligibilityForm(FormValidationAction):
    def name(self) -> str:
        return "validate_eligibility_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        """Only what is still needed for a verdict (no average for ön lisans 1st year, say)."""
        slots = tracker.slots
        if slots.get("elig_field") in OUTSIDE_THE_PROGRAMME:
            return ["elig_field"]
        if slots.get(TOPIC_SLOT):
            return [TOPIC_SLOT]
        known = [s for s in SLOT_OF_FACT.values() if slots.get(s) is not None]
        needed = [SLOT_OF_FACT[f] for f in needed_facts(facts_from(slots))]
        extras = [s for s in EXTRA_SLOTS if slots.get(s) is not None]
        return [*known, *(s for s in needed if s not in known), *extras]

    async def extract_elig_level(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Read every fact in the message at once (this runs for the whole form)."""
        requested = tracker.get_slot("requested_slot")
        message = latest_text(tracker)
        if message.startswith("/"):
            return {}
        facts = parse_profile(message, bare_number=BARE_NUMBER_FOR.get(str(requested)))
        found: dict[str, Any] = {}
        if facts.graduate_student:
            return {"elig_field": GRADUATE}
        if facts.open_education:
            return {"elig_field": OPEN_EDUCATION}
        single = facts.single_fact if requested is None else None
        entry_id = fact_entry(single) if single else None
        if entry_id is not None:  # "KKTC'de okuyorum başvurabilir miyim": that fact's answer
            return {TOPIC_SLOT: entry_id}
        if requested is None and rule_question_entry(facts) is not None:
            # "ön lisansta hangi sınıflar başvurabiliyor": the rule, not the student's class
            as_question = {**tracker.latest_message, "intent": {"name": "faq"}}
            rule = rule_answer(decide_faq(as_question, votes=student_votes(tracker)), tracker)
            if rule is not None:
                return {TOPIC_SLOT: rule}
        if facts.level:
            found["elig_level"] = facts.level
        if facts.year_of_study is not None:
            found["elig_year"] = str(facts.year_of_study)
            implied = implied_level(None, facts.year_of_study)  # "4. sınıftayım": lisans
            if implied and not (facts.level or tracker.get_slot("elig_level")):
                found["elig_level"] = implied
        elif facts.bad_year_of_study:
            found["elig_year"] = invalid(facts.bad_year_of_study)
        if facts.gpa is not None:
            found["elig_gpa"] = f"{facts.gpa:.2f}"
        elif facts.bad_gpa and (requested == "elig_gpa" or "elig_gpa" not in found):
            found["elig_gpa"] = invalid(facts.bad_gpa)
        if facts.excluded_field:
            found["elig_field"] = facts.excluded_field
        if facts.graduating:
            found["elig_graduating"] = True
        if facts.double_major:
            found["elig_double_major"] = True
        if not found and requested in SLOT_OF_FACT.values() and is_answer_attempt(tracker):
            found[str(requested)] = invalid(message)
        return found

    def validate_elig_level(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if invalid_value(value) is not None:
            dispatcher.utter_message(text=text("eligibility.bad_level"))
            return {"elig_level": None}
        return {"elig_level": value}

    def validate_elig_year(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        bad = invalid_value(value)
        if bad is not None:
            dispatcher.utter_message(text=text("eligibility.bad_year", value=bad))
            return {"elig_year": None}
        return {"elig_year": value}

    def validate_elig_gpa(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        bad = invalid_value(value)
        if bad is not None:
            number = bad.replace(",", ".")
            # 75 looks like a 100-point average; 5.2 is simply out of range.
            hundred = number.replace(".", "", 1).isdigit() and 10 < float(number) <= 100
            dispatcher.utter_message(
                text=text(
                    "eligibility.bad_gpa_hundred" if hundred else "eligibility.bad_gpa", value=bad
                )
            )
            return {"elig_gpa": None}
        return {"elig_gpa": value}

    def validate_elig_field(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"elig_field": value}

    def validate_elig_topic(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {TOPIC_SLOT: value}

    def validate_elig_graduating(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"elig_graduating": value}

    def validate_elig_double_major(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"elig_double_major": value}


def capitalised(values: dict[str, str]) -> dict[str, str]:
    """Values open a bullet line: "Tıp fakültesi ...", "Lisans öğrencilerinden ..."."""
    return {k: v[:1].upper() + v[1:] for k, v in values.items()}


def describe(facts: StudentFacts) -> str:
    parts = []
    if facts.level:
        parts.append(text(f"eligibility.fact_{facts.level.value}"))
    if facts.year_of_study == 0:
        parts.append(text("eligibility.fact_prep_year"))
    elif facts.year_of_study is not None:
        parts.append(text("eligibility.fact_year", year=facts.year_of_study))
    if facts.gpa is not None:
        parts.append(text("eligibility.fact_gpa", gpa=decimal(facts.gpa, 2)))
    if facts.graduating:
        parts.append(text("eligibility.fact_graduating"))
    if facts.double_major:
        parts.append(text("eligibility.fact_double_major"))
    return ", ".join(parts)


class ActionEligibilityVerdict(Action):
    """The verdict, the rule behind it, and the caveats that matter."""

    def name(self) -> str:
        return "action_eligibility_verdict"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        reset = [SlotSet(slot, None) for slot in ALL_SLOTS]
        outside = OUTSIDE_THE_PROGRAMME.get(str(tracker.get_slot("elig_field")))
        if outside is not None:
            year = current_year()
            source = rule_set(national_programme(), year)["source"]
            lines = [text(outside), "", year_line(year, passed=year < today().year)]
            lines.append(source_line(source["seed"], source["part"]))
            dispatcher.utter_message(text="\n".join(lines))
            return reset
        entry = knowledge_base().get().get(str(tracker.get_slot(TOPIC_SLOT) or ""))
        if entry is not None:
            message, buttons = compose_answer(entry, institution_of(tracker), today())
            dispatcher.utter_message(text=message, buttons=buttons)
            return reset
        facts = facts_from(tracker.slots)
        verdict = evaluate(facts)
        if verdict.eligible is None:  # the form ended without the facts (should not happen)
            dispatcher.utter_message(text=text("fallback.nothing_to_suggest"))
            return reset
        if not verdict.eligible:
            heading = "eligibility.not_eligible"
        else:
            heading = "eligibility.eligible_if" if verdict.conditions else "eligibility.eligible"
        lines = [text(heading, rule=verdict.rule_label)]
        lines += [
            text(f"eligibility.reason_{r.code}", **capitalised(r.values)) for r in verdict.reasons
        ]
        lines += [f"• {condition}" for condition in verdict.conditions]
        summary = describe(facts)
        if summary:
            lines.append(text("eligibility.summary", facts=summary))
        if verdict.caveats:
            lines += ["", text("eligibility.caveats"), *(f"• {c}" for c in verdict.caveats)]
        lines += ["", year_line(verdict.year, passed=verdict.year < today().year)]
        lines.append(source_line(verdict.source["seed"], verdict.source["part"]))
        dispatcher.utter_message(text="\n".join(lines))
        return reset
