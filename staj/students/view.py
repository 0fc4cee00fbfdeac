"""A student's own record in plain Turkish: status, what it means, the next step, the date
that matters with days left, the employer contact when there is an offer, recent history."""

from __future__ import annotations

from datetime import date

from staj.faq.sources import source_label
from staj.rules.calendar import format_date
from staj.students.deadlines import dues, left_text
from staj.students.record import ApplicationView, StudentRecord
from staj.students.statuses import programmes, statuses
from staj.students.texts import text

HISTORY_ITEMS = 3


def _application(record: StudentRecord, app: ApplicationView, today: date) -> list[str]:
    status = statuses()[app.status]
    offer_type = text(f"status.offer_type.{app.offer_type}") if app.offer_type else ""
    lines = [
        text(
            "status.application",
            programme=programmes()[app.programme].name,
            year=app.year,
            label=status.label,
            offer_type=offer_type,
        ),
        text("status.explanation", text=status.explanation),
    ]
    if status.bys_phase == "rejected" and app.rejection_reason:
        lines.append(text("status.rejection", reason=app.rejection_reason))
    lines.append(text("status.next_step", text=status.next_step))
    for due in dues(record, app, today)[:3]:
        lines.append(
            text(
                "status.deadline" if due.students_own else "status.expected",
                what=due.what,
                day=format_date(due.day, long=True),
                left=left_text(due.days_left(today)),
            )
        )
    if app.employer and status.phase not in ("applying", "closed"):
        key = "status.employer_city" if app.city else "status.employer"
        lines.append(text(key, employer=app.employer, city=app.city))
        if app.start_date and app.end_date:
            lines.append(
                text(
                    "status.dates",
                    start=format_date(app.start_date),
                    end=format_date(app.end_date),
                )
            )
        elif app.start_date:
            lines.append(text("status.dates_start_only", start=format_date(app.start_date)))
        if app.employer_contact:
            lines.append(text("status.contact", contact=app.employer_contact))
    if len(app.history) > 1:
        items = [
            text(
                "status.history_item",
                day=format_date(change.changed_at.date()),
                label=statuses()[change.to_status].label
                if change.to_status in statuses()
                else change.to_status,
            )
            for change in reversed(app.history[:HISTORY_ITEMS])
        ]
        lines.append(text("status.history", changes=" → ".join(items)))
    return lines


def status_message(record: StudentRecord, today: date) -> str:
    """The whole answer to "başvurum ne durumda?" for the linked student ``record``."""
    name = text("status.title_name", first_name=record.first_name) if record.first_name else ""
    if not record.applications:
        return text("status.no_applications")
    blocks = [text("status.title", name=name)]
    seeds: list[str] = []
    for app in record.applications:
        blocks.append("\n".join(_application(record, app, today)))
        seeds += [s for s in statuses()[app.status].seeds if s not in seeds]
    blocks.append(
        text("status.reminders_on" if record.reminders_enabled else "status.reminders_off")
    )
    blocks.append(text("status.source", sources=", ".join(source_label(s) for s in seeds)))
    return "\n\n".join(blocks)
