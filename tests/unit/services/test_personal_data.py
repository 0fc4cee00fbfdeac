"""A student's own data over a real store (SQLite and PostgreSQL): all of it shown, all of
it erased, nobody else's touched; the handoff kept as an anonymous count."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from staj.clock import ManualClock
from staj.services.handoffs import HandoffDesk, Requested
from staj.services.personal_data import PersonalDataDesk
from staj.store import (  # fmt: skip
    Database,
    buttons,
    checklist,
    links,
    preferences,
    records,
    usage,
)
from staj.store import staff as staff_store
from staj.store.models import Application, AuditEntry, Handoff, HandoffMessage, Student
from staj.store.personal_data import ANONYMOUS
from staj.students.importing import StudentRow

NOW = datetime(2027, 6, 2, 7, 0, tzinfo=UTC)  # a Wednesday, 10:00 in Turkey
STUDENT, OTHER = 801, 802


def _tracker_store(path: Path) -> str:
    """A tracker store with Rasa's `events` table and two senders' conversations."""
    url = f"sqlite:///{path / 'trackers.db'}"
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, "
            "timestamp FLOAT, intent_name TEXT, action_name TEXT, data TEXT)"
        ))  # fmt: skip
        for sender in (STUDENT, OTHER, STUDENT):
            connection.execute(
                sa.text("INSERT INTO events (sender_id, type_name, timestamp, data) "
                        "VALUES (:s, 'user', 1, '{}')"),
                {"s": str(sender)},
            )  # fmt: skip
    engine.dispose()
    return url


async def _fill(db: Database, desk: HandoffDesk) -> None:
    await staff_store.register_group(db.sessions, "ktu", -100, True, "test")
    for user in (STUDENT, OTHER):
        await preferences.set_institution(db.sessions, user, "ktu")
        await checklist.save_progress(
            db.sessions, user, "usp", checklist.Progress(2, {"a", "b"}, None)
        )
        await buttons.issue_tokens(db.sessions, user, [("👍", "/feedback")])
        await usage.log_message(db.sessions, user, NOW)
        await usage.log_question(db.sessions, str(user), "fallback", None, "sigorta?", "ktu")
        requested = await desk.request(user)
        assert isinstance(requested, Requested)
        await desk.student_wrote(requested.handoff.id, "text", f"merhaba {user}", -100, user)


async def test_a_student_sees_and_erases_all_of_their_own_data_only(
    db: Database, tmp_path: Path
) -> None:
    desk = HandoffDesk(db.sessions, ManualClock(NOW), timedelta(minutes=10), timedelta(hours=1))
    data = PersonalDataDesk(db.sessions, _tracker_store(tmp_path), desk)
    await _fill(db, desk)

    held = await data.held(STUDENT)
    assert held.store.institution == "ktu" and held.store.checklist_steps_done == 2
    assert (held.store.handoffs, held.store.handoffs_open) == (1, 1)
    assert held.store.handoff_messages == [f"merhaba {STUDENT}"]
    assert held.store.button_tokens == 1 and held.store.logged_messages == 1
    assert held.store.logged_questions == 1 and held.conversation_events == 2

    erased = await data.erase(STUDENT)
    assert erased.closed is not None and erased.conversation_events == 2
    after = await data.held(STUDENT)
    assert not after.anything, after
    # The handoff stays as an anonymous count, without its messages.
    async with db.sessions() as session:
        handoffs = (await session.execute(sa.select(Handoff.telegram_user_id, Handoff.state))).all()
        messages = (await session.scalars(sa.select(HandoffMessage.text))).all()
    assert sorted(handoffs) == sorted([(ANONYMOUS, "closed"), (OTHER, "waiting")])
    assert messages == [f"merhaba {OTHER}"]
    # The other student keeps everything.
    other = await data.held(OTHER)
    assert other.store.checklist_steps_done == 2 and other.conversation_events == 1
    assert other.store.logged_messages == 1 and other.store.button_tokens == 1


async def test_the_office_forgets_a_student_and_their_linked_account(
    db: Database, tmp_path: Path
) -> None:
    desk = HandoffDesk(db.sessions, ManualClock(NOW), timedelta(minutes=10), timedelta(hours=1))
    data = PersonalDataDesk(db.sessions, _tracker_store(tmp_path), desk)
    rows = [StudentRow(n, "ktu", f"20210{n}", f"Öğrenci {n}", None, None, "lisans", 3) for n in (1, 2)]  # fmt: skip
    await records.apply_students(db.sessions, rows, "test")
    change = records.StatusUpdate("ktu", "202101", "usp", 2027, "teklif", {})
    await records.set_status(db.sessions, change, "test", NOW)
    [issued], _ = await links.issue_codes(db.sessions, "ktu", ["202101"], timedelta(1), NOW, "t")
    await links.redeem(db.sessions, STUDENT, issued.code, NOW)
    await preferences.set_institution(db.sessions, STUDENT, "ktu")

    assert await data.forget_student("ktu", "404", "Ayşe Hoca") is None
    done = await data.forget_student("ktu", "202101", "Ayşe Hoca")
    assert done is not None and done.accounts == 1
    async with db.sessions() as session:
        numbers = (await session.scalars(sa.select(Student.student_number))).all()
        applications = (await session.scalars(sa.select(Application.id))).all()
        [entry] = (
            await session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "forgot_student"))
        ).all()  # fmt: skip
    assert numbers == ["202102"] and applications == []
    assert (entry.actor, entry.subject, entry.detail) == ("Ayşe Hoca", None, None)
    assert not (await data.held(STUDENT)).anything
