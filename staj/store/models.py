"""Typed SQLAlchemy models. Personal data is kept to the minimum each feature needs (KVKK)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    """A stored time as aware UTC (SQLite gives back naive datetimes)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A moment, kept in UTC on every database and read back aware. SQLite stores the
    wall-clock text and drops the zone: a moment in Turkish time would otherwise be stored,
    and compared, three hours off."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return aware(value).astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return aware(value) if value is not None else None


class Base(DeclarativeBase):
    pass


class UserPreference(Base):
    """What a Telegram user told the assistant about themselves (their university)."""

    __tablename__ = "user_preferences"

    telegram_user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    institution: Mapped[str | None] = mapped_column(String(16))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)


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
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class Feedback(Base):
    """A 👍/👎 on a FAQ answer (no user identifier kept); a 👎 keeps the question that led to
    it, for the inbox, a 👍 keeps none (KVKK: only what the purpose needs)."""

    __tablename__ = "feedback"
    __table_args__ = (Index("ix_feedback_entry_created", "entry_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[str] = mapped_column(String(128))
    helpful: Mapped[bool]
    question: Mapped[str | None] = mapped_column(Text)
    institution: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class ChecklistProgress(Base):
    """Where a student is in their application checklist (survives days and restarts)."""

    __tablename__ = "checklist_progress"

    telegram_user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    checklist: Mapped[str] = mapped_column(String(32), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    done_steps: Mapped[str] = mapped_column(Text, default="")  # comma-separated step ids
    start_date: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)

    @property
    def done(self) -> set[str]:
        return {s for s in self.done_steps.split(",") if s}


# ---- a student's own application (issue 5) ------------------------------------------------


class Student(Base):
    """A student as the career office imported them: only what status and reminders need."""

    __tablename__ = "students"
    __table_args__ = (UniqueConstraint("institution", "student_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    institution: Mapped[str] = mapped_column(String(16))
    student_number: Mapped[str] = mapped_column(String(32))
    full_name: Mapped[str] = mapped_column(String(128))
    faculty: Mapped[str | None] = mapped_column(String(128))
    department: Mapped[str | None] = mapped_column(String(128))
    programme_type: Mapped[str] = mapped_column(String(16))  # lisans | onlisans
    class_year: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)


class TelegramLink(Base):
    """Which Telegram account speaks for which student (at most one each way)."""

    __tablename__ = "telegram_links"

    telegram_user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    student_id: Mapped[int] = mapped_column(
        ForeignKey("students.id", ondelete="CASCADE"), unique=True
    )
    reminders_enabled: Mapped[bool] = mapped_column(default=True)
    linked_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class LinkCode(Base):
    """A one-time link code; only its keyed hash (HMAC-SHA256, staj/keys.py) is kept, never
    the code itself."""

    __tablename__ = "link_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    revoked: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class LinkAttempt(Base):
    """A failed link attempt, for throttling guessers (purged after a day)."""

    __tablename__ = "link_attempts"
    __table_args__ = (Index("ix_link_attempts_user_at", "telegram_user_id", "attempted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger)
    attempted_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class Application(Base):
    """One application of a student: the national programme or the university's system."""

    __tablename__ = "applications"
    __table_args__ = (UniqueConstraint("student_id", "programme", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    programme: Mapped[str] = mapped_column(String(16))  # usp | ktu-bys
    year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(32))
    offer_type: Mapped[str | None] = mapped_column(String(8))  # asil | yedek
    employer: Mapped[str | None] = mapped_column(String(256))
    city: Mapped[str | None] = mapped_column(String(64))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    answer_by: Mapped[date | None] = mapped_column(Date)
    employer_contact: Mapped[str | None] = mapped_column(String(256))
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)


class StatusChange(Base):
    """What changed in an application's status, when, and by whom (staff name or import)."""

    __tablename__ = "status_changes"
    __table_args__ = (Index("ix_status_changes_app_at", "application_id", "changed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    changed_by: Mapped[str] = mapped_column(String(128))
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class Reminder(Base):
    """A reminder computed from the data; its state makes sure it goes out once only."""

    __tablename__ = "reminders"
    __table_args__ = (UniqueConstraint("student_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(128))  # e.g. "offer:12:2026-11-30:3"
    group: Mapped[str] = mapped_column(String(128))  # reminders of one deadline
    due_at: Mapped[datetime] = mapped_column(UtcDateTime())
    state: Mapped[str] = mapped_column(String(12), default="pending")
    # pending | sending | sent | skipped | cancelled | failed
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())  # when it became sending
    failure: Mapped[str | None] = mapped_column(String(32))  # why it ended failed (no text)


class JobLease(Base):
    """Which process runs a periodic job (the reminder pass) until when: one at a time."""

    __tablename__ = "job_leases"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())


class AuditEntry(Base):
    """Who did what to which record; internal ids only, no personal data in `detail`."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[str | None] = mapped_column(Text)


# ---- staff and handoffs to counselors (issue 6) -------------------------------------------


class StaffMember(Base):
    """An admin or a counselor (with their university and, optionally, departments)."""

    __tablename__ = "staff"

    telegram_user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    role: Mapped[str] = mapped_column(String(16))  # admin | counselor
    display_name: Mapped[str] = mapped_column(String(64))
    institution: Mapped[str | None] = mapped_column(String(16))
    departments: Mapped[str | None] = mapped_column(Text)  # comma-separated, optional
    added_by: Mapped[str] = mapped_column(String(128))
    added_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class CounselorGroup(Base):
    """The Telegram group where a university's counselors take handoffs."""

    __tablename__ = "counselor_groups"

    institution: Mapped[str] = mapped_column(String(16), primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    has_topics: Mapped[bool] = mapped_column(default=False)
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class Handoff(Base):
    """A student's request for a person, from waiting through a counselor's hands to closed."""

    __tablename__ = "handoffs"
    __table_args__ = (Index("ix_handoffs_state_created", "state", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    institution: Mapped[str | None] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(12))  # waiting | active | closed
    group_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    thread_id: Mapped[int | None] = mapped_column(BigInteger)
    summary_message_id: Mapped[int | None] = mapped_column(BigInteger)
    counselor_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    taken_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    first_reply_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_activity_at: Mapped[datetime] = mapped_column(UtcDateTime())
    announced_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    close_reason: Mapped[str | None] = mapped_column(
        String(16)
    )  # closed | handed_back | idle | student


class HandoffMessage(Base):
    """One message of a handoff, on both sides (kept so a restart loses nothing)."""

    __tablename__ = "handoff_messages"
    __table_args__ = (Index("ix_handoff_messages_group", "group_chat_id", "group_message_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    handoff_id: Mapped[int] = mapped_column(ForeignKey("handoffs.id", ondelete="CASCADE"))
    sender: Mapped[str] = mapped_column(String(12))  # student | counselor | assistant
    kind: Mapped[str] = mapped_column(String(12))  # text | photo | document | other
    text: Mapped[str | None] = mapped_column(Text)
    group_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    group_message_id: Mapped[int | None] = mapped_column(BigInteger)
    at: Mapped[datetime] = mapped_column(UtcDateTime())


class MessageLogEntry(Base):
    """One student message (for statistics): when, and a keyed hash instead of who."""

    __tablename__ = "message_log"
    __table_args__ = (Index("ix_message_log_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    student_key: Mapped[str] = mapped_column(String(32))


class QuestionLogEntry(Base):
    """How a question turn ended: answered (which entry), fallback (with the text, for the
    unanswered-questions inbox) or out of scope. No user identifier beyond the keyed hash."""

    __tablename__ = "question_log"
    __table_args__ = (Index("ix_question_log_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    student_key: Mapped[str] = mapped_column(String(32))
    outcome: Mapped[str] = mapped_column(String(16))  # answered | fallback | out_of_scope
    entry_id: Mapped[str | None] = mapped_column(String(128))
    question: Mapped[str | None] = mapped_column(Text)
    institution: Mapped[str | None] = mapped_column(String(16))


class FaqChange(Base):
    """One admin edit of the knowledge base, with the entry before and after (YAML), so
    that any entry can be shown its history and rolled back."""

    __tablename__ = "faq_changes"
    __table_args__ = (Index("ix_faq_changes_entry", "entry_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    actor: Mapped[str] = mapped_column(String(128))
    entry_id: Mapped[str] = mapped_column(String(128))
    file: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))  # answer | questions | year | new | rollback
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str] = mapped_column(Text)
    needs_training: Mapped[bool] = mapped_column(default=False)


class InboxItem(Base):
    """A question the assistant could not answer (fallback) or that got a 👎, waiting for an
    admin: added as a phrasing, made a new entry, or dismissed."""

    __tablename__ = "inbox"
    __table_args__ = (Index("ix_inbox_state", "state", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    question: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(12))  # fallback | downvote
    entry_id: Mapped[str | None] = mapped_column(String(128))  # the 👎'd answer
    state: Mapped[str] = mapped_column(String(12), default="open")  # open | added | new | dismissed


# ---- the career office's web panel (issue 16) ----------------------------------------------


class PanelLogin(Base):
    """A one-time login link sent to a staff member's Telegram chat; only its hash is kept,
    so the database alone opens no door."""

    __tablename__ = "panel_logins"
    __table_args__ = (Index("ix_panel_logins_user", "telegram_user_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class PanelSession(Base):
    """A signed-in browser: the cookie's hash, whose it is, until when, and the token its
    forms must carry (CSRF)."""

    __tablename__ = "panel_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())


class RetrainingRun(Base):
    """One gated retraining: when, how it ended, the held-out figures and why a candidate
    was refused, for the panel's retraining page."""

    __tablename__ = "retraining_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime())
    finished_at: Mapped[datetime] = mapped_column(UtcDateTime())
    outcome: Mapped[str] = mapped_column(String(12))  # accepted | refused | failed
    old_accuracy: Mapped[float | None] = mapped_column()
    new_accuracy: Mapped[float | None] = mapped_column()
    finetuned: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str | None] = mapped_column(Text)  # why refused or failed
    model: Mapped[str | None] = mapped_column(String(128))  # the accepted model's file name


class ProcessedUpdate(Base):
    """A Telegram update already taken in (webhook mode): Telegram delivers again when it
    got no answer in time, and behind a balancer another bot process may get the copy."""

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)


class FaqFile(Base):
    """The latest admin-edited content of one knowledge-base file, so that every process on
    every host (action servers, other bot processes) picks an edit up within seconds."""

    __tablename__ = "faq_files"

    name: Mapped[str] = mapped_column(String(128), primary_key=True)
    content: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
