"""The history of admin edits of the knowledge base."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.faq.editing import Edit
from staj.store.models import FaqChange


def add(session: AsyncSession, edit: Edit, actor: str) -> FaqChange:
    """Record ``edit`` inside the caller's unit of work."""
    change = FaqChange(
        actor=actor[:128],
        entry_id=edit.entry_id,
        file=edit.file,
        kind=edit.kind,
        before=edit.before,
        after=edit.after or "",
        needs_training=edit.needs_training,
    )
    session.add(change)
    return change


async def history(
    sessions: async_sessionmaker[AsyncSession], entry_id: str, limit: int = 5
) -> list[FaqChange]:
    async with sessions() as session:
        rows = await session.scalars(
            select(FaqChange)
            .where(FaqChange.entry_id == entry_id)
            .order_by(FaqChange.at.desc(), FaqChange.id.desc())
            .limit(limit)
        )
        return list(rows.all())


async def get(sessions: async_sessionmaker[AsyncSession], change_id: int) -> FaqChange | None:
    async with sessions() as session:
        return await session.get(FaqChange, change_id)
