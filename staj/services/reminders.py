"""Deadline reminders as a workflow: plan each linked student's reminders from the store,
claim the due ones (each is sent at most once, whatever restarts), and record how the
sending went. The channel sends them (bot/student/reminders.py)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.clock import Clock
from staj.store import links
from staj.store import reminders as store
from staj.store.record_views import linked_records
from staj.students.reminders import in_quiet_hours, plan


@dataclass(frozen=True)
class DueReminder:
    id: int
    telegram_user_id: int
    text: str


class Delivery(Enum):
    SENT = store.SENT
    RETRY = store.PENDING  # a passing failure: the next pass tries again
    UNREACHABLE = store.FAILED  # blocked by the student, chat gone, text refused: never again


class ReminderDesk:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def due(self) -> list[DueReminder]:
        """The reminders to send now, claimed so that no other pass sends them. In quiet
        hours none: they wait for the morning pass."""
        now = self._clock.now()
        await links.purge_old_attempts(self._sessions, now)  # KVKK: attempts kept one day
        if in_quiet_hours(now):
            return []
        due = []
        for record in await linked_records(self._sessions):
            claimed = await store.claim_due(
                self._sessions, record.student_id, plan(record, now), now
            )
            due += [DueReminder(c.id, record.telegram_user_id, c.text) for c in claimed]
        return due

    async def delivered(self, reminder: DueReminder, delivery: Delivery) -> None:
        await store.mark(self._sessions, reminder.id, delivery.value, self._clock.now())
