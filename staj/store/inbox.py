"""The unanswered-questions inbox: every fallback and every 👎, until an admin acts."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.faq.inbox_groups import Group, group_questions
from staj.store.models import InboxItem

OPEN, ADDED, NEW, DISMISSED = "open", "added", "new", "dismissed"
FALLBACK, DOWNVOTE = "fallback", "downvote"


async def add(
    sessions: async_sessionmaker[AsyncSession],
    question: str,
    source: str,
    entry_id: str | None = None,
) -> None:
    question = " ".join(question.split())[:500]
    if not question:
        return
    async with sessions.begin() as session:
        session.add(InboxItem(question=question, source=source, entry_id=entry_id, state=OPEN))


async def open_groups(sessions: async_sessionmaker[AsyncSession], limit: int = 500) -> list[Group]:
    async with sessions() as session:
        rows = (
            await session.execute(
                select(InboxItem.id, InboxItem.question, InboxItem.source)
                .where(InboxItem.state == OPEN)
                .order_by(InboxItem.at.desc(), InboxItem.id.desc())
                .limit(limit)
            )
        ).all()
    return group_questions([(r[0], r[1], r[2]) for r in rows])


async def close(session: AsyncSession, item_ids: list[int], state: str) -> int:
    """Close the still-open items among ``item_ids`` inside the caller's unit of work."""
    result = await session.execute(
        update(InboxItem)
        .where(InboxItem.id.in_(item_ids), InboxItem.state == OPEN)
        .values(state=state)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
