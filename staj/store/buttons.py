"""Inline-button payloads held server-side behind single-owner random tokens."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.store.models import ButtonToken, utcnow

# Old keyboards stay usable for a month (the checklist may be resumed days later).
TOKEN_LIFETIME = timedelta(days=30)


async def issue_tokens(
    sessions: async_sessionmaker[AsyncSession], user_id: int, buttons: list[tuple[str, str]]
) -> list[str]:
    """Store (title, payload) pairs for ``user_id``; return one token per button."""
    tokens = [secrets.token_urlsafe(12) for _ in buttons]
    async with sessions.begin() as session:
        session.add_all(
            ButtonToken(token=token, telegram_user_id=user_id, title=title[:256], payload=payload)
            for token, (title, payload) in zip(tokens, buttons, strict=True)
        )
    return tokens


async def resolve_token(
    sessions: async_sessionmaker[AsyncSession], user_id: int, token: str
) -> ButtonToken | None:
    """The button behind ``token`` if it was issued to ``user_id`` and has not expired."""
    if not token or len(token) > 32:
        return None
    async with sessions() as session:
        button = await session.get(ButtonToken, token)
    if button is None or button.telegram_user_id != user_id:
        return None
    created = button.created_at
    if created.tzinfo is None:  # SQLite returns naive datetimes
        created = created.replace(tzinfo=utcnow().tzinfo)
    if utcnow() - created > TOKEN_LIFETIME:
        return None
    return button


async def purge_expired(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions.begin() as session:
        await session.execute(
            delete(ButtonToken).where(ButtonToken.created_at < utcnow() - TOKEN_LIFETIME)
        )
