"""A student's checklist progress."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.store.models import ChecklistProgress


@dataclass
class Progress:
    position: int = 0
    done: set[str] = field(default_factory=set)
    start_date: date | None = None


async def load_progress(
    sessions: async_sessionmaker[AsyncSession], user_id: int, checklist: str
) -> Progress:
    async with sessions() as session:
        row = await session.get(ChecklistProgress, (user_id, checklist))
    if row is None:
        return Progress()
    return Progress(row.position, row.done, row.start_date)


async def save_progress(
    sessions: async_sessionmaker[AsyncSession], user_id: int, checklist: str, progress: Progress
) -> None:
    async with sessions.begin() as session:
        row = await session.get(ChecklistProgress, (user_id, checklist))
        if row is None:
            row = ChecklistProgress(telegram_user_id=user_id, checklist=checklist)
            session.add(row)
        row.position = progress.position
        row.done_steps = ",".join(sorted(progress.done))
        row.start_date = progress.start_date
