"""What the retention policy removes from the store (KVKK: kept no longer than needed).
Each rule counts what it would remove, and removes it unless it is a dry run; statistics
keep their counts only as long as the usage logs are kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Delete, Update, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from staj.store.buttons import TOKEN_LIFETIME
from staj.store.models import (
    ButtonToken,
    Feedback,
    Handoff,
    HandoffMessage,
    InboxItem,
    LinkAttempt,
    MessageLogEntry,
    PanelLogin,
    PanelSession,
    ProcessedUpdate,
    QuestionLogEntry,
)

LINK_ATTEMPTS_KEPT = timedelta(days=1)
# Telegram gives up redelivering an update within a day.
UPDATE_IDS_KEPT = timedelta(days=1)


@dataclass(frozen=True)
class Ages:
    """How long each kind of personal data is kept."""

    handoff_texts: timedelta  # after the handoff closed
    unanswered_texts: timedelta  # texts of questions the assistant could not answer
    usage_logs: timedelta  # the statistics' rows (keyed hashes, outcomes)


@dataclass(frozen=True)
class Rule:
    name: str  # what it removes, as the report says it
    statement: Delete | Update
    counted: object  # a SELECT COUNT(*) of the same rows


def rules(now: datetime, ages: Ages) -> list[Rule]:
    closed_long_ago = select(Handoff.id).where(
        Handoff.closed_at.is_not(None), Handoff.closed_at < now - ages.handoff_texts
    )
    texts_before = now - ages.unanswered_texts
    logs_before = now - ages.usage_logs

    def rule(name: str, statement: Delete | Update, model: type, *where: object) -> Rule:
        return Rule(name, statement, select(func.count()).select_from(model).where(*where))  # type: ignore[arg-type]

    messages = (HandoffMessage.handoff_id.in_(closed_long_ago),)
    questions = (QuestionLogEntry.at < texts_before, QuestionLogEntry.question.is_not(None))
    downvotes = (Feedback.created_at < texts_before, Feedback.question.is_not(None))
    return [
        rule("handoff messages", delete(HandoffMessage).where(*messages), HandoffMessage, *messages),
        rule("unanswered question texts (statistics)",
             update(QuestionLogEntry).where(*questions).values(question=None), QuestionLogEntry, *questions),
        rule("inbox questions", delete(InboxItem).where(InboxItem.at < texts_before), InboxItem,
             InboxItem.at < texts_before),
        rule("👎 question texts", update(Feedback).where(*downvotes).values(question=None),
             Feedback, *downvotes),
        rule("usage log rows", delete(MessageLogEntry).where(MessageLogEntry.at < logs_before),
             MessageLogEntry, MessageLogEntry.at < logs_before),
        rule("question log rows", delete(QuestionLogEntry).where(QuestionLogEntry.at < logs_before),
             QuestionLogEntry, QuestionLogEntry.at < logs_before),
        rule("expired button tokens",
             delete(ButtonToken).where(ButtonToken.created_at < now - TOKEN_LIFETIME),
             ButtonToken, ButtonToken.created_at < now - TOKEN_LIFETIME),
        rule("link attempts", delete(LinkAttempt).where(LinkAttempt.attempted_at < now - LINK_ATTEMPTS_KEPT),
             LinkAttempt, LinkAttempt.attempted_at < now - LINK_ATTEMPTS_KEPT),
        rule("processed update ids", delete(ProcessedUpdate).where(ProcessedUpdate.received_at < now - UPDATE_IDS_KEPT),
             ProcessedUpdate, ProcessedUpdate.received_at < now - UPDATE_IDS_KEPT),
        rule("expired panel login links", delete(PanelLogin).where(PanelLogin.expires_at <= now),
             PanelLogin, PanelLogin.expires_at <= now),
        rule("expired panel sessions", delete(PanelSession).where(PanelSession.expires_at <= now),
             PanelSession, PanelSession.expires_at <= now),
    ]  # fmt: skip


async def apply(session: AsyncSession, now: datetime, ages: Ages, dry_run: bool) -> dict[str, int]:
    """Per rule, how many rows it removes (or would, on a dry run), in the caller's
    transaction."""
    removed: dict[str, int] = {}
    for item in rules(now, ages):
        count = int(await session.scalar(item.counted) or 0)  # type: ignore[call-overload]
        if count and not dry_run:
            await session.execute(item.statement.execution_options(synchronize_session=False))
        removed[item.name] = count
    return removed
