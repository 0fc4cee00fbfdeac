"""Telegram updates taken in by webhook: the first delivery of an update id wins."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.store.models import ProcessedUpdate


async def first_delivery(
    sessions: async_sessionmaker[AsyncSession], update_id: int, now: datetime
) -> bool:
    """Record ``update_id``; False when it was taken in before (by any bot process)."""
    async with sessions.begin() as session:
        dialect = session.bind.dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        result = await session.execute(
            insert(ProcessedUpdate)
            .values(update_id=update_id, received_at=now)
            .on_conflict_do_nothing()
        )
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]
