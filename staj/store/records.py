"""Student records and applications: imports from the career office, single status changes,
and reading one student's own record."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.store.audit import audit
from staj.store.models import Application, StatusChange, Student, TelegramLink, aware, utcnow
from staj.students.importing import ApplicationRow, StudentRow
from staj.students.record import ApplicationView, ChangeView, StudentRecord

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


# ---- reading one student's own record ------------------------------------------------------


_VIEW_FIELDS = [f.name for f in fields(ApplicationView) if f.name not in ("history",)]


async def _record(session: AsyncSession, link: TelegramLink) -> StudentRecord | None:
    student = await session.get(Student, link.student_id)
    if student is None:
        return None
    applications = (
        await session.scalars(
            select(Application)
            .where(Application.student_id == student.id)
            .order_by(Application.year.desc(), Application.programme)
        )
    ).all()
    views = []
    for application in applications:
        changes = (
            await session.scalars(
                select(StatusChange)
                .where(StatusChange.application_id == application.id)
                .order_by(StatusChange.changed_at.desc(), StatusChange.id.desc())
                .limit(5)
            )
        ).all()
        views.append(
            ApplicationView(
                **{name: getattr(application, name) for name in _VIEW_FIELDS},
                history=tuple(ChangeView(c.id, c.to_status, aware(c.changed_at)) for c in changes),
            )
        )
    return StudentRecord(
        student_id=student.id,
        telegram_user_id=link.telegram_user_id,
        first_name=student.full_name.split()[0] if student.full_name else "",
        institution=student.institution,
        reminders_enabled=link.reminders_enabled,
        linked_at=aware(link.linked_at),
        applications=tuple(views),
    )


async def own_record(
    sessions: async_sessionmaker[AsyncSession], telegram_user_id: int
) -> StudentRecord | None:
    """The record of the student linked to ``telegram_user_id``, and only that one."""
    async with sessions() as session:
        return await record_in(session, telegram_user_id)


async def record_in(session: AsyncSession, telegram_user_id: int) -> StudentRecord | None:
    """``own_record`` inside the caller's unit of work."""
    link = await session.get(TelegramLink, telegram_user_id)
    return await _record(session, link) if link is not None else None


async def linked_records(sessions: async_sessionmaker[AsyncSession]) -> list[StudentRecord]:
    """Every linked student with reminders on (the reminder pass walks these)."""
    async with sessions() as session:
        links = (
            await session.scalars(select(TelegramLink).where(TelegramLink.reminders_enabled))
        ).all()
        records = [await _record(session, link) for link in links]
    return [r for r in records if r is not None]


async def staff_view(
    sessions: async_sessionmaker[AsyncSession], institution: str, student_number: str
) -> list[tuple[Application, list[StatusChange]]] | None:
    """A student's applications with their full history, for the career office."""
    async with sessions() as session:
        student = await session.scalar(
            select(Student).where(
                Student.institution == institution, Student.student_number == student_number
            )
        )
        if student is None:
            return None
        applications = (
            await session.scalars(
                select(Application)
                .where(Application.student_id == student.id)
                .order_by(Application.year.desc(), Application.programme)
            )
        ).all()
        result = []
        for application in applications:
            changes = (
                await session.scalars(
                    select(StatusChange)
                    .where(StatusChange.application_id == application.id)
                    .order_by(StatusChange.changed_at, StatusChange.id)
                )
            ).all()
            result.append((application, list(changes)))
    return result


@dataclass(frozen=True)
class StudentCard:
    """Who a linked student is, for the counselors of their university only."""

    full_name: str
    student_number: str
    department: str | None
    institution: str


async def student_card(
    sessions: async_sessionmaker[AsyncSession], telegram_user_id: int
) -> StudentCard | None:
    async with sessions() as session:
        return await card_in(session, telegram_user_id)


async def card_in(session: AsyncSession, telegram_user_id: int) -> StudentCard | None:
    """``student_card`` inside the caller's unit of work."""
    link = await session.get(TelegramLink, telegram_user_id)
    student = await session.get(Student, link.student_id) if link else None
    if student is None:
        return None
    return StudentCard(
        student.full_name, student.student_number, student.department, student.institution
    )
