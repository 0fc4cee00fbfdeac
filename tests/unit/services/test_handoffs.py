"""The handoff workflow over a real store (SQLite and PostgreSQL): typed outcomes, one winner
when two counselors take the same request, closing once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from staj.clock import ManualClock
from staj.services.handoffs import (
    AlreadyOpen,
    Closed,
    HandoffDesk,
    NoGroup,
    NotOpen,
    Requested,
    Taken,
)
from staj.store import Database, open_database, preferences
from staj.store import staff as staff_store

# A Wednesday, 10:00 in Turkey: the office is open.
OPEN_HOUR = datetime(2027, 6, 2, 7, 0, tzinfo=UTC)
STUDENT, FIRST, SECOND, OUTSIDER = 501, 601, 602, 603


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(OPEN_HOUR)


@pytest.fixture
def desk(db: Database, clock: ManualClock) -> HandoffDesk:
    return HandoffDesk(
        db.sessions, clock, reannounce_after=timedelta(minutes=10), idle_after=timedelta(hours=1)
    )


async def _office(db: Database) -> None:
    await preferences.set_institution(db.sessions, STUDENT, "ktu")
    await staff_store.register_group(db.sessions, "ktu", -100, True, "test")
    for counselor in (FIRST, SECOND):
        await staff_store.add_staff(
            db.sessions, counselor, staff_store.COUNSELOR, f"D{counselor}", "ktu", [], "test"
        )
    await staff_store.add_staff(
        db.sessions, OUTSIDER, staff_store.COUNSELOR, "Başka", "bseu", [], "test"
    )


async def test_a_request_without_a_group_says_so(desk: HandoffDesk, db: Database) -> None:
    await preferences.set_institution(db.sessions, STUDENT, "ksu")
    assert await desk.request(STUDENT) == NoGroup("ksu")
    assert await desk.open_for_student(STUDENT) is None


async def test_request_queue_and_a_second_request(desk: HandoffDesk, db: Database) -> None:
    await _office(db)
    outcome = await desk.request(STUDENT)
    assert isinstance(outcome, Requested)
    assert outcome.group_has_topics and outcome.office_open and outcome.opens_at is None
    placed = await desk.announced(outcome.handoff.id, 77, 900)
    assert placed is not None and placed[1] == 1
    again = await desk.request(STUDENT)
    assert isinstance(again, AlreadyOpen) and not again.with_counselor and again.position == 1
    found = await desk.in_group(-100, 77, None)
    assert found is not None and found.id == outcome.handoff.id
    assert (await desk.in_group(-100, None, 900)) is not None  # a reply to the summary


async def test_two_counselors_taking_one_request_one_wins(desk: HandoffDesk, db: Database) -> None:
    await _office(db)
    outcome = await desk.request(STUDENT)
    assert isinstance(outcome, Requested)
    first, second = await asyncio.gather(
        desk.take(outcome.handoff.id, FIRST), desk.take(outcome.handoff.id, SECOND)
    )
    assert isinstance(first, Taken) and isinstance(second, Taken)
    assert [first.now_taken, second.now_taken].count(True) == 1
    winner = FIRST if first.now_taken else SECOND
    assert first.handoff.counselor_id == winner and second.handoff.counselor_id == winner
    again = await desk.request(STUDENT)
    assert isinstance(again, AlreadyOpen) and again.with_counselor


async def test_only_the_universitys_counselors_act(desk: HandoffDesk, db: Database) -> None:
    await _office(db)
    outcome = await desk.request(STUDENT)
    assert isinstance(outcome, Requested)
    assert await desk.acting_counselor(FIRST, -100, outcome.handoff) is not None
    assert await desk.acting_counselor(OUTSIDER, -100, outcome.handoff) is None
    assert await desk.acting_counselor(STUDENT, -100, outcome.handoff) is None


async def test_close_once_and_first_reply_time(
    desk: HandoffDesk, db: Database, clock: ManualClock
) -> None:
    await _office(db)
    outcome = await desk.request(STUDENT)
    assert isinstance(outcome, Requested)
    handoff_id = outcome.handoff.id
    clock.advance(timedelta(minutes=4))
    await desk.take(handoff_id, FIRST)
    await desk.counselor_wrote(handoff_id, "text", "Merhaba", -100, 1000)
    clock.advance(timedelta(minutes=5))
    await desk.counselor_wrote(handoff_id, "text", "Devam", -100, 1001)
    closed = await desk.close(handoff_id, "closed")
    assert isinstance(closed, Closed)
    assert closed.handoff.first_reply_at is not None
    assert closed.handoff.first_reply_at - closed.handoff.created_at == timedelta(minutes=4)
    assert isinstance(await desk.close(handoff_id, "handed_back"), NotOpen)
    assert isinstance(await desk.take(handoff_id, SECOND), NotOpen)
    assert isinstance(await desk.close_for_student(STUDENT), NotOpen)


async def test_maintenance_reannounces_and_closes_idle(
    desk: HandoffDesk, db: Database, clock: ManualClock
) -> None:
    await _office(db)
    waiting = await desk.request(STUDENT)
    assert isinstance(waiting, Requested)
    clock.advance(timedelta(minutes=11))
    done = await desk.maintain()
    assert [h.id for h in done.reannounce] == [waiting.handoff.id] and done.closed_idle == []
    assert (await desk.maintain()).reannounce == []  # announced again just now
    await desk.take(waiting.handoff.id, FIRST)
    clock.advance(timedelta(hours=1, minutes=1))
    done = await desk.maintain()
    assert [h.id for h in done.closed_idle] == [waiting.handoff.id]
    assert await desk.open_for_student(STUDENT) is None


async def test_two_bot_processes_maintaining_at_once_announce_and_close_once(
    desk: HandoffDesk, db: Database, clock: ManualClock, store_url: str
) -> None:
    # Another bot replica: its own desk (and engine) over the same store.
    other_db = open_database(store_url)
    other = HandoffDesk(
        other_db.sessions, clock, reannounce_after=desk.reannounce_after, idle_after=desk.idle_after
    )
    try:
        await _office(db)
        waiting = await desk.request(STUDENT)
        assert isinstance(waiting, Requested)
        clock.advance(timedelta(minutes=11))
        passes = await asyncio.gather(desk.maintain(), other.maintain(), desk.maintain())
        assert sum(len(p.reannounce) for p in passes) == 1
        await desk.take(waiting.handoff.id, FIRST)
        clock.advance(timedelta(hours=1, minutes=1))
        passes = await asyncio.gather(desk.maintain(), other.maintain())
        assert sum(len(p.closed_idle) for p in passes) == 1
    finally:
        await other_db.close()


async def test_the_record_card_goes_only_to_the_records_own_university(
    desk: HandoffDesk, db: Database
) -> None:
    from staj.store import links, records
    from staj.students.importing import StudentRow

    await _office(db)
    await staff_store.register_group(db.sessions, "ksu", -200, True, "test")
    row = StudentRow(1, "ktu", "2021001", "Ayşe Yılmaz", None, "Bilgisayar", "lisans", 3)
    await records.apply_students(db.sessions, [row], "test")
    [code], _ = await links.issue_codes(db.sessions, "ktu", ["2021001"], timedelta(1), OPEN_HOUR, "t")  # fmt: skip
    await links.redeem(db.sessions, STUDENT, code.code, OPEN_HOUR)

    own = await desk.request(STUDENT)  # to KTÜ: the counselors see whose request it is
    assert isinstance(own, Requested)
    facts = await desk.summary_facts(own.handoff)
    assert facts.card is not None and facts.card.full_name == "Ayşe Yılmaz"
    await desk.close(own.handoff.id, "closed")

    await preferences.set_institution(db.sessions, STUDENT, "ksu")  # "KSÜ'ye sormak istiyorum"
    other = await desk.request(STUDENT)
    assert isinstance(other, Requested) and other.handoff.institution == "ksu"
    facts = await desk.summary_facts(other.handoff)
    assert facts.card is None and facts.record is None and facts.linked_elsewhere
