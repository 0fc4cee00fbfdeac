"""The guided conversations' actions: forms' extraction and validation, the verdicts and
computations they end in, the checklist, and the routing of messages no rule expects."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from actions.checklist import ActionChecklist
from actions.dates import ActionDeadlines, ActionEndDate, ValidateDeadlinesForm, ValidateEndDateForm
from actions.eligibility import ActionEligibilityVerdict, ValidateEligibilityForm
from actions.human import ActionAskHuman
from actions.institution import ActionSetInstitution
from actions.resources import ActionResources
from actions.routing import ActionDefaultFallback, ActionRouteMessage, ActionStartComputation
from actions.stop import ActionStop
from actions.texts import text
from staj.rules.checklist import checklist_for
from staj.store import preferences
from staj.store.checklist import load_progress
from tests.unit.actions.conftest import STUDENT, followup, run, slot_events, tracker

NEXT_YEAR = date.today().year + 1


def _form_tracker(text_: str, requested: str | None, **slots: Any) -> Any:
    given = tracker(text_, intent="inform")
    given.slots.update({"requested_slot": requested, **slots})
    return given


async def test_end_date_form_reads_date_and_both_lengths_in_one_message(
    resources: ActionResources,
) -> None:
    given = _form_tracker(f"14.07.{NEXT_YEAR} de başlıyorum 20 iş günü haftada 5", "staj_start")
    form = ValidateEndDateForm()
    assert (await form.extract_staj_start(None, given, {}))["staj_start"] == f"{NEXT_YEAR}-07-14"  # type: ignore[arg-type]
    lengths = await form.extract_staj_working_days(None, given, {})  # type: ignore[arg-type]
    assert lengths == {"staj_working_days": "20", "staj_days_per_week": "5"}


async def test_a_date_given_for_the_length_changes_the_start(resources: ActionResources) -> None:
    """Asked for the days, the student types a date: it is the start they meant, not a
    length to scold ("“14.07.2031” geçerli bir süre değil")."""
    given = _form_tracker(f"14.07.{NEXT_YEAR}", "staj_working_days", staj_start="2031-01-01")
    form = ValidateEndDateForm()
    assert await form.extract_staj_start(None, given, {}) == {"staj_start": f"{NEXT_YEAR}-07-14"}  # type: ignore[arg-type]
    assert await form.extract_staj_working_days(None, given, {}) == {}  # type: ignore[arg-type]
    given = _form_tracker("yirmi bir", "staj_working_days")  # no date: a bad length, said so
    assert "staj_working_days" in await form.extract_staj_working_days(None, given, {})  # type: ignore[arg-type]


async def test_an_impossible_date_is_explained(resources: ActionResources) -> None:
    given = _form_tracker("31.02.2031", "staj_start")
    form = ValidateDeadlinesForm()
    value = (await form.extract_staj_start(None, given, {}))["staj_start"]  # type: ignore[arg-type]
    messages, _ = await run_validation(form.validate_staj_start, value, given)
    assert messages[0]["text"].startswith("31.02.2031") or "tarih" in messages[0]["text"]


async def run_validation(
    validate: Any, value: Any, given: Any
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    result = validate(value, dispatcher, given, {})
    return dispatcher.messages, result


async def test_end_date_skips_holidays_and_remembers_the_start(resources: ActionResources) -> None:
    slots = {"staj_start": f"{NEXT_YEAR}-07-13", "staj_working_days": "20",
             "staj_days_per_week": "5"}  # fmt: skip
    messages, events = await run(ActionEndDate(), tracker("", intent="inform", slots=slots))
    assert "son günü" in messages[0]["text"] and f"15.07.{NEXT_YEAR}" in messages[0]["text"]
    assert slot_events(events) == dict.fromkeys(slots)
    progress = await load_progress(
        resources.database.sessions, int(STUDENT), checklist_for(None).code
    )
    assert progress.start_date == date(NEXT_YEAR, 7, 13)


async def test_deadlines_split_the_students_own_from_the_employers(
    resources: ActionResources,
) -> None:
    start = date.today() + timedelta(days=60)
    messages, events = await run(
        ActionDeadlines(),
        tracker("", intent="inform", slots={"staj_start": start.isoformat(), "institution": "ktu"}),
    )
    body = messages[0]["text"]
    assert body.index(text("dates.own_title")) < body.index(text("dates.expected_title"))
    assert "BYS" in body and text("dates.calendar_days") in body
    assert slot_events(events) == {"staj_start": None}


async def test_deadlines_are_the_named_universitys_and_it_is_remembered(
    resources: ActionResources,
) -> None:
    """The university the request named, in the message that began it, chooses the
    deadlines: a KSÜ student is not given KTÜ's BYS day, and KSÜ is remembered."""
    start = date.today() + timedelta(days=60)
    began = {"event": "user", "text": "ksü'de okuyorum, son tarihlerim ne"}
    form = {"event": "active_loop", "name": "deadlines_form"}
    given = tracker(
        "7 temmuz", intent="inform", slots={"staj_start": start.isoformat()},
        events=[began, {"event": "action", "name": "deadlines_form"}, form],
    )  # fmt: skip
    messages, events = await run(ActionDeadlines(), given)
    body = messages[0]["text"]
    assert "KSÜ" in body and "BYS" not in body
    assert text("dates.other_universities") not in body
    assert slot_events(events) == {"institution": "ksu", "staj_start": None}
    assert await preferences.get_institution(resources.database.sessions, int(STUDENT)) == "ksu"
    # A student whose university is known keeps it, and an earlier request's words do not count.
    earlier = [began, form, {"event": "active_loop", "name": None}]
    again = tracker(
        "stajım 3 ağustosta başlıyor son tarihler", intent="inform",
        slots={"staj_start": start.isoformat(), "institution": "ktu"}, events=earlier,
    )  # fmt: skip
    messages, events = await run(ActionDeadlines(), again)
    assert "BYS" in messages[0]["text"] and slot_events(events) == {"staj_start": None}


async def test_the_checklist_is_the_named_universitys(resources: ActionResources) -> None:
    messages, events = await run(
        ActionChecklist(), tracker("ktü öğrencisiyim kontrol listesi", intent="checklist")
    )
    assert checklist_for("ktu").name in messages[0]["text"]
    assert slot_events(events) == {"institution": "ktu"}
    # A button's payload names no university, whatever its step ids spell.
    step = checklist_for("ksu").steps[0].id
    _, events = await run(
        ActionChecklist(),
        tracker(f'/checklist{{"do":"done","step":"{step}"}}', intent="checklist",
                entities={"do": "done", "step": step}),
    )  # fmt: skip
    assert slot_events(events) == {}


async def test_eligibility_reads_every_fact_at_once_and_decides(resources: ActionResources) -> None:
    form = ValidateEligibilityForm()
    given = _form_tracker("lisans 3. sınıfım ortalamam 2,1", None)
    facts = await form.extract_elig_level(None, given, {})  # type: ignore[arg-type]
    assert facts == {"elig_level": "lisans", "elig_year": "3", "elig_gpa": "2.10"}
    messages, events = await run(
        ActionEligibilityVerdict(), tracker("", intent="inform", slots=facts)
    )
    assert messages[0]["text"].startswith("✅") and "2,10" in messages[0]["text"]
    assert all(value is None for value in slot_events(events).values())


async def test_a_third_or_later_class_is_lisans_without_asking(resources: ActionResources) -> None:
    form = ValidateEligibilityForm()
    given = _form_tracker("4. sınıftayım şubatta mezun olacağım başvurabilir miyim", None)
    facts = await form.extract_elig_level(None, given, {})  # type: ignore[arg-type]
    assert facts["elig_level"] == "lisans" and facts["elig_year"] == "4"
    # A level the student gave stays theirs: "ön lisans" then "3" is a class to correct.
    given = _form_tracker("3. sınıf", "elig_year", elig_level="on_lisans")
    facts = await form.extract_elig_level(None, given, {})  # type: ignore[arg-type]
    assert "elig_level" not in facts and facts["elig_year"] == "3"


@pytest.mark.parametrize(
    ("message", "entry_id"),
    [
        ("KKTC'de okuyorum başvurabilir miyim", "usp-yurt-disi-kktc"),
        # The rule, not the student's class, when the NLU took it for the check.
        ("önlisansta hangi sınıflar başvurabiliyor", "usp-sinif-sarti"),
    ],
)
async def test_a_question_about_one_fact_or_its_rule_gets_that_entry(
    resources: ActionResources, message: str, entry_id: str
) -> None:
    form = ValidateEligibilityForm()
    found = await form.extract_elig_level(None, _form_tracker(message, None), {})  # type: ignore[arg-type]
    assert found == {"elig_topic": entry_id}
    messages, _ = await run(ActionEligibilityVerdict(), tracker("", slots=found))
    entry = resources.knowledge_base.get().get(entry_id)
    assert entry is not None and entry.answers[0].text.strip()[:50] in messages[0]["text"]


async def test_programmes_outside_the_rule_are_told_so_with_the_source(
    resources: ActionResources,
) -> None:
    """A master's or an open-education (açıköğretim) student is told the programme is for
    formal ön lisans and lisans students, with the rule's source, not asked their class."""
    form = ValidateEligibilityForm()
    for message, key in (
        ("yüksek lisans öğrencisiyim başvurabilir miyim", "eligibility.graduate_student"),
        ("açıköğretim öğrencisiyim başvurabilir miyim", "eligibility.open_education"),
    ):
        found = await form.extract_elig_level(None, _form_tracker(message, None), {})  # type: ignore[arg-type]
        required = await form.required_slots([], None, tracker("", slots=found), {})  # type: ignore[arg-type]
        assert required == ["elig_field"]  # already filled: the form ends at once
        messages, events = await run(ActionEligibilityVerdict(), tracker("", slots=found))
        assert messages[0]["text"].startswith(text(key)) and "📄 Kaynak" in messages[0]["text"]
        assert all(value is None for value in slot_events(events).values())


async def test_a_hundred_point_average_is_asked_again(resources: ActionResources) -> None:
    form = ValidateEligibilityForm()
    messages, result = await run_validation(
        form.validate_elig_gpa, "invalid:75", _form_tracker("75", "elig_gpa")
    )
    assert result == {"elig_gpa": None} and "100'lük" in messages[0]["text"]


async def test_the_checklist_marks_a_step_and_shows_the_next(resources: ActionResources) -> None:
    checklist = checklist_for("ktu")
    first = checklist.steps[0]
    messages, _ = await run(
        ActionChecklist(),
        tracker("/checklist", intent="checklist", entities={"do": "done", "step": first.id},
                slots={"institution": "ktu"}),
    )  # fmt: skip
    assert messages[0]["text"] == text("checklist.marked_done", title=first.title)
    assert checklist.steps[1].title in messages[1]["text"]
    progress = await load_progress(resources.database.sessions, int(STUDENT), checklist.code)
    assert first.id in progress.done


async def test_a_forged_checklist_step_is_refused(resources: ActionResources) -> None:
    messages, _ = await run(
        ActionChecklist(),
        tracker("/checklist", intent="checklist", entities={"do": "done", "step": "yok"}),
    )
    assert messages[0]["text"] == text("checklist.unknown_step")


async def test_a_lone_date_asks_what_to_compute(resources: ActionResources) -> None:
    messages, events = await run(
        ActionRouteMessage(), tracker(f"14.07.{NEXT_YEAR}", intent="inform")
    )
    assert messages[0]["text"].startswith("📅") and len(messages[0]["buttons"]) == 2
    assert slot_events(events) == {"staj_start": f"{NEXT_YEAR}-07-14"}


async def test_a_dated_question_outside_a_form_starts_its_form(resources: ActionResources) -> None:
    given = tracker(
        f"14.07.{NEXT_YEAR} de başlıyorum 20 iş günü haftada 6 gün, ne zaman biter",
        intent="inform",
    )
    _, events = await run(ActionDefaultFallback(), given)
    assert followup(events) == "end_date_form"


async def test_the_university_is_remembered(resources: ActionResources) -> None:
    messages, events = await run(
        ActionSetInstitution(), tracker("KTÜ'lüyüm", intent="choose_institution")
    )
    assert slot_events(events) == {"institution": "ktu"} and "KTÜ" in messages[0]["text"]
    assert await preferences.get_institution(resources.database.sessions, int(STUDENT)) == "ktu"
    messages, events = await run(
        ActionSetInstitution(), tracker("üniversite", intent="choose_institution")
    )
    assert events == [] and len(messages[0]["buttons"]) >= 4


async def test_a_university_we_do_not_serve_is_not_asked_for_again(
    resources: ActionResources,
) -> None:
    messages, events = await run(
        ActionSetInstitution(),
        tracker("Ege Üniversitesi'nde okuyorum", intent="choose_institution"),
    )
    assert events == [] and messages[0]["text"] == text("institution.other")
    assert not messages[0].get("buttons")
    # Naming no university at all is still asked which one.
    messages, _ = await run(
        ActionSetInstitution(),
        tracker("devlet üniversitesinde okuyorum", intent="choose_institution"),
    )
    assert messages[0]["text"] == text("institution.ask")


async def test_a_person_is_asked_for(resources: ActionResources) -> None:
    messages, events = await run(ActionAskHuman(), tracker("biriyle konuşmak istiyorum"))
    assert messages[0].get("custom") == {"handoff": True}
    assert slot_events(events)["unanswered_in_a_row"] == 0.0
    messages, _ = await run(ActionAskHuman(), tracker("danışman", sender="terminal"))
    assert messages[0]["text"].startswith(text("human.contact", contact="")[:20])


async def test_stop_leaves_a_form_or_says_there_was_none(resources: ActionResources) -> None:
    messages, events = await run(ActionStop(), tracker("vazgeç", intent="stop"))
    assert messages[0]["text"] == text("forms.nothing_to_stop")
    assert slot_events(events)["requested_slot"] is None
    left_form = [{"event": "active_loop", "name": None}]
    messages, _ = await run(ActionStop(), tracker("vazgeç", intent="stop", events=left_form))
    assert messages[0]["text"] == text("forms.stopped")


async def test_a_date_question_that_is_surely_another_question_is_answered_not_computed(
    resources: ActionResources,
) -> None:
    asked = tracker(
        "basvuru ne zamn bitiyo",
        intent="ask_end_date",
        faq={"usp-basvuru-tarihleri": 0.95, "usp-staj-donemleri": 0.02},
    )
    messages, events = await run(ActionStartComputation(), asked)
    assert "Kaynak" in messages[0]["text"]
    assert slot_events(events)["last_faq_id"] == "usp-basvuru-tarihleri"
    assert followup(events) == "action_listen"  # the end-date form does not start


async def test_a_date_question_with_its_facts_or_from_a_button_starts_its_form(
    resources: ActionResources,
) -> None:
    dated = f"stajım 14.07.{NEXT_YEAR}'te başlıyor ne zaman biter"
    for text_, ranking in ((dated, {"usp-basvuru-tarihleri": 0.95}), ("/ask_end_date", {})):
        messages, events = await run(
            ActionStartComputation(), tracker(text_, intent="ask_end_date", faq=ranking)
        )
        assert messages == [] and events == []


async def test_an_off_topic_message_taken_for_the_eligibility_check_gets_the_off_topic_reply(
    resources: ActionResources,
) -> None:
    messages, events = await run(
        ActionStartComputation(),
        tracker("tatile nereye gideyim", intent="check_eligibility", out_of_scope=0.6),
    )
    assert messages[0]["text"].startswith("Bu konuda kaynaklarımda bir bilgi yok")
    assert followup(events) == "action_listen"


async def test_a_message_the_nlu_is_unsure_is_the_eligibility_check_gets_suggestions(
    resources: ActionResources,
) -> None:
    messages, events = await run(
        ActionStartComputation(),
        tracker(
            "arkadaşlarım teklif aldı ama ben hâlâ bekliyorum, bir şey mi yanlış yaptım acaba",
            intent="check_eligibility", confidence=0.57,
            faq={"usp-birden-fazla-teklif": 0.1, "usp-teklif-gelmedi": 0.09},
        ),
    )  # fmt: skip
    assert messages[0]["text"] == text("fallback.suggest")
    assert "usp-teklif-gelmedi" in messages[0]["buttons"][0]["payload"]
    assert followup(events) == "action_listen"  # the eligibility check does not start


async def test_an_introduction_does_not_make_a_guided_request_another_question(
    resources: ActionResources,
) -> None:
    """ "ktü öğrencisiyim stajım ne zaman biter" matched KTÜ's stages on its introduction; the
    question after it decides whether it is surely a FAQ question, so the end date form goes
    on."""
    messages, events = await run(
        ActionStartComputation(),
        tracker(
            "ktü öğrencisiyim stajım ne zaman biter", intent="ask_end_date", confidence=0.97,
            faq={"ktu-asamalar": 0.5, "usp-staj-donemleri": 0.2},
        ),
    )  # fmt: skip
    assert messages == [] and events == []
