"""A student's own data (KVKK art. 11): what is held about their Telegram account, and its
erasure on their request, everywhere at once: the store, Rasa's conversation history, an
open handoff (closed first, so the counselors are told)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.services.handoffs import Closed, HandoffDesk
from staj.store import personal_data as store
from staj.store.audit import audit
from staj.store.conversations import conversation_size, forget_conversation


@dataclass(frozen=True)
class Held:
    store: store.HeldData
    conversation_events: int  # the assistant's conversation history kept for this account

    @property
    def anything(self) -> bool:
        return self.store.anything or self.conversation_events > 0


@dataclass(frozen=True)
class Erased:
    closed: Closed | None  # the open handoff it ended, for the channel to announce
    rows: int
    conversation_events: int


@dataclass(frozen=True)
class Forgotten:
    accounts: int  # linked Telegram accounts whose data went with the record
    rows: int


class PersonalDataDesk:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        tracker_store_url: str,
        handoffs: HandoffDesk,
    ) -> None:
        self._sessions = sessions
        self._tracker_store_url = tracker_store_url
        self._handoffs = handoffs

    async def held(self, telegram_user_id: int) -> Held:
        data = await store.held_for(self._sessions, telegram_user_id)
        events = await asyncio.to_thread(
            conversation_size, self._tracker_store_url, str(telegram_user_id)
        )
        return Held(data, events)

    async def erase(self, telegram_user_id: int) -> Erased:
        """Erase the account's data. The career office's record of the student stays (its
        own, from its systems), unlinked; the audit entry names no one."""
        closed = await self._handoffs.close_for_student(telegram_user_id)
        async with self._sessions.begin() as session:
            rows = await store.erase(session, telegram_user_id)
            audit(session, "öğrenci", "erased_own_data")
        events = await asyncio.to_thread(
            forget_conversation, self._tracker_store_url, str(telegram_user_id)
        )
        return Erased(closed if isinstance(closed, Closed) else None, rows, events)

    async def forget_student(self, institution: str, student_number: str, actor: str) -> Forgotten | None:  # fmt: skip
        """The office's erasure request for a student: the record itself (applications,
        history, reminders, codes) and the data of the Telegram account linked to it. The
        audit entry says who did it, not whom. None: no such student."""
        async with self._sessions() as session:
            found = await store.student_and_account(session, institution, student_number)
        if found is None:
            return None
        student_id, account = found
        erased = await self.erase(account) if account is not None else None
        async with self._sessions.begin() as session:
            rows = await store.delete_student(session, student_id)
            audit(session, actor, "forgot_student")
        return Forgotten(1 if account is not None else 0, rows + (erased.rows if erased else 0))
