"""Handoffs to counselors as stored: each function works inside the caller's session, so a
workflow (staj.services.handoffs) makes one transaction of several steps."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from staj.institutions import NATIONAL_SCOPE
from staj.store.models import (
    CounselorGroup,
    Handoff,
    HandoffMessage,
    StaffMember,
    UserPreference,
    aware,
)

WAITING, ACTIVE, CLOSED = "waiting", "active", "closed"
OPEN_STATES = (WAITING, ACTIVE)


async def open_queue(
    session: AsyncSession, institution: str | None = None
) -> list[tuple[Handoff, str | None]]:
    """Waiting and active handoffs, oldest first (of ``institution`` only, when given), each
    with the display name of the counselor who took it."""
    query = (
        select(Handoff, StaffMember.display_name)
        .outerjoin(StaffMember, StaffMember.telegram_user_id == Handoff.counselor_id)
        .where(Handoff.state.in_(OPEN_STATES))
        .order_by(Handoff.created_at)
    )
    if institution is not None:
        query = query.where(Handoff.institution == institution)
    return [(handoff, name) for handoff, name in (await session.execute(query)).all()]


async def open_for_student(session: AsyncSession, telegram_user_id: int) -> Handoff | None:
    return await session.scalar(
        select(Handoff).where(
            Handoff.telegram_user_id == telegram_user_id, Handoff.state.in_(OPEN_STATES)
        )
    )


async def chosen_institution(session: AsyncSession, telegram_user_id: int) -> str | None:
    preference = await session.get(UserPreference, telegram_user_id)
    return preference.institution if preference else None


async def group_for(session: AsyncSession, institution: str | None) -> CounselorGroup | None:
    """The university's counselor group, else the national one if there is one."""
    for key in (institution, NATIONAL_SCOPE):
        if key:
            group = await session.get(CounselorGroup, key)
            if group is not None:
                return group
    return None


async def group_institution(session: AsyncSession, chat_id: int) -> str | None:
    return await session.scalar(
        select(CounselorGroup.institution).where(CounselorGroup.chat_id == chat_id)
    )


async def move_group(session: AsyncSession, old_chat_id: int, new_chat_id: int) -> None:
    """The group's new chat id, for its registration and its open handoffs."""
    await session.execute(
        update(CounselorGroup)
        .where(CounselorGroup.chat_id == old_chat_id)
        .values(chat_id=new_chat_id)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(Handoff)
        .where(Handoff.group_chat_id == old_chat_id, Handoff.state.in_(OPEN_STATES))
        .values(group_chat_id=new_chat_id)
        .execution_options(synchronize_session=False)
    )


async def create(
    session: AsyncSession,
    telegram_user_id: int,
    institution: str | None,
    group_chat_id: int | None,
    now: datetime,
) -> Handoff:
    handoff = Handoff(
        telegram_user_id=telegram_user_id,
        institution=institution,
        state=WAITING,
        group_chat_id=group_chat_id,
        created_at=now,
        last_activity_at=now,
    )
    session.add(handoff)
    await session.flush()
    return handoff


async def place(
    session: AsyncSession, handoff_id: int, thread_id: int | None, summary_message_id: int
) -> Handoff | None:
    """Where the request was announced: its forum topic (if any) and its summary message."""
    handoff = await session.get(Handoff, handoff_id)
    if handoff is not None:
        handoff.thread_id = thread_id
        handoff.summary_message_id = summary_message_id
    return handoff


async def take_if_waiting(
    session: AsyncSession, handoff_id: int, counselor_id: int, now: datetime
) -> bool:
    """One conditional update: of two counselors taking the same request, one wins."""
    result = await session.execute(
        update(Handoff)
        .where(Handoff.id == handoff_id, Handoff.state == WAITING)
        .values(state=ACTIVE, counselor_id=counselor_id, taken_at=now, last_activity_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def close_if_open(session: AsyncSession, handoff_id: int, reason: str, now: datetime) -> bool:
    result = await session.execute(
        update(Handoff)
        .where(Handoff.id == handoff_id, Handoff.state.in_(OPEN_STATES))
        .values(state=CLOSED, closed_at=now, close_reason=reason)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def claim_announcement(session: AsyncSession, handoff: Handoff, now: datetime) -> bool:
    """Mark a waiting request announced again, unless another process just did (the mark
    it saw is still there): of two bot processes, one announces."""
    seen = (
        Handoff.announced_at.is_(None)
        if handoff.announced_at is None
        else Handoff.announced_at == handoff.announced_at
    )
    result = await session.execute(
        update(Handoff)
        .where(Handoff.id == handoff.id, Handoff.state == WAITING, seen)
        .values(announced_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


async def get(session: AsyncSession, handoff_id: int) -> Handoff | None:
    return await session.get(Handoff, handoff_id, populate_existing=True)


async def queue_position(session: AsyncSession, handoff: Handoff) -> int:
    """1 for the oldest waiting request of the same group of counselors."""
    ahead = await session.scalar(
        select(func.count(Handoff.id)).where(
            Handoff.state == WAITING,
            Handoff.group_chat_id == handoff.group_chat_id,
            Handoff.id < handoff.id,
        )
    )
    return int(ahead or 0) + 1


async def find_by_group_message(
    session: AsyncSession, chat_id: int, thread_id: int | None, reply_to_message_id: int | None
) -> Handoff | None:
    """The open handoff a counselor's group message belongs to: by forum topic, else by the
    handoff message it replies to."""
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
    session: AsyncSession,
    handoff: Handoff,
    sender: str,
    kind: str,
    text: str | None,
    now: datetime,
    group_chat_id: int | None = None,
    group_message_id: int | None = None,
    activity: bool = True,
) -> None:
    """Keep one message of the handoff; ``activity``: it counts against idle closing."""
    session.add(
        HandoffMessage(
            handoff_id=handoff.id,
            sender=sender,
            kind=kind,
            text=text,
            group_chat_id=group_chat_id,
            group_message_id=group_message_id,
            at=now,
        )
    )
    if activity:
        handoff.last_activity_at = now


async def waiting_since(session: AsyncSession, now: datetime, after: timedelta) -> list[Handoff]:
    """Waiting requests last announced (or made) at least ``after`` ago."""
    rows = await session.scalars(
        select(Handoff).where(Handoff.state == WAITING).order_by(Handoff.id)
    )
    return [h for h in rows.all() if now - aware(h.announced_at or h.created_at) >= after]


async def idle_since(session: AsyncSession, now: datetime, after: timedelta) -> list[Handoff]:
    rows = await session.scalars(
        select(Handoff).where(Handoff.state == ACTIVE).order_by(Handoff.id)
    )
    return [h for h in rows.all() if now - aware(h.last_activity_at) >= after]
