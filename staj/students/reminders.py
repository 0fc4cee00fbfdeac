"""Which reminders a linked student should get, computed from their record alone.

The plan is recomputed on every pass of the reminder job; the store keeps each planned
reminder's state, so that one goes out once and one whose reason is gone (deadline met,
status changed, student unlinked) is cancelled instead of sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from staj.clock import LOCAL
from staj.rules.calendar import format_date
from staj.students.deadlines import dues, left_text
from staj.students.record import ApplicationView, StudentRecord
from staj.students.statuses import programmes, statuses
from staj.students.texts import book, text

QUIET_START = time(22, 0)
QUIET_END = time(8, 0)
SEND_AT = time(9, 0)  # reminders about a day go out in the morning
DAYS_BEFORE = (3, 1)
STATUS_NEWS_MAX_AGE = timedelta(days=7)


@dataclass(frozen=True)
class PlannedReminder:
    key: str  # unique for the student; the store's identity of this reminder
    group: str  # reminders about the same thing: only the latest due one is sent
    due_at: datetime  # aware
    text: str


def in_quiet_hours(moment: datetime) -> bool:
    local = moment.astimezone(LOCAL).time()
    return local >= QUIET_START or local < QUIET_END


def morning_of(day: date) -> datetime:
    return datetime.combine(day, SEND_AT, tzinfo=LOCAL)


def _status_news(
    record: StudentRecord, app: ApplicationView, now: datetime
) -> list[PlannedReminder]:
    found = []
    for change in app.history:
        if change.changed_at < record.linked_at or now - change.changed_at > STATUS_NEWS_MAX_AGE:
            continue
        status = statuses().get(change.to_status)
        if status is None or change.to_status != app.status:
            continue  # only the status the application still has is news
        key = f"status:{change.id}"
        body = text(
            "reminder.status_changed",
            programme=programmes()[app.programme].name,
            year=app.year,
            label=status.label,
            explanation=status.explanation,
            next_step=status.next_step,
        )
        found.append(PlannedReminder(key, key, change.changed_at, body))
    return found


def _offer_set_at(app: ApplicationView) -> datetime | None:
    return next((c.changed_at for c in app.history if c.to_status == app.status), None)


def _deadline_reminders(
    record: StudentRecord, app: ApplicationView, now: datetime
) -> list[PlannedReminder]:
    today = now.astimezone(LOCAL).date()
    found = []
    for due in dues(record, app, today):
        if not due.remind or due.days_left(today) < 0:
            continue
        group = f"{due.key}:{app.id}:{due.day.isoformat()}"
        if due.key == "answer_by":
            employer = (
                text("reminder.offer_employer", employer=app.employer) if app.employer else ""
            )
            body = text(
                "reminder.offer",
                day=format_date(due.day, long=True),
                left=left_text(due.days_left(today)),
                employer=employer,
            )
            not_before = _offer_set_at(app)
        else:
            body = text(
                "reminder.deadline",
                what=due.what,
                day=format_date(due.day, long=True),
                left=left_text(due.days_left(today)),
                start=format_date(app.start_date) if app.start_date else "",
            )
            not_before = None
        for days in DAYS_BEFORE:
            due_at = morning_of(due.day - timedelta(days=days))
            if not_before is not None and due_at < not_before:
                continue  # the news of the offer itself said it
            found.append(PlannedReminder(f"{group}:{days}", group, due_at, body))
    return found


def _after_end(record: StudentRecord, now: datetime) -> list[PlannedReminder]:
    """One message per internship that has ended and is not finalised yet."""
    today = now.astimezone(LOCAL).date()
    found: dict[str, PlannedReminder] = {}
    for app in record.applications:
        status = statuses().get(app.status)
        if status is None or app.end_date is None or app.end_date >= today:
            continue
        if status.phase not in ("insured", "ongoing", "ended"):
            continue
        key = f"ended:{app.year}:{app.end_date.isoformat()}"
        own_steps = f"reminder.after_end.{record.institution}"
        what = text(own_steps if book.has(own_steps) else "reminder.after_end.default")
        body = text("reminder.internship_ended", end=format_date(app.end_date), what=what)
        found[key] = PlannedReminder(key, key, morning_of(app.end_date + timedelta(days=1)), body)
    return list(found.values())


def plan(record: StudentRecord, now: datetime) -> list[PlannedReminder]:
    """Every reminder this student should have, sent or not, as things stand at ``now``."""
    planned: list[PlannedReminder] = []
    for app in record.applications:
        planned += _status_news(record, app, now)
        planned += _deadline_reminders(record, app, now)
    planned += _after_end(record, now)
    footer = text("reminder.footer")
    return [PlannedReminder(p.key, p.group, p.due_at, f"{p.text}\n\n{footer}") for p in planned]
