"""Students' 👍/👎 on FAQ answers."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.store.models import Feedback


async def record_feedback(
    sessions: async_sessionmaker[AsyncSession],
    entry_id: str,
    helpful: bool,
    question: str,
    institution: str | None,
) -> None:
    async with sessions.begin() as session:
        session.add(
            Feedback(
                entry_id=entry_id,
                helpful=helpful,
                question=None if helpful else question[:2000],
                institution=institution,
            )
        )
