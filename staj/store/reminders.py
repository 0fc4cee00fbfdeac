"""Reminder bookkeeping: planned reminders become rows; each row is sent at most once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.store.inserts import insert_unless_present
from staj.store.models import Reminder, aware
from staj.students.reminders import PlannedReminder

PENDING, SENDING, SENT, SKIPPED, CANCELLED, FAILED = (
    "pending",
    "sending",
    "sent",
    "skipped",
    "cancelled",
    "failed",
)


@dataclass(frozen=True)
class Claimed:
    id: int
    text: str


async def claim_due(
    sessions: async_sessionmaker[AsyncSession],
    student_id: int,
    planned: list[PlannedReminder],
    now: datetime,
) -> list[Claimed]:
    """Record new planned reminders, cancel those no longer planned, and claim the ones due:
    the latest due one of each group is marked `sending` (the caller sends it and marks it
    sent); older due ones of the same group are skipped, so a student never gets two
    messages about one deadline at once."""
    by_key = {p.key: p for p in planned}
    claimed: list[Claimed] = []
    async with sessions.begin() as session:
        known = set(
            (
                await session.scalars(select(Reminder.key).where(Reminder.student_id == student_id))
            ).all()
        )
        # Another process's pass may insert the same new keys at the same moment: skipped.
        await insert_unless_present(session, Reminder, [
            # SQLite keeps wall-clock time without the zone: always store UTC.
            {"student_id": student_id, "key": key, "group": item.group,
             "due_at": item.due_at.astimezone(UTC), "state": PENDING}
            for key, item in by_key.items() if key not in known
        ])  # fmt: skip
        rows = {
            r.key: r
            for r in (
                await session.scalars(select(Reminder).where(Reminder.student_id == student_id))
            ).all()
        }
        due_by_group: dict[str, list[Reminder]] = {}
        for key, row in rows.items():
            if row.state != PENDING:
                continue
            if key not in by_key:
                row.state = CANCELLED
            elif aware(row.due_at) <= now:
                due_by_group.setdefault(row.group, []).append(row)
        await session.flush()
        for group_rows in due_by_group.values():
            group_rows.sort(key=lambda r: aware(r.due_at))
            *older, latest = group_rows
            for row in older:
                row.state = SKIPPED
            await session.flush()
            # Compare-and-set: of two passes racing for the same row, one wins.
            won = await session.execute(
                update(Reminder)
                .where(Reminder.id == latest.id, Reminder.state == PENDING)
                .values(state=SENDING, claimed_at=now)
                .execution_options(synchronize_session=False)
            )
            if won.rowcount == 1:  # type: ignore[attr-defined]
                claimed.append(Claimed(latest.id, by_key[latest.key].text))
    return claimed


async def mark(
    sessions: async_sessionmaker[AsyncSession],
    reminder_id: int,
    state: str,
    now: datetime,
    failure: str | None = None,
) -> None:
    """Record how sending went: sent, back to pending or failed, with ``failure`` a short
    reason when there is one ("blocked", "timed_out"; never the text)."""
    async with sessions.begin() as session:
        await session.execute(
            update(Reminder)
            .where(Reminder.id == reminder_id)
            .values(
                state=state,
                sent_at=now if state == SENT else None,
                claimed_at=None,
                failure=failure,
            )
        )


async def recover_stale_claims(
    sessions: async_sessionmaker[AsyncSession], now: datetime, after: timedelta
) -> int:
    """Claims older than ``after`` were left by a pass that crashed between claiming and
    recording: back to pending, so the reminder is not lost. Returns how many."""
    async with sessions.begin() as session:
        recovered = await session.execute(
            update(Reminder)
            .where(
                Reminder.state == SENDING,
                or_(Reminder.claimed_at.is_(None), Reminder.claimed_at < now - after),
            )
            .values(state=PENDING, claimed_at=None)
            .execution_options(synchronize_session=False)
        )
        return int(recovered.rowcount)  # type: ignore[attr-defined]


async def sent_count(sessions: async_sessionmaker[AsyncSession], student_id: int) -> int:
    async with sessions() as session:
        rows = await session.scalars(
            select(Reminder.id).where(Reminder.student_id == student_id, Reminder.state == SENT)
        )
        return len(rows.all())
