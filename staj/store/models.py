"""Typed SQLAlchemy models. Personal data is kept to the minimum each feature needs (KVKK)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import BigInteger, Date, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class UserPreference(Base):
    """What a Telegram user told the assistant about themselves (their university)."""

    __tablename__ = "user_preferences"

    telegram_user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    institution: Mapped[str | None] = mapped_column(String(16))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class ButtonToken(Base):
    """An inline button's payload, kept server-side: Telegram only carries the random token.

    This keeps payloads within Telegram's 64-byte limit and makes forged button data useless:
    a token that we did not issue to that very user is refused.
    """

    __tablename__ = "button_tokens"

    token: Mapped[str] = mapped_column(String(32), primary_key=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    payload: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Feedback(Base):
    """A 👍/👎 on a FAQ answer with the question that led to it (no user identifier kept)."""

    __tablename__ = "feedback"
    __table_args__ = (Index("ix_feedback_entry_created", "entry_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[str] = mapped_column(String(128))
    helpful: Mapped[bool]
    question: Mapped[str] = mapped_column(Text)
    institution: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ChecklistProgress(Base):
    """Where a student is in their application checklist (survives days and restarts)."""

    __tablename__ = "checklist_progress"

    telegram_user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    checklist: Mapped[str] = mapped_column(String(32), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    done_steps: Mapped[str] = mapped_column(Text, default="")  # comma-separated step ids
    start_date: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    @property
    def done(self) -> set[str]:
        return {s for s in self.done_steps.split(",") if s}
