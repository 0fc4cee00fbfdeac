"""The KVKK retention policy over a real store (SQLite and PostgreSQL), with the clock
moved: each kind of data goes when its age is reached, a dry run removes nothing, and what
is younger stays."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from staj.clock import ManualClock
from staj.config import load_settings
from staj.services.handoffs import HandoffDesk, Requested
from staj.services.retention import CONVERSATIONS, RetentionDesk
from staj.store import (  # fmt: skip
    Database,
    feedback,
    inbox,
    preferences,
    usage,
)
from staj.store import staff as staff_store
from staj.store.models import Feedback, HandoffMessage, InboxItem, MessageLogEntry, QuestionLogEntry
from tests.unit.services.test_personal_data import _tracker_store

START = datetime(2027, 1, 6, 7, 0, tzinfo=UTC)  # a Wednesday, office hours


async def _counts(db: Database) -> dict[str, int]:
    async with db.sessions() as session:

        async def count(model: type, *where: object) -> int:
            query = sa.select(sa.func.count()).select_from(model).where(*where)  # type: ignore[arg-type]
            return int(await session.scalar(query) or 0)

        return {
            "handoff": await count(HandoffMessage),
            "question_texts": await count(QuestionLogEntry, QuestionLogEntry.question.is_not(None)),
            "questions": await count(QuestionLogEntry),
            "inbox": await count(InboxItem),
            "downvote_texts": await count(Feedback, Feedback.question.is_not(None)),
            "messages": await count(MessageLogEntry),
        }


async def test_each_kind_of_data_goes_at_its_age(db: Database, tmp_path: Path) -> None:
    clock = ManualClock(START)
    settings = dataclasses.replace(load_settings({}), tracker_store_url=_tracker_store(tmp_path))
    desk = RetentionDesk(db.sessions, settings, clock)
    handoffs = HandoffDesk(db.sessions, clock, timedelta(minutes=10), timedelta(hours=1))
    await staff_store.register_group(db.sessions, "ktu", -100, True, "test")
    await preferences.set_institution(db.sessions, 7, "ktu")
    requested = await handoffs.request(7)
    assert isinstance(requested, Requested)
    await handoffs.student_wrote(requested.handoff.id, "text", "bir sorum var", -100, 1)
    await handoffs.close(requested.handoff.id, "closed")
    await usage.log_message(db.sessions, 7, START)
    await usage.log_question(db.sessions, "7", "fallback", None, "kyk ne zaman", "ktu", START)
    await inbox.add(db.sessions, "kyk ne zaman", inbox.FALLBACK)
    await feedback.record_feedback(db.sessions, "usp-ucret", False, "ücret?", "ktu")
    async with db.sessions.begin() as session:  # both were written at START too
        await session.execute(sa.update(Feedback).values(created_at=START))
        await session.execute(sa.update(InboxItem).values(at=START))

    everything = {"handoff": 1, "question_texts": 1, "questions": 1, "inbox": 1,
                  "downvote_texts": 1, "messages": 1}  # fmt: skip
    clock.set(START + timedelta(days=89))  # the tracker store's events are from 1970: they go
    assert {k: n for k, n in (await desk.run()).items() if n} == {CONVERSATIONS: 3}
    assert await _counts(db) == everything

    clock.set(START + timedelta(days=91))  # a closed handoff's messages go after 90 days
    report = await desk.run(dry_run=True)
    assert report["handoff messages"] == 1 and await _counts(db) == everything
    assert (await desk.run())["handoff messages"] == 1
    assert await _counts(db) == {**everything, "handoff": 0}

    clock.set(START + timedelta(days=181))  # unanswered texts after 180 days; counts stay
    await desk.run()
    assert await _counts(db) == {"handoff": 0, "question_texts": 0, "questions": 1, "inbox": 0,
                                 "downvote_texts": 0, "messages": 1}  # fmt: skip

    clock.set(START + timedelta(days=366))  # the statistics' rows after a year
    report = await desk.run()
    assert report["usage log rows"] == 1 and report["question log rows"] == 1
    assert not any((await _counts(db)).values())
