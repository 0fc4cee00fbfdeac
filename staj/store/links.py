"""Linking a Telegram account to a student record with a one-time code, and undoing it."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj import keys
from staj.store import preferences
from staj.store.audit import audit
from staj.store.models import LinkAttempt, LinkCode, Student, TelegramLink, aware
from staj.students.codes import code_hash, legacy_code_hash, new_code

MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(hours=1)
LOCKOUT = timedelta(hours=1)


class LinkOutcome(enum.Enum):
    LINKED = "linked"
    WRONG = "wrong"
    EXPIRED = "expired"
    USED = "used"
    THROTTLED = "throttled"


@dataclass(frozen=True)
class LinkResult:
    outcome: LinkOutcome
    first_name: str | None = None
    retry_after: datetime | None = None
    # The Telegram account the record was linked to until now (it is told it no longer is).
    moved_from: int | None = None


@dataclass(frozen=True)
class IssuedCode:
    student_number: str
    code: str
    expires_at: datetime


def _locked_until(failures: list[datetime]) -> datetime | None:
    """End of the lockout that MAX_FAILURES failures within FAILURE_WINDOW started, if any."""
    times = sorted(aware(t) for t in failures)
    until = None
    for i in range(MAX_FAILURES - 1, len(times)):
        if times[i] - times[i - MAX_FAILURES + 1] <= FAILURE_WINDOW:
            until = times[i] + LOCKOUT
    return until


async def issue_codes(
    sessions: async_sessionmaker[AsyncSession],
    institution: str,
    student_numbers: list[str] | None,
    valid_for: timedelta,
    now: datetime,
    actor: str,
    only_unlinked: bool = False,
) -> tuple[list[IssuedCode], list[str]]:
    """New codes for the named students (all of the university's when None); earlier unused
    codes of those students stop working. Returns the codes and the unknown numbers."""
    async with sessions.begin() as session:
        query = select(Student).where(Student.institution == institution)
        if student_numbers is not None:
            query = query.where(Student.student_number.in_(student_numbers))
        if only_unlinked:
            query = query.where(~Student.id.in_(select(TelegramLink.student_id)))
        students = list((await session.scalars(query.order_by(Student.student_number))).all())
        known = {s.student_number for s in students}
        unknown = [n for n in (student_numbers or []) if n not in known]
        await session.execute(
            update(LinkCode)
            .where(LinkCode.student_id.in_([s.id for s in students]), LinkCode.used_at.is_(None))
            .values(revoked=True)
        )
        issued = []
        for student in students:
            code = new_code()
            session.add(
                LinkCode(
                    code_hash=code_hash(code, keys.key(keys.LINK_CODES)),
                    student_id=student.id,
                    expires_at=now + valid_for,
                    created_at=now,
                    revoked=False,
                )
            )
            issued.append(IssuedCode(student.student_number, code, now + valid_for))
        audit(
            session, actor, "link_codes_issued", f"institution:{institution}", str(len(issued)), now
        )
    return issued, unknown


async def _use(session: AsyncSession, hashed: str, now: datetime) -> bool:
    """Mark the code used, in one conditional update: of two accounts redeeming one code at
    the same moment (SQLite or PostgreSQL), exactly one succeeds."""
    result = await session.execute(
        update(LinkCode)
        .where(LinkCode.code_hash == hashed, LinkCode.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def _try_code(session: AsyncSession, row: LinkCode | None, now: datetime) -> LinkOutcome:
    if row is None:
        return LinkOutcome.WRONG
    if row.used_at is not None:
        return LinkOutcome.USED
    if row.revoked or aware(row.expires_at) <= now:
        return LinkOutcome.EXPIRED
    return LinkOutcome.LINKED if await _use(session, row.code_hash, now) else LinkOutcome.USED


async def redeem(
    sessions: async_sessionmaker[AsyncSession], telegram_user_id: int, code: str, now: datetime
) -> LinkResult:
    """Link ``telegram_user_id`` to the student the code was issued for."""
    async with sessions.begin() as session:
        failures = (
            await session.scalars(
                select(LinkAttempt.attempted_at).where(
                    LinkAttempt.telegram_user_id == telegram_user_id,
                    LinkAttempt.attempted_at > now - FAILURE_WINDOW - LOCKOUT,
                )
            )
        ).all()
        locked_until = _locked_until(list(failures))
        if locked_until is not None and now < locked_until:
            return LinkResult(LinkOutcome.THROTTLED, retry_after=locked_until)
        row = await session.get(LinkCode, code_hash(code, keys.key(keys.LINK_CODES)))
        if row is None:  # a code issued before codes were keyed, still valid until it expires
            row = await session.get(LinkCode, legacy_code_hash(code))
        outcome = await _try_code(session, row, now)
        if outcome is not LinkOutcome.LINKED:
            session.add(LinkAttempt(telegram_user_id=telegram_user_id, attempted_at=now))
            await session.flush()
            locked_until = _locked_until([*failures, now])
            if locked_until is not None and now < locked_until:
                # This was the last allowed try: say so now rather than at the next one.
                return LinkResult(outcome, retry_after=locked_until)
            return LinkResult(outcome)
        assert row is not None
        student = await session.get(Student, row.student_id)
        assert student is not None
        # One Telegram account per student and one student per account: the code proves
        # who this is, so it replaces any earlier link on either side.
        moved_from = await session.scalar(
            select(TelegramLink.telegram_user_id).where(
                TelegramLink.student_id == student.id,
                TelegramLink.telegram_user_id != telegram_user_id,
            )
        )
        await session.execute(
            delete(TelegramLink).where(
                (TelegramLink.student_id == student.id)
                | (TelegramLink.telegram_user_id == telegram_user_id)
            )
        )
        session.add(
            TelegramLink(
                telegram_user_id=telegram_user_id,
                student_id=student.id,
                reminders_enabled=True,
                linked_at=now,
            )
        )
        await session.execute(
            delete(LinkAttempt).where(LinkAttempt.telegram_user_id == telegram_user_id)
        )
        audit(session, "öğrenci", "linked", f"student:{student.id}", at=now)
        first_name = student.full_name.split()[0] if student.full_name else None
        institution = student.institution
    await preferences.set_institution(sessions, telegram_user_id, institution)
    return LinkResult(LinkOutcome.LINKED, first_name=first_name, moved_from=moved_from)


async def unlink(sessions: async_sessionmaker[AsyncSession], telegram_user_id: int) -> bool:
    async with sessions.begin() as session:
        link = await session.get(TelegramLink, telegram_user_id)
        if link is None:
            return False
        audit(session, "öğrenci", "unlinked", f"student:{link.student_id}")
        await session.delete(link)
    return True


async def linked_student_id(
    sessions: async_sessionmaker[AsyncSession], telegram_user_id: int
) -> int | None:
    async with sessions() as session:
        link = await session.get(TelegramLink, telegram_user_id)
        return link.student_id if link else None


async def reminders_enabled(
    sessions: async_sessionmaker[AsyncSession], telegram_user_id: int
) -> bool | None:
    """None when the account is not linked."""
    async with sessions() as session:
        link = await session.get(TelegramLink, telegram_user_id)
        return link.reminders_enabled if link else None


async def set_reminders(
    sessions: async_sessionmaker[AsyncSession], telegram_user_id: int, enabled: bool
) -> bool:
    async with sessions.begin() as session:
        link = await session.get(TelegramLink, telegram_user_id)
        if link is None:
            return False
        link.reminders_enabled = enabled
        audit(
            session,
            "öğrenci",
            "reminders_" + ("on" if enabled else "off"),
            f"student:{link.student_id}",
        )
    return True


async def purge_old_attempts(sessions: async_sessionmaker[AsyncSession], now: datetime) -> None:
    async with sessions.begin() as session:
        await session.execute(
            delete(LinkAttempt).where(LinkAttempt.attempted_at < now - timedelta(days=1))
        )
