"""Usage logs for statistics, pseudonymous (KVKK): students appear only as a keyed hash,
and question texts are kept only for turns the assistant could not answer (the inbox)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from functools import cache

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj import keys
from staj.staff.stats import FALLBACK
from staj.store.models import MessageLogEntry, QuestionLogEntry, utcnow


@cache
def _secret() -> bytes:
    """The installation's statistics key (staj/keys.py), apart from the database: hashes
    cannot be matched across sites, or reversed by trying every Telegram id, without it. A
    rotated key takes effect at the next start."""
    return keys.key(keys.STATS)


def student_key(sender: str | int) -> str:
    return hmac.new(_secret(), str(sender).encode(), hashlib.sha256).hexdigest()[:32]


async def log_message(
    sessions: async_sessionmaker[AsyncSession], sender: int, at: datetime | None = None
) -> None:
    async with sessions.begin() as session:
        session.add(MessageLogEntry(at=at or utcnow(), student_key=student_key(sender)))


async def log_question(
    sessions: async_sessionmaker[AsyncSession],
    sender: str,
    outcome: str,
    entry_id: str | None = None,
    question: str | None = None,
    institution: str | None = None,
    at: datetime | None = None,
) -> None:
    async with sessions.begin() as session:
        session.add(
            QuestionLogEntry(
                at=at or utcnow(),
                student_key=student_key(sender),
                outcome=outcome,
                entry_id=entry_id,
                question=(question or "")[:2000] if outcome == FALLBACK else None,
                institution=institution,
            )
        )
