"""Usage statistics for a period, read from the store and counted by the domain."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.staff.stats import Stats, period_bounds, tally
from staj.store.stats import usage_between


async def compute(
    sessions: async_sessionmaker[AsyncSession], first_day: date, last_day: date, top: int = 10
) -> Stats:
    rows = await usage_between(sessions, *period_bounds(first_day, last_day))
    return tally(first_day, last_day, rows.messages, rows.questions, rows.handoffs, top)
