"""Student records and applications: imports from the career office, single status changes,
and reading one student's own record."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.store.audit import audit
from staj.store.models import Application, StatusChange, Student, utcnow
from staj.students.importing import ApplicationRow, StudentRow

# Application fields an import or a status change may set, besides the status.
OFFER_FIELDS = (
    "offer_type",
    "employer",
    "city",
    "start_date",
    "end_date",
    "answer_by",
    "employer_contact",
    "rejection_reason",
)


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    status_changes: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportRejected(Exception):
    """Raised inside the import transaction so that nothing of the file is applied."""


async def apply_students(
    sessions: async_sessionmaker[AsyncSession], rows: list[StudentRow], actor: str
) -> ImportSummary:
    """Create or update every row in one transaction (importing twice changes nothing)."""
    summary = ImportSummary()
    async with sessions.begin() as session:
        existing = {
            (s.institution, s.student_number): s
            for s in (await session.scalars(select(Student))).all()
        }
        for row in rows:
            values = {
                "full_name": row.full_name,
                "faculty": row.faculty,
                "department": row.department,
                "programme_type": row.programme_type,
                "class_year": row.class_year,
            }
            student = existing.get((row.institution, row.student_number))
            if student is None:
                session.add(
                    Student(
                        institution=row.institution, student_number=row.student_number, **values
                    )
                )
                summary.created += 1
            elif any(getattr(student, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(student, key, value)
                summary.updated += 1
            else:
                summary.unchanged += 1
        audit(
            session,
            actor,
            "import_students",
            detail=f"yeni {summary.created}, güncellenen {summary.updated}",
        )
    return summary


async def _apply_application(
    session: AsyncSession,
    student: Student,
    programme: str,
    year: int,
    status: str,
    values: dict[str, object],
    actor: str,
    now: datetime,
) -> tuple[str, bool]:
    """Create or update one application; returns (created|updated|unchanged, status changed)."""
    application = await session.scalar(
        select(Application).where(
            Application.student_id == student.id,
            Application.programme == programme,
            Application.year == year,
        )
    )
    if application is None:
        application = Application(
            student_id=student.id, programme=programme, year=year, status=status, updated_at=now
        )
        for key, value in values.items():
            setattr(application, key, value)
        session.add(application)
        await session.flush()
        session.add(
            StatusChange(
                application_id=application.id,
                from_status=None,
                to_status=status,
                changed_by=actor[:128],
                changed_at=now,
            )
        )
        return "created", True
    changed_status = application.status != status
    changed_fields = [k for k, v in values.items() if getattr(application, k) != v]
    if not changed_status and not changed_fields:
        return "unchanged", False
    if changed_status:
        session.add(
            StatusChange(
                application_id=application.id,
                from_status=application.status,
                to_status=status,
                changed_by=actor[:128],
                changed_at=now,
            )
        )
        application.status = status
    for key in changed_fields:
        setattr(application, key, values[key])
    application.updated_at = now
    return "updated", changed_status


def _row_values(row: ApplicationRow) -> dict[str, object]:
    return {name: getattr(row, name) for name in OFFER_FIELDS}


async def apply_applications(
    sessions: async_sessionmaker[AsyncSession],
    rows: list[ApplicationRow],
    actor: str,
    now: datetime | None = None,
) -> ImportSummary:
    """Apply every row in one transaction; a row naming an unknown student rejects the file."""
    now = now or utcnow()
    summary = ImportSummary()
    try:
        async with sessions.begin() as session:
            students = {
                (s.institution, s.student_number): s
                for s in (await session.scalars(select(Student))).all()
            }
            for row in rows:
                student = students.get((row.institution, row.student_number))
                if student is None:
                    summary.errors.append(
                        f"satır {row.line}: {row.institution} öğrencisi {row.student_number} "
                        "kayıtlı değil (önce öğrenci dosyasını içe aktarın)"
                    )
                    continue
                outcome, status_changed = await _apply_application(
                    session,
                    student,
                    row.programme,
                    row.year,
                    row.status,
                    _row_values(row),
                    actor,
                    now,
                )
                setattr(summary, outcome, getattr(summary, outcome) + 1)
                summary.status_changes += int(status_changed)
            if summary.errors:
                raise ImportRejected
            audit(
                session,
                actor,
                "import_applications",
                detail=f"yeni {summary.created}, güncellenen {summary.updated}",
                at=now,
            )
    except ImportRejected:
        return ImportSummary(errors=summary.errors)
    return summary


async def unknown_students(
    sessions: async_sessionmaker[AsyncSession], rows: list[ApplicationRow]
) -> list[str]:
    """Errors for rows naming a student who is not in the store (read only)."""
    async with sessions() as session:
        known = set(
            (await session.execute(select(Student.institution, Student.student_number))).tuples()
        )
    return [
        f"satır {row.line}: {row.institution} öğrencisi {row.student_number} kayıtlı değil "
        "(önce öğrenci dosyasını içe aktarın)"
        for row in rows
        if (row.institution, row.student_number) not in known
    ]


@dataclass(frozen=True)
class StatusUpdate:
    institution: str
    student_number: str
    programme: str
    year: int
    status: str
    values: dict[str, object]  # only the fields staff gave


class UnknownStudent(LookupError):
    pass


async def set_status(
    sessions: async_sessionmaker[AsyncSession],
    change: StatusUpdate,
    actor: str,
    now: datetime | None = None,
) -> str:
    """One application's status (created when missing); returns created|updated|unchanged."""
    now = now or utcnow()
    async with sessions.begin() as session:
        student = await session.scalar(
            select(Student).where(
                Student.institution == change.institution,
                Student.student_number == change.student_number,
            )
        )
        if student is None:
            raise UnknownStudent(change.student_number)
        outcome, _ = await _apply_application(
            session,
            student,
            change.programme,
            change.year,
            change.status,
            change.values,
            actor,
            now,
        )
        audit(session, actor, "status_set", f"student:{student.id}", change.status, now)
    return outcome
