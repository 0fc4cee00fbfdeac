"""Deadline reminders as a workflow: plan each linked student's reminders from the store,
claim the due ones (each is sent at most once, whatever restarts), and record how the
sending went. The channel sends them (bot/student/reminders.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import Enum

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.clock import Clock
from staj.services.job_leases import JobLease
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
    # Telegram did not answer in time: it may have delivered. Sending again could make a
    # duplicate, so the reminder counts as sent (with the reason kept).
    IN_DOUBT = store.SENT


# A claim this old was left by a pass that crashed before recording the outcome.
STALE_CLAIM = timedelta(minutes=10)
# The reminder pass runs in one process at a time; the holder renews the lease every pass.
LEASE = "reminders"
LEASE_LASTS = timedelta(minutes=2)


class ReminderDesk:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock
        self.lease = JobLease(sessions, clock, LEASE, LEASE_LASTS)

    async def due(self) -> list[DueReminder]:
        """The reminders to send now, claimed so that no other pass sends them. None while
        another process holds the reminder lease, and none in quiet hours: they wait for
        the morning pass."""
        now = self._clock.now()
        if not await self.lease.take():
            return []
        await links.purge_old_attempts(self._sessions, now)  # KVKK: attempts kept one day
        await store.recover_stale_claims(self._sessions, now, STALE_CLAIM)
        if in_quiet_hours(now):
            return []
        due = []
        for record in await linked_records(self._sessions):
            claimed = await store.claim_due(
                self._sessions, record.student_id, plan(record, now), now
            )
            due += [DueReminder(c.id, record.telegram_user_id, c.text) for c in claimed]
        return due

    async def delivered(
        self, reminder: DueReminder, delivery: Delivery, reason: str | None = None
    ) -> None:
        """Record the outcome; ``reason`` says why it failed or is in doubt ("blocked")."""
        await store.mark(self._sessions, reminder.id, delivery.value, self._clock.now(), reason)
