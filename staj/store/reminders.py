"""Reminder bookkeeping: planned reminders become rows; each row is sent at most once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

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
        rows = {
            r.key: r
            for r in (
                await session.scalars(select(Reminder).where(Reminder.student_id == student_id))
            ).all()
        }
        for key, item in by_key.items():
            if key not in rows:
                row = Reminder(
                    student_id=student_id,
                    key=key,
                    group=item.group,
                    # SQLite keeps wall-clock time without the zone: always store UTC.
                    due_at=item.due_at.astimezone(UTC),
                    state=PENDING,
                )
                session.add(row)
                rows[key] = row
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
                .values(state=SENDING)
                .execution_options(synchronize_session=False)
            )
            if won.rowcount == 1:  # type: ignore[attr-defined]
                claimed.append(Claimed(latest.id, by_key[latest.key].text))
    return claimed


async def mark(
    sessions: async_sessionmaker[AsyncSession], reminder_id: int, state: str, now: datetime
) -> None:
    async with sessions.begin() as session:
        await session.execute(
            update(Reminder)
            .where(Reminder.id == reminder_id)
            .values(state=state, sent_at=now if state == SENT else None)
        )


async def sent_count(sessions: async_sessionmaker[AsyncSession], student_id: int) -> int:
    async with sessions() as session:
        rows = await session.scalars(
            select(Reminder.id).where(Reminder.student_id == student_id, Reminder.state == SENT)
        )
        return len(rows.all())
