"""Reading student records: a student's own record (and only theirs), the linked students
the reminder pass walks, and what staff and counselors see of a student."""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.store.models import Application, StatusChange, Student, TelegramLink, aware
from staj.students.record import ApplicationView, ChangeView, StudentRecord

_VIEW_FIELDS = [f.name for f in fields(ApplicationView) if f.name not in ("history",)]


async def _applications(session: AsyncSession, student_id: int) -> list[Application]:
    """A student's applications, the newest year first."""
    rows = await session.scalars(
        select(Application)
        .where(Application.student_id == student_id)
        .order_by(Application.year.desc(), Application.programme)
    )
    return list(rows.all())


async def _changes(
    session: AsyncSession, application_id: int, *, newest_first: bool, limit: int | None = None
) -> list[StatusChange]:
    order = (
        (StatusChange.changed_at.desc(), StatusChange.id.desc())
        if newest_first
        else (StatusChange.changed_at, StatusChange.id)
    )
    query = select(StatusChange).where(StatusChange.application_id == application_id)
    rows = await session.scalars(query.order_by(*order).limit(limit))
    return list(rows.all())


async def _record(session: AsyncSession, link: TelegramLink) -> StudentRecord | None:
    student = await session.get(Student, link.student_id)
    if student is None:
        return None
    views = []
    for application in await _applications(session, student.id):
        changes = await _changes(session, application.id, newest_first=True, limit=5)
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
        result = [
            (application, await _changes(session, application.id, newest_first=False))
            for application in await _applications(session, student.id)
        ]
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
