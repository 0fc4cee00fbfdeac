"""A periodic job (reminders, handoff maintenance, retention) runs in one process at a time,
however many bot processes serve: the holder of the job's lease runs it and renews the lease
each pass; when the holder stops (crash, shutdown) another takes over once the lease expires
(at once after a clean shutdown, which gives it up)."""

from __future__ import annotations

import os
import socket
import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.clock import Clock
from staj.store import leases


def process_name() -> str:
    """This process among the replicas: host, pid and a random part (pids repeat)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class JobLease:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        name: str,
        lasts: timedelta,
        holder: str | None = None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self.name = name
        self.lasts = lasts
        self.holder = holder or process_name()

    async def take(self) -> bool:
        """Take or renew the lease; False while another process holds it."""
        return await leases.acquire(
            self._sessions, self.name, self.holder, self._clock.now(), self.lasts
        )

    async def release(self) -> None:
        await leases.release(self._sessions, self.name, self.holder)
