"""Login links and sessions of the web panel, by the hash of their token."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from staj.store.models import PanelLogin, PanelSession


def add_login(
    session: AsyncSession, token_hash: str, telegram_user_id: int, now: datetime, until: datetime
) -> None:
    session.add(
        PanelLogin(
            token_hash=token_hash,
            telegram_user_id=telegram_user_id,
            created_at=now,
            expires_at=until,
        )
    )


async def logins_since(session: AsyncSession, telegram_user_id: int, since: datetime) -> int:
    return int(
        await session.scalar(
            select(func.count())
            .select_from(PanelLogin)
            .where(PanelLogin.telegram_user_id == telegram_user_id, PanelLogin.created_at >= since)
        )
        or 0
    )


async def use_login(session: AsyncSession, token_hash: str, now: datetime) -> int | None:
    """Mark the link used, if it is unused and unexpired: one conditional update, so two
    browsers opening one link cannot both get in. The account it was for, or None."""
    used = await session.execute(
        update(PanelLogin)
        .where(
            PanelLogin.token_hash == token_hash,
            PanelLogin.used_at.is_(None),
            PanelLogin.expires_at > now,
        )
        .values(used_at=now)
        .returning(PanelLogin.telegram_user_id)
    )
    account = used.scalar_one_or_none()
    return int(account) if account is not None else None


async def login_state(session: AsyncSession, token_hash: str) -> PanelLogin | None:
    found: PanelLogin | None = await session.scalar(
        select(PanelLogin).where(PanelLogin.token_hash == token_hash)
    )
    return found


def add_session(
    session: AsyncSession,
    token_hash: str,
    telegram_user_id: int,
    csrf_token: str,
    now: datetime,
    until: datetime,
) -> None:
    session.add(
        PanelSession(
            token_hash=token_hash,
            telegram_user_id=telegram_user_id,
            csrf_token=csrf_token,
            created_at=now,
            expires_at=until,
        )
    )


async def live_session(
    session: AsyncSession, token_hash: str, now: datetime
) -> PanelSession | None:
    found: PanelSession | None = await session.scalar(
        select(PanelSession).where(
            PanelSession.token_hash == token_hash, PanelSession.expires_at > now
        )
    )
    return found


async def end_session(session: AsyncSession, token_hash: str) -> None:
    await session.execute(delete(PanelSession).where(PanelSession.token_hash == token_hash))


async def end_sessions_of(session: AsyncSession, telegram_user_id: int) -> int:
    result = await session.execute(
        delete(PanelSession).where(PanelSession.telegram_user_id == telegram_user_id)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
