"""A Telegram user's remembered choices."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.store.models import UserPreference


async def get_institution(sessions: async_sessionmaker[AsyncSession], user_id: int) -> str | None:
    async with sessions() as session:
        pref = await session.get(UserPreference, user_id)
        return pref.institution if pref else None


async def set_institution(
    sessions: async_sessionmaker[AsyncSession], user_id: int, institution: str | None
) -> None:
    async with sessions.begin() as session:
        pref = await session.get(UserPreference, user_id)
        if pref is None:
            session.add(UserPreference(telegram_user_id=user_id, institution=institution))
        else:
            pref.institution = institution
