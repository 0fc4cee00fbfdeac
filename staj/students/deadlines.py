"""Which dates matter now for one application: the offer's answer-by date, the university's
and the programme's deadlines counted back from the start (data/rules/deadlines.yml), the
start and the end of the internship."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from staj.rules.deadlines import deadlines_for
from staj.students.record import ApplicationView, StudentRecord
from staj.students.statuses import programmes, registrations, statuses
from staj.students.texts import text

# BYS phases in which the BYS application counts as made.
BYS_MADE = ("submitted", "approved", "finalising", "finalised")
RECENTLY_PASSED_DAYS = 7


@dataclass(frozen=True)
class Due:
    key: str  # "answer_by", a deadline rule id, "start" or "end"
    what: str
    day: date
    remind: bool  # reminders go out before it
    students_own: bool = True  # False: another party's duty the student can only check

    def days_left(self, today: date) -> int:
        return (self.day - today).days


def registration_made(record: StudentRecord, registration: str, year: int) -> bool:
    """The student made the ``registration`` programme's application for ``year``."""
    for application in record.applications:
        status = statuses().get(application.status)
        if (
            application.programme == registration
            and application.year == year
            and status is not None
            and status.bys_phase in BYS_MADE
        ):
            return True
    return False


def _registration_deadlines_due(
    record: StudentRecord, application: ApplicationView, rejected: bool
) -> set[str]:
    """Deadline rules of the university registrations this accepted application still needs:
    its own rejected registration again, or one not yet made for a programme it registers."""
    due = set()
    for registration in registrations():
        if registration.deadline is None or not registration.open_to(record.institution):
            continue
        if (rejected and application.programme == registration.code) or (
            application.programme == registration.registers
            and not registration_made(record, registration.code, application.year)
        ):
            due.add(registration.deadline)
    return due


def dues(record: StudentRecord, application: ApplicationView, today: date) -> list[Due]:
    """The dates that matter for ``application`` now, earliest first; passed ones only while
    recent (the student may still act on them)."""
    status = statuses().get(application.status)
    if status is None:
        return []
    found: list[Due] = []
    if status.phase == "offer" and application.answer_by:
        found.append(Due("answer_by", text("deadline_what.answer_by"), application.answer_by, True))
    start = application.start_date
    if start and status.phase == "accepted" and status.bys_phase in (None, "rejected"):
        registration_rules = {p.deadline for p in registrations()}
        due = _registration_deadlines_due(record, application, status.bys_phase == "rejected")
        is_registration = programmes()[application.programme].registers is not None
        for deadline in deadlines_for(start, today, record.institution):
            rule = deadline.rule
            if rule.stage != "accepted":
                continue
            if rule.id in registration_rules and rule.id not in due:
                continue
            if rule.id not in registration_rules and is_registration:
                continue  # the programme's own deadlines belong to its own application
            # Reminders are for the student's own to-dos; the employer's show in the status.
            own = rule.students_own
            found.append(Due(rule.id, rule.what, deadline.day, own, students_own=own))
    if start and status.phase in ("accepted", "insured") and start >= today:
        found.append(Due("start", text("deadline_what.start"), start, False))
    if application.end_date and status.phase == "ongoing":
        found.append(Due("end", text("deadline_what.end"), application.end_date, False))
    return sorted(
        (d for d in found if d.days_left(today) >= -RECENTLY_PASSED_DAYS), key=lambda d: d.day
    )


def left_text(days_left: int) -> str:
    if days_left < 0:
        return text("left.passed", days=-days_left)
    if days_left == 0:
        return text("left.today")
    if days_left == 1:
        return text("left.tomorrow")
    return text("left.days", days=days_left)
