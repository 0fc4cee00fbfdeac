"""The log rows usage statistics are counted from (staj.staff.stats counts them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.store.models import Handoff, MessageLogEntry, QuestionLogEntry, aware


@dataclass(frozen=True)
class UsageRows:
    messages: list[tuple[datetime, str]]  # at, student key
    questions: list[tuple[datetime, str, str | None]]  # at, outcome, entry id
    handoffs: list[tuple[datetime, datetime | None]]  # created, first reply


async def usage_between(
    sessions: async_sessionmaker[AsyncSession], start: datetime, end: datetime
) -> UsageRows:
    """Every logged message, question turn and handoff in [start, end), times made aware."""
    async with sessions() as session:
        messages = (
            await session.execute(
                select(MessageLogEntry.at, MessageLogEntry.student_key).where(
                    MessageLogEntry.at >= start, MessageLogEntry.at < end
                )
            )
        ).all()
        questions = (
            await session.execute(
                select(
                    QuestionLogEntry.at, QuestionLogEntry.outcome, QuestionLogEntry.entry_id
                ).where(QuestionLogEntry.at >= start, QuestionLogEntry.at < end)
            )
        ).all()
        handoffs = (
            await session.execute(
                select(Handoff.created_at, Handoff.first_reply_at).where(
                    Handoff.created_at >= start, Handoff.created_at < end
                )
            )
        ).all()
    return UsageRows(
        messages=[(aware(at), key) for at, key in messages],
        questions=[(aware(at), outcome, entry) for at, outcome, entry in questions],
        handoffs=[
            (aware(created), aware(reply) if reply is not None else None)
            for created, reply in handoffs
        ],
    )
