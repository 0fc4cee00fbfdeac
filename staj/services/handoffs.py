"""Handing a student over to a counselor and back, as a workflow.

Each operation is one unit of work over the store and returns a typed outcome; the channel
(bot/staff/handoff_relay.py) turns outcomes into Telegram messages, topics and copies. A
state change that can race (two counselors taking one request, a close meeting a take) is one
conditional UPDATE, so exactly one of them wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.clock import Clock
from staj.staff.office_hours import is_open, next_opening
from staj.store import handoffs as store
from staj.store.models import Handoff, aware
from staj.store.record_views import StudentCard, card_in, record_in
from staj.store.staff import Staff, find_staff
from staj.students.record import StudentRecord

STUDENT, COUNSELOR, ASSISTANT = "student", "counselor", "assistant"
# Why a handoff ended; each has its own notice for the student and for the group.
CLOSE_REASONS = ("closed", "handed_back", "idle", "student", "undelivered")


@dataclass(frozen=True)
class Requested:
    """A new request, to announce in ``group_chat_id`` (in a new topic where it has them)."""

    handoff: Handoff
    group_has_topics: bool
    office_open: bool
    opens_at: datetime | None  # the next opening when the office is closed now


@dataclass(frozen=True)
class AlreadyOpen:
    """The student already has an open request or conversation."""

    handoff: Handoff
    with_counselor: bool
    position: int  # in the queue, while waiting


@dataclass(frozen=True)
class NoGroup:
    """Nobody takes handoffs for this student's university (nor nationally)."""

    institution: str | None


RequestOutcome = Requested | AlreadyOpen | NoGroup


@dataclass(frozen=True)
class Askable:
    """A request can be made: what the counselors would see, for the student to agree to."""

    institution: str | None
    linked: bool  # their record card would go with it (same university only)


@dataclass(frozen=True)
class Taken:
    handoff: Handoff
    now_taken: bool  # False: it already was with a counselor (no new announcement)


@dataclass(frozen=True)
class Closed:
    handoff: Handoff
    reason: str


@dataclass(frozen=True)
class NotOpen:
    """The handoff had ended meanwhile (closed by someone else, or idle)."""


@dataclass(frozen=True)
class SummaryFacts:
    """What counselors see of a student when a request arrives."""

    card: StudentCard | None  # only for a linked student of the handoff's university
    record: StudentRecord | None
    # Linked to another university's record: the counselors are not told whose (KVKK).
    linked_elsewhere: bool = False


@dataclass(frozen=True)
class Maintenance:
    reannounce: list[Handoff]  # waiting too long while the office is open
    closed_idle: list[Handoff]  # left idle, now closed


@dataclass(frozen=True)
class QueueItem:
    """A handoff as the office's queue shows it: no student, no message text."""

    handoff_id: int
    institution: str | None
    state: str
    created_at: datetime
    minutes_waiting: int  # until taken, or until now while waiting
    taken_by: str | None


class HandoffDesk:
    """The career office's handoff desk over the store."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        reannounce_after: timedelta,
        idle_after: timedelta,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self.reannounce_after = reannounce_after
        self.idle_after = idle_after

    async def request(self, telegram_user_id: int) -> RequestOutcome:
        """The student asked for a person: queue a new request unless one is open."""
        now = self._clock.now()
        async with self._sessions.begin() as session:
            existing = await store.open_for_student(session, telegram_user_id)
            if existing is not None:
                position = await store.queue_position(session, existing)
                return AlreadyOpen(existing, existing.state == store.ACTIVE, position)
            institution = await store.chosen_institution(session, telegram_user_id)
            group = await store.group_for(session, institution)
            if group is None:
                return NoGroup(institution)
            handoff = await store.create(session, telegram_user_id, institution, group.chat_id, now)
            has_topics = group.has_topics
        office_open = is_open(now, institution)
        return Requested(
            handoff,
            has_topics,
            office_open,
            None if office_open else next_opening(now, institution),
        )

    async def before_request(self, telegram_user_id: int) -> Askable | AlreadyOpen | NoGroup:
        """Whether a request could be made now, and what it would share; nothing changes."""
        async with self._sessions() as session:
            existing = await store.open_for_student(session, telegram_user_id)
            if existing is not None:
                position = await store.queue_position(session, existing)
                return AlreadyOpen(existing, existing.state == store.ACTIVE, position)
            institution = await store.chosen_institution(session, telegram_user_id)
            if await store.group_for(session, institution) is None:
                return NoGroup(institution)
            card = await card_in(session, telegram_user_id)
        return Askable(institution, card is not None and card.institution == institution)

    async def moved(self, old_chat_id: int, new_chat_id: int) -> None:
        """A counselors' group became a supergroup: its chat id changed."""
        async with self._sessions.begin() as session:
            await store.move_group(session, old_chat_id, new_chat_id)

    async def announced(
        self, handoff_id: int, thread_id: int | None, summary_message_id: int
    ) -> tuple[Handoff, int] | None:
        """Where the request was announced; gives the handoff and its place in the queue."""
        async with self._sessions.begin() as session:
            handoff = await store.place(session, handoff_id, thread_id, summary_message_id)
            if handoff is None:
                return None
            return handoff, await store.queue_position(session, handoff)

    async def summary_facts(self, handoff: Handoff) -> SummaryFacts:
        """The record card goes only to the counselors of the record's own university: a
        KTÜ-linked student who asks KSÜ's counselors reaches them as an unlinked student."""
        async with self._sessions() as session:
            card = await card_in(session, handoff.telegram_user_id)
            if card is not None and card.institution != handoff.institution:
                return SummaryFacts(None, None, linked_elsewhere=True)
            return SummaryFacts(card, await record_in(session, handoff.telegram_user_id))

    async def open_for_student(self, telegram_user_id: int) -> Handoff | None:
        async with self._sessions() as session:
            return await store.open_for_student(session, telegram_user_id)

    async def in_group(
        self, chat_id: int, thread_id: int | None, reply_to_message_id: int | None
    ) -> Handoff | None:
        """The open handoff a group message belongs to (its topic, or the message it answers)."""
        async with self._sessions() as session:
            return await store.find_by_group_message(
                session, chat_id, thread_id, reply_to_message_id
            )

    async def acting_counselor(
        self, telegram_user_id: int, chat_id: int, handoff: Handoff | None
    ) -> Staff | None:
        """The staff member if they may act in this group on this handoff: an admin anywhere,
        a counselor in their own university's group or on its students' handoffs."""
        async with self._sessions() as session:
            member = await find_staff(session, telegram_user_id)
            if member is None or member.is_admin:
                return member
            group_institution = await store.group_institution(session, chat_id)
        allowed = {group_institution, handoff.institution if handoff else None} - {None}
        return member if member.institution in allowed else None

    async def take(self, handoff_id: int, counselor_id: int) -> Taken | NotOpen:
        """The counselor holds the conversation from now on (the first to act takes it)."""
        async with self._sessions.begin() as session:
            now_taken = await store.take_if_waiting(
                session, handoff_id, counselor_id, self._clock.now()
            )
            handoff = await store.get(session, handoff_id)
            if handoff is None or handoff.state not in store.OPEN_STATES:
                return NotOpen()
            return Taken(handoff, now_taken)

    async def student_wrote(
        self, handoff_id: int, kind: str, body: str | None, group_chat_id: int, message_id: int
    ) -> None:
        """What the student sent went to the group as ``message_id``."""
        await self._record(handoff_id, STUDENT, kind, body, group_chat_id, message_id)

    async def counselor_wrote(
        self, handoff_id: int, kind: str, body: str | None, chat_id: int, message_id: int
    ) -> None:
        """A counselor's message reached the student; the first one counts as the reply time."""
        await self._record(handoff_id, COUNSELOR, kind, body, chat_id, message_id)

    async def notice_sent(self, handoff_id: int, chat_id: int, message_id: int) -> None:
        """The bot's own notice about the handoff went to the group as ``message_id``: a
        counselor who replies to it reaches the student too. No text is kept."""
        async with self._sessions.begin() as session:
            handoff = await store.get(session, handoff_id)
            if handoff is not None:
                await store.record_message(
                    session, handoff, ASSISTANT, "notice", None, self._clock.now(),
                    chat_id, message_id, activity=False,
                )  # fmt: skip

    async def _record(
        self,
        handoff_id: int,
        sender: str,
        kind: str,
        body: str | None,
        chat_id: int,
        message_id: int,
    ) -> None:
        now = self._clock.now()
        async with self._sessions.begin() as session:
            handoff = await store.get(session, handoff_id)
            if handoff is None:
                return
            if sender == COUNSELOR and handoff.first_reply_at is None:
                handoff.first_reply_at = now
            await store.record_message(
                session, handoff, sender, kind, body, now, chat_id, message_id
            )

    async def close(self, handoff_id: int, reason: str) -> Closed | NotOpen:
        """End the handoff: the assistant answers the student again."""
        assert reason in CLOSE_REASONS, reason
        async with self._sessions.begin() as session:
            if not await store.close_if_open(session, handoff_id, reason, self._clock.now()):
                return NotOpen()
            handoff = await store.get(session, handoff_id)
        assert handoff is not None
        return Closed(handoff, reason)

    async def close_for_student(self, telegram_user_id: int) -> Closed | NotOpen:
        """The student ends their own request or conversation."""
        handoff = await self.open_for_student(telegram_user_id)
        return NotOpen() if handoff is None else await self.close(handoff.id, "student")

    async def maintain(self) -> Maintenance:
        """Requests to announce again (nobody took them while the office is open), and
        conversations closed for being idle."""
        now = self._clock.now()
        async with self._sessions.begin() as session:
            due = [
                handoff
                for handoff in await store.waiting_since(session, now, self.reannounce_after)
                if handoff.group_chat_id is not None and is_open(now, handoff.institution)
            ]
            reannounce = [h for h in due if await store.claim_announcement(session, h, now)]
            idle = await store.idle_since(session, now, self.idle_after)
        closed = []
        for handoff in idle:
            outcome = await self.close(handoff.id, "idle")
            if isinstance(outcome, Closed):
                closed.append(outcome.handoff)
        return Maintenance(reannounce, closed)

    async def queue(self, institution: str | None = None) -> list[QueueItem]:
        """Open handoffs, oldest first; a counselor's view passes their university."""
        async with self._sessions() as session:
            rows = await store.open_queue(session, institution)
        now = self._clock.now()
        items = []
        for handoff, name in rows:
            created = aware(handoff.created_at)
            until = aware(handoff.taken_at) if handoff.taken_at else now
            minutes = int((until - created).total_seconds() // 60)
            items.append(
                QueueItem(handoff.id, handoff.institution, handoff.state, created, minutes, name)
            )
        return items

    def minutes_waiting(self, handoff: Handoff) -> int:
        return int((self._clock.now() - aware(handoff.created_at)).total_seconds() // 60)
