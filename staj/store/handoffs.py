"""Handoffs to counselors: requests, who holds them, their messages, queue and timeouts."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.store.models import Handoff, HandoffMessage, aware

WAITING, ACTIVE, CLOSED = "waiting", "active", "closed"
OPEN_STATES = (WAITING, ACTIVE)


async def open_for_student(
    sessions: async_sessionmaker[AsyncSession], telegram_user_id: int
) -> Handoff | None:
    async with sessions() as session:
        return await session.scalar(
            select(Handoff).where(
                Handoff.telegram_user_id == telegram_user_id, Handoff.state.in_(OPEN_STATES)
            )
        )


async def create(
    sessions: async_sessionmaker[AsyncSession],
    telegram_user_id: int,
    institution: str | None,
    now: datetime,
) -> Handoff:
    async with sessions.begin() as session:
        handoff = Handoff(
            telegram_user_id=telegram_user_id,
            institution=institution,
            state=WAITING,
            created_at=now,
            last_activity_at=now,
        )
        session.add(handoff)
    return handoff


async def update(
    sessions: async_sessionmaker[AsyncSession], handoff_id: int, **values: object
) -> Handoff:
    async with sessions.begin() as session:
        handoff = await session.get(Handoff, handoff_id)
        assert handoff is not None
        for key, value in values.items():
            setattr(handoff, key, value)
    return handoff


async def queue_position(sessions: async_sessionmaker[AsyncSession], handoff: Handoff) -> int:
    """1 for the oldest waiting request of the same group of counselors."""
    async with sessions() as session:
        ahead = await session.scalar(
            select(func.count(Handoff.id)).where(
                Handoff.state == WAITING,
                Handoff.group_chat_id == handoff.group_chat_id,
                Handoff.id < handoff.id,
            )
        )
    return int(ahead or 0) + 1


async def find_by_group_message(
    sessions: async_sessionmaker[AsyncSession],
    chat_id: int,
    thread_id: int | None,
    reply_to_message_id: int | None,
) -> Handoff | None:
    """The open handoff a counselor's group message belongs to: by forum topic, else by the
    handoff message it replies to."""
    async with sessions() as session:
        if thread_id is not None:
            found = await session.scalar(
                select(Handoff).where(
                    Handoff.group_chat_id == chat_id,
                    Handoff.thread_id == thread_id,
                    Handoff.state.in_(OPEN_STATES),
                )
            )
            if found is not None:
                return found
        if reply_to_message_id is None:
            return None
        handoff_id = await session.scalar(
            select(HandoffMessage.handoff_id).where(
                HandoffMessage.group_chat_id == chat_id,
                HandoffMessage.group_message_id == reply_to_message_id,
            )
        )
        if handoff_id is None:
            handoff_id = await session.scalar(
                select(Handoff.id).where(
                    Handoff.group_chat_id == chat_id,
                    Handoff.summary_message_id == reply_to_message_id,
                )
            )
        if handoff_id is None:
            return None
        handoff = await session.get(Handoff, handoff_id)
        return handoff if handoff is not None and handoff.state in OPEN_STATES else None


async def record_message(
    sessions: async_sessionmaker[AsyncSession],
    handoff_id: int,
    sender: str,
    kind: str,
    text: str | None,
    now: datetime,
    group_chat_id: int | None = None,
    group_message_id: int | None = None,
) -> None:
    async with sessions.begin() as session:
        session.add(
            HandoffMessage(
                handoff_id=handoff_id,
                sender=sender,
                kind=kind,
                text=text,
                group_chat_id=group_chat_id,
                group_message_id=group_message_id,
                at=now,
            )
        )
        handoff = await session.get(Handoff, handoff_id)
        if handoff is not None:
            handoff.last_activity_at = now


async def waiting_to_reannounce(
    sessions: async_sessionmaker[AsyncSession], now: datetime, after: timedelta
) -> list[Handoff]:
    async with sessions() as session:
        rows = await session.scalars(
            select(Handoff).where(Handoff.state == WAITING).order_by(Handoff.id)
        )

        return [h for h in rows.all() if now - aware(h.announced_at or h.created_at) >= after]


async def idle(
    sessions: async_sessionmaker[AsyncSession], now: datetime, after: timedelta
) -> list[Handoff]:

    async with sessions() as session:
        rows = await session.scalars(select(Handoff).where(Handoff.state == ACTIVE))
        return [h for h in rows.all() if now - aware(h.last_activity_at) >= after]
