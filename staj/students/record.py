"""One student's own record as the domain sees it: read from the store, shown and planned
for here (status view, deadlines, reminders)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class ChangeView:
    id: int
    to_status: str
    changed_at: datetime


@dataclass(frozen=True)
class ApplicationView:
    id: int
    programme: str
    year: int
    status: str
    offer_type: str | None
    employer: str | None
    city: str | None
    start_date: date | None
    end_date: date | None
    answer_by: date | None
    employer_contact: str | None
    rejection_reason: str | None
    history: tuple[ChangeView, ...]  # newest first


@dataclass(frozen=True)
class StudentRecord:
    student_id: int
    telegram_user_id: int
    first_name: str
    institution: str
    reminders_enabled: bool
    linked_at: datetime
    applications: tuple[ApplicationView, ...]  # newest year first
