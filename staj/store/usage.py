"""Usage logs for statistics, pseudonymous (KVKK): students appear only as a keyed hash,
and question texts are kept only for turns the assistant could not answer (the inbox)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from datetime import datetime
from functools import cache

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.paths import var_dir
from staj.staff.stats import FALLBACK
from staj.store.models import MessageLogEntry, QuestionLogEntry, utcnow


@cache
def _secret() -> bytes:
    """A per-installation key, made on first use: hashes cannot be matched across sites
    or reversed by trying every Telegram id without it."""
    path = var_dir() / "stats.key"
    for _ in range(50):
        try:
            with path.open("x", encoding="ascii") as new_key:  # the first process makes it
                new_key.write(secrets.token_hex(32))
            path.chmod(0o600)
        except FileExistsError:
            pass
        content = path.read_text(encoding="ascii").strip()
        if len(content) == 64:
            return bytes.fromhex(content)
        time.sleep(0.02)  # another process is writing it
    raise RuntimeError(f"{path} is not a valid key")


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
