"""Leases: a periodic job (the reminder pass) runs in one process at a time. A holder keeps
its lease by renewing it each run; one that stops (crash, shutdown) loses it when it expires."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.store.inserts import insert_unless_present
from staj.store.models import JobLease


async def acquire(
    sessions: async_sessionmaker[AsyncSession],
    name: str,
    holder: str,
    now: datetime,
    lasting: timedelta,
) -> bool:
    """Take or renew the lease ``name`` for ``holder`` until ``now + lasting``; False while
    another holder's lease runs. One conditional update decides, on SQLite and PostgreSQL."""
    async with sessions.begin() as session:
        await insert_unless_present(
            session, JobLease, [{"name": name, "holder": holder, "expires_at": now + lasting}]
        )
        taken = await session.execute(
            update(JobLease)
            .where(
                JobLease.name == name,
                or_(JobLease.holder == holder, JobLease.expires_at < now),
            )
            .values(holder=holder, expires_at=now + lasting)
            .execution_options(synchronize_session=False)
        )
        return bool(taken.rowcount == 1)  # type: ignore[attr-defined]


async def release(sessions: async_sessionmaker[AsyncSession], name: str, holder: str) -> None:
    """Give the lease up at shutdown, so another process can take over at once."""
    async with sessions.begin() as session:
        await session.execute(
            update(JobLease)
            .where(JobLease.name == name, JobLease.holder == holder)
            .values(expires_at=datetime.fromtimestamp(0).astimezone())
        )
