"""The record of gated retraining runs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.store.models import RetrainingRun

ACCEPTED, REFUSED, FAILED = "accepted", "refused", "failed"


async def add(
    sessions: async_sessionmaker[AsyncSession],
    started_at: datetime,
    finished_at: datetime,
    outcome: str,
    *,
    old_accuracy: float | None = None,
    new_accuracy: float | None = None,
    finetuned: bool = False,
    reason: str | None = None,
    model: str | None = None,
) -> None:
    async with sessions.begin() as session:
        session.add(
            RetrainingRun(
                started_at=started_at,
                finished_at=finished_at,
                outcome=outcome,
                old_accuracy=old_accuracy,
                new_accuracy=new_accuracy,
                finetuned=finetuned,
                reason=reason,
                model=model,
            )
        )


async def recent(
    sessions: async_sessionmaker[AsyncSession], limit: int = 10
) -> list[RetrainingRun]:
    async with sessions() as session:
        rows = await session.scalars(
            select(RetrainingRun).order_by(RetrainingRun.id.desc()).limit(limit)
        )
        return list(rows)
