"""Gated retraining runs, kept in the store for the panel's retraining page."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.model.retrainer import FinishedRun, Record
from staj.store import retraining_runs


def recorder(sessions: async_sessionmaker[AsyncSession]) -> Record:
    """What the Retrainer calls with each finished run."""

    async def record(run: FinishedRun) -> None:
        result = run.outcome.result
        if result is None:
            await retraining_runs.add(
                sessions, run.started_at, run.finished_at, retraining_runs.FAILED,
                reason=run.outcome.failure,
            )  # fmt: skip
            return
        await retraining_runs.add(
            sessions, run.started_at, run.finished_at,
            retraining_runs.ACCEPTED if result.accepted else retraining_runs.REFUSED,
            old_accuracy=result.old_accuracy, new_accuracy=result.new_accuracy,
            finetuned=result.finetuned, reason=result.reason or None,
            model=result.model.name if result.model else None,
        )  # fmt: skip

    return record
