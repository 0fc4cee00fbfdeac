"""Everything the store holds about one Telegram account, to show it (KVKK art. 11: the
right to learn what is held) and to erase it on the student's request. The career office's
own record of the student (imported from its systems) is not the account's: it stays,
unlinked. Handoffs stay as anonymous counts for the statistics, without their messages."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.store.models import (
    Base,
    ButtonToken,
    ChecklistProgress,
    Handoff,
    HandoffMessage,
    LinkAttempt,
    MessageLogEntry,
    PanelLogin,
    PanelSession,
    QuestionLogEntry,
    Student,
    TelegramLink,
    UserPreference,
)
from staj.store.usage import student_key

# The account a handoff is kept under once its student has been erased.
ANONYMOUS = 0
# How many of the student's own handoff messages /verilerim shows (the newest).
SHOWN_MESSAGES = 5


@dataclass(frozen=True)
class HeldData:
    linked_to: tuple[str, str] | None = None  # (institution, student number)
    reminders_enabled: bool | None = None
    institution: str | None = None
    checklist_steps_done: int = 0
    handoffs: int = 0
    handoffs_open: int = 0
    handoff_messages: list[str] = field(default_factory=list)  # the student's, newest last
    button_tokens: int = 0
    link_attempts: int = 0
    logged_messages: int = 0
    logged_questions: int = 0

    @property
    def anything(self) -> bool:
        return any(
            (self.linked_to, self.institution, self.checklist_steps_done, self.handoffs,
             self.button_tokens, self.link_attempts, self.logged_messages, self.logged_questions)
        )  # fmt: skip


async def held_for(sessions: async_sessionmaker[AsyncSession], telegram_user_id: int) -> HeldData:
    key = student_key(telegram_user_id)
    async with sessions() as session:
        link = await session.get(TelegramLink, telegram_user_id)
        student = await session.get(Student, link.student_id) if link else None
        preference = await session.get(UserPreference, telegram_user_id)
        checklists = (
            await session.scalars(
                select(ChecklistProgress).where(ChecklistProgress.telegram_user_id == telegram_user_id)
            )
        ).all()  # fmt: skip
        handoffs = (
            await session.scalars(select(Handoff).where(Handoff.telegram_user_id == telegram_user_id))
        ).all()  # fmt: skip
        texts = (
            await session.scalars(
                select(HandoffMessage.text)
                .where(
                    HandoffMessage.handoff_id.in_([h.id for h in handoffs]),
                    HandoffMessage.sender == "student",
                    HandoffMessage.text.is_not(None),
                )
                .order_by(HandoffMessage.id.desc())
                .limit(SHOWN_MESSAGES)
            )
        ).all()
        return HeldData(
            linked_to=(student.institution, student.student_number) if student else None,
            reminders_enabled=link.reminders_enabled if link else None,
            institution=preference.institution if preference else None,
            checklist_steps_done=sum(len(c.done) for c in checklists),
            handoffs=len(handoffs),
            handoffs_open=sum(h.state != "closed" for h in handoffs),
            handoff_messages=[t for t in reversed(texts) if t],
            button_tokens=await _count(
                session, ButtonToken, ButtonToken.telegram_user_id == telegram_user_id
            ),
            link_attempts=await _count(
                session, LinkAttempt, LinkAttempt.telegram_user_id == telegram_user_id
            ),
            logged_messages=await _count(
                session, MessageLogEntry, MessageLogEntry.student_key == key
            ),
            logged_questions=await _count(
                session, QuestionLogEntry, QuestionLogEntry.student_key == key
            ),
        )


async def _count(session: AsyncSession, model: type[Base], condition: ColumnElement[bool]) -> int:
    return int(await session.scalar(select(func.count()).select_from(model).where(condition)) or 0)


async def erase(session: AsyncSession, telegram_user_id: int) -> int:
    """Remove every row of the account, in the caller's transaction; how many rows went.
    Open handoffs must be closed first (the service does)."""
    key = student_key(telegram_user_id)
    handoff_ids = select(Handoff.id).where(Handoff.telegram_user_id == telegram_user_id)
    removed = 0
    for statement in (
        delete(HandoffMessage).where(HandoffMessage.handoff_id.in_(handoff_ids)),
        delete(TelegramLink).where(TelegramLink.telegram_user_id == telegram_user_id),
        delete(UserPreference).where(UserPreference.telegram_user_id == telegram_user_id),
        delete(ChecklistProgress).where(ChecklistProgress.telegram_user_id == telegram_user_id),
        delete(ButtonToken).where(ButtonToken.telegram_user_id == telegram_user_id),
        delete(LinkAttempt).where(LinkAttempt.telegram_user_id == telegram_user_id),
        delete(PanelLogin).where(PanelLogin.telegram_user_id == telegram_user_id),
        delete(PanelSession).where(PanelSession.telegram_user_id == telegram_user_id),
        delete(MessageLogEntry).where(MessageLogEntry.student_key == key),
        delete(QuestionLogEntry).where(QuestionLogEntry.student_key == key),
        # The handoffs themselves stay for the statistics, under no one's account.
        update(Handoff)
        .where(Handoff.telegram_user_id == telegram_user_id)
        .values(telegram_user_id=ANONYMOUS),
    ):
        result = await session.execute(statement.execution_options(synchronize_session=False))
        removed += int(result.rowcount or 0)  # type: ignore[attr-defined]
    return removed


async def student_and_account(
    session: AsyncSession, institution: str, student_number: str
) -> tuple[int, int | None] | None:
    """The office's student (id) and the Telegram account linked to it, if any."""
    student_id = await session.scalar(
        select(Student.id).where(
            Student.institution == institution, Student.student_number == student_number
        )
    )
    if student_id is None:
        return None
    account = await session.scalar(
        select(TelegramLink.telegram_user_id).where(TelegramLink.student_id == student_id)
    )
    return student_id, account


async def delete_student(session: AsyncSession, student_id: int) -> int:
    """The record and everything hanging from it (applications, status history, reminders,
    link codes: foreign keys with ON DELETE CASCADE)."""
    result = await session.execute(delete(Student).where(Student.id == student_id))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
