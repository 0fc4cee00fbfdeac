"""Inserting rows that another process may insert at the same moment."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from staj.store.models import Base


async def insert_unless_present(
    session: AsyncSession, model: type[Base], rows: list[dict[str, Any]]
) -> None:
    """INSERT ... ON CONFLICT DO NOTHING: a row whose unique key exists already (perhaps
    inserted by another process a moment ago) is skipped instead of failing the
    transaction."""
    if not rows:
        return
    dialect = session.bind.dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    await session.execute(insert(model).values(rows).on_conflict_do_nothing())
