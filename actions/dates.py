"""Internship dates: the last day from a start date and a length, and the deadlines
counted back from the start, each with whose rule it is."""

from __future__ import annotations

from datetime import date
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import request_texts, telegram_user_id
from actions.forms_common import invalid, invalid_value, is_answer_attempt, latest_text, today
from actions.resources import database
from actions.texts import text
from actions.university import university_of_request
from staj.faq.sources import source_documents
from staj.institutions import NATIONAL_SCOPE, short_name
from staj.rules.calendar import CalendarError, WorkingCalendar, format_date
from staj.rules.checklist import checklist_for
from staj.rules.deadlines import Deadline, DeadlineRule, deadlines_for
from staj.store.checklist import load_progress, save_progress
from staj.text.dates import DateError, parse_date
from staj.text.facts import parse_length

DATE_SLOTS = ("staj_start", "staj_working_days", "staj_days_per_week")
BARE_NUMBER_FOR = {"staj_working_days": "working_days", "staj_days_per_week": "days_per_week"}


def extract_start(tracker: Tracker) -> dict[str, Any]:
    message = latest_text(tracker)
    if message.startswith("/"):
        return {}
    try:
        start = parse_date(message, today())
    except DateError as error:
        return {"staj_start": invalid(str(error))}
    if start is not None:
        return {"staj_start": start.isoformat()}
    if tracker.get_slot("requested_slot") == "staj_start" and is_answer_attempt(tracker):
        return {"staj_start": invalid("")}
    return {}


def gives_a_date(message: str) -> bool:
    """The message names a day, possibly an impossible one ("31.02.2025")."""
    try:
        return parse_date(message, today()) is not None
    except DateError:
        return True


def validate_start(value: Any, dispatcher: CollectingDispatcher) -> dict[str, Any]:
    bad = invalid_value(value)
    if bad is not None:
        dispatcher.utter_message(
            text=text("dates.bad_date", error=bad) if bad else text("dates.not_a_date")
        )
        return {"staj_start": None}
    return {"staj_start": value}


class ValidateEndDateForm(FormValidationAction):
    def name(self) -> str:
        return "validate_end_date_form"

    async def extract_staj_start(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return extract_start(tracker)

    async def extract_staj_working_days(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Both lengths are read here: "20 iş günlük, haftada 5 gün" fills two slots."""
        message = latest_text(tracker)
        if message.startswith("/"):
            return {}
        requested = str(tracker.get_slot("requested_slot"))
        length = parse_length(message, bare_number=BARE_NUMBER_FOR.get(requested))
        found: dict[str, Any] = {}
        if length.working_days is not None:
            found["staj_working_days"] = str(length.working_days)
        elif length.bad_working_days:
            found["staj_working_days"] = invalid(length.bad_working_days)
        if length.days_per_week is not None:
            found["staj_days_per_week"] = str(length.days_per_week)
        elif length.bad_days_per_week:
            found["staj_days_per_week"] = invalid(length.bad_days_per_week)
        # A date is the start (extract_start takes it), not a bad length: "14.07.2025" typed
        # when asked for the days changes the start, and the question is asked again.
        answered = requested in BARE_NUMBER_FOR and is_answer_attempt(tracker)
        if not found and answered and not gives_a_date(message):
            found[requested] = invalid(message)
        return found

    def validate_staj_start(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return validate_start(value, dispatcher)

    def validate_staj_working_days(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        bad = invalid_value(value)
        if bad is not None:
            dispatcher.utter_message(text=text("dates.bad_working_days", value=bad))
            return {"staj_working_days": None}
        return {"staj_working_days": value}

    def validate_staj_days_per_week(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        bad = invalid_value(value)
        if bad is not None:
            dispatcher.utter_message(text=text("dates.bad_days_per_week", value=bad))
            return {"staj_days_per_week": None}
        return {"staj_days_per_week": value}


class ValidateDeadlinesForm(FormValidationAction):
    def name(self) -> str:
        return "validate_deadlines_form"

    async def extract_staj_start(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return extract_start(tracker)

    def validate_staj_start(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return validate_start(value, dispatcher)


async def remember_start(tracker: Tracker, start: date, institution: str | None) -> None:
    """Keep the start date with the student's checklist so its deadlines can be shown."""
    user_id = telegram_user_id(tracker)
    if user_id is None:
        return
    code = checklist_for(institution).code
    sessions = database().sessions
    progress = await load_progress(sessions, user_id, code)
    progress.start_date = start
    await save_progress(sessions, user_id, code, progress)


class ActionEndDate(Action):
    def name(self) -> str:
        return "action_end_date"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        reset = [SlotSet(slot, None) for slot in DATE_SLOTS]
        start = date.fromisoformat(str(tracker.get_slot("staj_start")))
        days = int(str(tracker.get_slot("staj_working_days")))
        per_week = int(str(tracker.get_slot("staj_days_per_week")))
        # "ktü'de okuyorum, 14 temmuzda başlıyorum...": KTÜ's days off count too.
        institution, remembered = await university_of_request(
            tracker, request_texts(tracker, "end_date_form")
        )
        calendar = WorkingCalendar(institution)
        try:
            end = calendar.end_date(start, days, per_week)
        except CalendarError as error:
            dispatcher.utter_message(text=str(error))
            return [*remembered, *reset]
        skipped = calendar.skipped_holidays(start, end, per_week)
        lines = [
            text(
                "dates.end_date",
                start=format_date(start, long=True),
                per_week=per_week,
                days=days,
                end=format_date(end, long=True),
            )
        ]
        if skipped:
            names = ", ".join(f"{format_date(h.day)} {h.name}" for h in skipped)
            lines.append(text("dates.skipped", holidays=names))
        else:
            lines.append(text("dates.no_holidays"))
        lines.append(text("dates.arife"))
        dispatcher.utter_message(text="\n".join(lines))
        await remember_start(tracker, start, institution)
        return [*remembered, *reset]


def status_of(days_left: int) -> str:
    if days_left < 0:
        return text("dates.passed", days=-days_left)
    if days_left == 0:
        return text("dates.today")
    return text("dates.days_left", days=days_left)


def whose(rule: DeadlineRule) -> str:
    """Whose rule it is, with its programme year when it has one."""
    name = (
        text("dates.whose_national")
        if rule.institution == NATIONAL_SCOPE
        else short_name(rule.institution)
    )
    return text("dates.whose_year", whose=name, year=rule.year) if rule.year else name


def deadline_line(item: Deadline) -> str:
    return text(
        "dates.deadline_line",
        day=format_date(item.day),
        whose=whose(item.rule),
        what=item.rule.what,
        status=status_of(item.days_left),
    )


class ActionDeadlines(Action):
    """The student's own deadlines apart from what others (the employer) must do by when."""

    def name(self) -> str:
        return "action_deadlines"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        start = date.fromisoformat(str(tracker.get_slot("staj_start")))
        # "ksü'de okuyorum, stajım 7 temmuzda başlıyor": KSÜ's deadlines, not every university's.
        institution, remembered = await university_of_request(
            tracker, request_texts(tracker, "deadlines_form")
        )
        deadlines = deadlines_for(start, today(), institution)
        own = [d for d in deadlines if d.rule.students_own]
        expected = [d for d in deadlines if not d.rule.students_own]
        lines = [text("dates.deadlines_title", start=format_date(start, long=True))]
        if own:
            lines += ["", text("dates.own_title"), *(deadline_line(d) for d in own)]
        if expected:
            lines += ["", text("dates.expected_title"), *(deadline_line(d) for d in expected)]
        lines += ["", text("dates.calendar_days")]
        if institution is None:
            lines.append(text("dates.other_universities"))
        seeds = sorted({q.seed for item in deadlines for q in item.rule.sources})
        names = "; ".join(
            f"{source_documents()[s].title} ({s.split('_', 1)[0]})"
            for s in seeds
            if s in source_documents()
        )
        lines.append(text("dates.sources", sources=names))
        dispatcher.utter_message(text="\n".join(lines))
        await remember_start(tracker, start, institution)
        return [*remembered, SlotSet("staj_start", None)]
