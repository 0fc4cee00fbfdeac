"""Knowledge-base files as admins last edited them, shared by every process."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.store.models import FaqFile


async def publish(session: AsyncSession, name: str, content: str, now: datetime) -> int:
    """Store the file's new content, in the edit's transaction; its new version."""
    row = await session.get(FaqFile, name, with_for_update=True)
    if row is None:
        row = FaqFile(name=name, content=content, version=1, updated_at=now)
        session.add(row)
    else:
        row.content, row.version, row.updated_at = content, row.version + 1, now
    return row.version


async def versions(sessions: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    async with sessions() as session:
        rows = await session.execute(select(FaqFile.name, FaqFile.version))
        return {name: version for name, version in rows.tuples()}


async def content(
    sessions: async_sessionmaker[AsyncSession], name: str
) -> tuple[str, int, datetime] | None:
    """The file's stored content, its version and when that version was edited."""
    async with sessions() as session:
        row = await session.get(FaqFile, name)
        return (row.content, row.version, row.updated_at) if row else None
