"""Student records, links, status history and reminder bookkeeping on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from staj.store import (
    Database,
    leases,
    links,
    record_views,
    records,
    upgrade_to_head,
)
from staj.store import reminders as reminder_store
from staj.store.db import downgrade_to_base, sync_url
from staj.store.links import LinkOutcome
from staj.store.models import LinkCode, Reminder, Student
from staj.students.codes import legacy_code_hash
from staj.students.importing import parse_applications, parse_students
from staj.students.reminders import PlannedReminder

NOW = datetime(2027, 6, 1, 9, 0, tzinfo=UTC)
STUDENTS = """ogrenci_no;ad_soyad;universite;fakulte;bolum;program;sinif
2021001;Ayşe Yılmaz;ktu;Mühendislik;Bilgisayar;lisans;3
2021002;Mehmet Kaya;ktu;;;lisans;4
"""
APPLICATIONS = """ogrenci_no,universite,program,yil,durum,teklif_turu,isveren,sehir,baslangic,bitis,cevap_son_gun,isveren_iletisim,red_nedeni
2021001,ktu,usp,2027,teklif,asil,Örnek A.Ş.,Trabzon,05.07.2027,13.08.2027,10.06.2027,staj@ornek.test,
2021002,ktu,usp,2027,tamamlanan,,,,,,,,
"""


def _tables(url: str) -> set[str]:
    engine = sa.create_engine(sync_url(url))
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_migrations_up_and_down_on_an_empty_database(store_url: str) -> None:
    upgrade_to_head(store_url)
    upgrade_to_head(store_url)
    assert {"students", "telegram_links", "link_codes", "applications", "status_changes"} <= (
        _tables(store_url)
    )
    assert {"reminders", "audit_log", "checklist_progress", "feedback"} <= _tables(store_url)
    downgrade_to_base(store_url)
    assert _tables(store_url) <= {"alembic_version"}
    upgrade_to_head(store_url)  # and back up again
    assert "students" in _tables(store_url)


async def _seed(db: Database, tmp_path: Path) -> None:
    (tmp_path / "s.csv").write_text(STUDENTS, encoding="utf-8")
    (tmp_path / "a.csv").write_text(APPLICATIONS, encoding="utf-8")
    students = parse_students(tmp_path / "s.csv")
    assert students.ok, students.errors
    await records.apply_students(db.sessions, students.rows, "test")
    applications = parse_applications(tmp_path / "a.csv")
    assert applications.ok, applications.errors
    summary = await records.apply_applications(db.sessions, applications.rows, "test", NOW)
    assert summary.ok and summary.created == 2


async def test_imports_are_idempotent_and_all_or_nothing(db: Database, tmp_path: Path) -> None:
    await _seed(db, tmp_path)
    again = parse_applications(tmp_path / "a.csv")
    summary = await records.apply_applications(db.sessions, again.rows, "test", NOW)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 2)
    assert summary.status_changes == 0

    # One row names an unknown student: the file's good row must not be applied either.
    (tmp_path / "b.csv").write_text(
        APPLICATIONS.splitlines()[0]
        + "\n2021002,ktu,usp,2027,yetenek_havuzu,,,,,,,,\n9999,ktu,usp,2027,tamamlanan,,,,,,,,\n",
        encoding="utf-8",
    )
    bad = parse_applications(tmp_path / "b.csv")
    assert bad.ok  # well-formed; the store finds the unknown student
    rejected = await records.apply_applications(db.sessions, bad.rows, "test", NOW)
    assert rejected.errors == [
        "satır 3: ktu öğrencisi 9999 kayıtlı değil (önce öğrenci dosyasını içe aktarın)"
    ]
    view = await record_views.staff_view(db.sessions, "ktu", "2021002")
    assert view is not None and view[0][0].status == "tamamlanan"


async def test_status_changes_keep_history_with_who(db: Database, tmp_path: Path) -> None:
    await _seed(db, tmp_path)
    change = records.StatusUpdate("ktu", "2021002", "usp", 2027, "yetenek_havuzu", {})
    assert await records.set_status(db.sessions, change, "Ayşe Hoca", NOW) == "updated"
    assert await records.set_status(db.sessions, change, "Ayşe Hoca", NOW) == "unchanged"
    view = await record_views.staff_view(db.sessions, "ktu", "2021002")
    assert view is not None
    [(_application, changes)] = view
    assert [(c.from_status, c.to_status, c.changed_by) for c in changes] == [
        (None, "tamamlanan", "test"),
        ("tamamlanan", "yetenek_havuzu", "Ayşe Hoca"),
    ]
    with pytest.raises(records.UnknownStudent):
        await records.set_status(
            db.sessions,
            records.StatusUpdate("ktu", "404", "usp", 2027, "tamamlanan", {}),
            "x",
            NOW,
        )


async def test_link_codes_are_single_use_expire_and_are_stored_hashed(
    db: Database, tmp_path: Path, store_url: str
) -> None:
    await _seed(db, tmp_path)
    issued, unknown = await links.issue_codes(
        db.sessions, "ktu", ["2021001", "2021002", "777"], timedelta(days=1), NOW, "test"
    )
    assert unknown == ["777"]
    ayse, mehmet = issued
    engine = sa.create_engine(sync_url(store_url))
    with engine.connect() as connection:
        stored = " ".join(str(r) for r in connection.execute(sa.text("select * from link_codes")))
    engine.dispose()
    assert ayse.code not in stored and ayse.code.replace("-", "") not in stored

    result = await links.redeem(db.sessions, 11, ayse.code.lower(), NOW)
    assert result.outcome is LinkOutcome.LINKED and result.first_name == "Ayşe"
    assert (await links.redeem(db.sessions, 12, ayse.code, NOW)).outcome is LinkOutcome.USED
    late = NOW + timedelta(days=2)
    assert (await links.redeem(db.sessions, 12, mehmet.code, late)).outcome is LinkOutcome.EXPIRED

    record = await record_views.own_record(db.sessions, 11)
    assert record is not None and record.first_name == "Ayşe"
    assert [a.employer for a in record.applications] == ["Örnek A.Ş."]
    assert await record_views.own_record(db.sessions, 12) is None
    assert await links.unlink(db.sessions, 11)
    assert await record_views.own_record(db.sessions, 11) is None


async def test_five_wrong_codes_lock_the_account_for_an_hour(db: Database, tmp_path: Path) -> None:
    await _seed(db, tmp_path)
    [issued], _ = await links.issue_codes(
        db.sessions, "ktu", ["2021002"], timedelta(days=1), NOW, "test"
    )
    for minute in range(4):
        result = await links.redeem(
            db.sessions, 5, "STAJ-AAAA2-AAAAA", NOW + timedelta(minutes=minute)
        )
        assert result.outcome is LinkOutcome.WRONG and result.retry_after is None
    fifth = await links.redeem(db.sessions, 5, "STAJ-AAAA2-AAAAA", NOW + timedelta(minutes=4))
    assert fifth.outcome is LinkOutcome.WRONG and fifth.retry_after is not None
    locked = await links.redeem(db.sessions, 5, issued.code, NOW + timedelta(minutes=30))
    assert locked.outcome is LinkOutcome.THROTTLED
    # Another account is not affected; after the hour the right code works.
    assert (await links.redeem(db.sessions, 6, "STAJ-BBBB2-BBBBB", NOW)).retry_after is None
    later = NOW + timedelta(minutes=4, hours=1, seconds=1)
    assert (await links.redeem(db.sessions, 5, issued.code, later)).outcome is LinkOutcome.LINKED


async def test_a_reminder_is_claimed_once_and_cancelled_when_no_longer_planned(
    db: Database, tmp_path: Path
) -> None:
    await _seed(db, tmp_path)
    [issued], _ = await links.issue_codes(db.sessions, "ktu", ["2021001"], timedelta(1), NOW, "t")
    await links.redeem(db.sessions, 21, issued.code, NOW)
    record = await record_views.own_record(db.sessions, 21)
    assert record is not None
    early = PlannedReminder("offer:3", "offer", NOW, "3 gün")
    late = PlannedReminder("offer:1", "offer", NOW + timedelta(days=2), "1 gün")
    other = PlannedReminder("bys:3", "bys", NOW + timedelta(days=1), "bys")
    plan = [early, late, other]
    # Both offer reminders are due: only the latest goes out, the older one is skipped.
    claimed = await reminder_store.claim_due(
        db.sessions, record.student_id, plan, NOW + timedelta(days=3)
    )
    assert sorted(c.text for c in claimed) == ["1 gün", "bys"]
    for item in claimed:
        await reminder_store.mark(db.sessions, item.id, reminder_store.SENT, NOW)
    again = await reminder_store.claim_due(
        db.sessions, record.student_id, plan, NOW + timedelta(days=4)
    )
    assert again == []
    assert await reminder_store.sent_count(db.sessions, record.student_id) == 2
    # A planned reminder that disappears from the plan (deadline met) is cancelled, not sent.
    future = PlannedReminder("end:1", "end", NOW + timedelta(days=10), "end")
    await reminder_store.claim_due(db.sessions, record.student_id, [future], NOW)
    assert (
        await reminder_store.claim_due(db.sessions, record.student_id, [], NOW + timedelta(days=11))
        == []
    )


async def _linked_student(db: Database, tmp_path: Path) -> int:
    await _seed(db, tmp_path)
    [issued], _ = await links.issue_codes(db.sessions, "ktu", ["2021001"], timedelta(1), NOW, "t")
    await links.redeem(db.sessions, 21, issued.code, NOW)
    record = await record_views.own_record(db.sessions, 21)
    assert record is not None
    return record.student_id


async def test_codes_are_kept_under_a_key_and_old_unkeyed_codes_still_work(
    db: Database, tmp_path: Path
) -> None:
    await _seed(db, tmp_path)
    [issued], _ = await links.issue_codes(db.sessions, "ktu", ["2021001"], timedelta(1), NOW, "t")
    async with db.sessions() as session:
        kept = (await session.scalars(sa.select(LinkCode.code_hash))).all()
    assert legacy_code_hash(issued.code) not in kept  # not a plain hash anyone can compute
    # A code issued before the key (plain SHA-256) is still honoured until it expires.
    old_code = "STAJ-AAAA2-BBBB3"
    async with db.sessions.begin() as session:
        student_id = await session.scalar(sa.select(Student.id).where(Student.student_number == "2021002"))  # fmt: skip
        session.add(LinkCode(code_hash=legacy_code_hash(old_code), student_id=student_id,
                             expires_at=NOW + timedelta(days=1), created_at=NOW, revoked=False))  # fmt: skip
    assert (await links.redeem(db.sessions, 31, issued.code, NOW)).outcome is LinkOutcome.LINKED
    assert (await links.redeem(db.sessions, 32, old_code, NOW)).outcome is LinkOutcome.LINKED


async def test_two_passes_planning_the_same_new_reminders_at_once_both_succeed(
    db: Database, tmp_path: Path
) -> None:
    student = await _linked_student(db, tmp_path)
    plan = [PlannedReminder(f"bys:{n}", f"bys{n}", NOW, f"r{n}") for n in range(5)]
    # Two processes insert the same new keys at the same moment: neither pass fails, and
    # each due reminder is claimed by exactly one of them.
    first, second = await asyncio.gather(
        reminder_store.claim_due(db.sessions, student, plan, NOW),
        reminder_store.claim_due(db.sessions, student, plan, NOW),
    )
    assert sorted(c.text for c in first + second) == [f"r{n}" for n in range(5)]


async def test_a_claim_left_by_a_crash_is_recovered_after_a_while(
    db: Database, tmp_path: Path
) -> None:
    student = await _linked_student(db, tmp_path)
    plan = [PlannedReminder("bys:3", "bys", NOW, "bys")]
    [claimed] = await reminder_store.claim_due(db.sessions, student, plan, NOW)
    # The pass crashed before recording the outcome: the claim blocks the reminder...
    assert await reminder_store.claim_due(db.sessions, student, plan, NOW) == []
    stale = timedelta(minutes=10)
    assert await reminder_store.recover_stale_claims(db.sessions, NOW + timedelta(minutes=5), stale) == 0  # fmt: skip
    # ...until it is old enough to be a crash: then the reminder goes out after all.
    assert await reminder_store.recover_stale_claims(db.sessions, NOW + timedelta(minutes=11), stale) == 1  # fmt: skip
    [again] = await reminder_store.claim_due(db.sessions, student, plan, NOW + timedelta(minutes=11))  # fmt: skip
    assert again.id == claimed.id


async def test_a_failed_reminder_keeps_its_reason_and_is_not_tried_again(
    db: Database, tmp_path: Path
) -> None:
    student = await _linked_student(db, tmp_path)
    plan = [PlannedReminder("bys:3", "bys", NOW, "bys")]
    [claimed] = await reminder_store.claim_due(db.sessions, student, plan, NOW)
    await reminder_store.mark(db.sessions, claimed.id, reminder_store.FAILED, NOW, "blocked")
    assert await reminder_store.claim_due(db.sessions, student, plan, NOW + timedelta(hours=1)) == []  # fmt: skip
    async with db.sessions() as session:
        row = await session.get(Reminder, claimed.id)
        assert row is not None and (row.state, row.failure) == ("failed", "blocked")


async def test_the_reminder_lease_lets_one_process_run_the_pass(db: Database) -> None:
    lasting = timedelta(minutes=2)
    a = leases.acquire(db.sessions, "reminders", "a", NOW, lasting)
    b = leases.acquire(db.sessions, "reminders", "b", NOW, lasting)
    assert sorted(await asyncio.gather(a, b)) == [False, True]
    holder, other = ("a", "b") if await leases.acquire(db.sessions, "reminders", "a", NOW, lasting) else ("b", "a")  # fmt: skip
    # The holder renews its lease each pass; the other waits...
    later = NOW + timedelta(minutes=1)
    assert await leases.acquire(db.sessions, "reminders", holder, later, lasting)
    assert not await leases.acquire(db.sessions, "reminders", other, later, lasting)
    # ...and takes over when the holder stops renewing (a crash), or at once when it stops.
    assert await leases.acquire(db.sessions, "reminders", other, later + timedelta(minutes=3), lasting)  # fmt: skip
    await leases.release(db.sessions, "reminders", other)
    assert await leases.acquire(db.sessions, "reminders", holder, later + timedelta(minutes=3), lasting)  # fmt: skip


async def test_one_code_redeemed_by_two_accounts_at_once_links_one(
    db: Database, tmp_path: Path
) -> None:
    await _seed(db, tmp_path)
    [issued], _ = await links.issue_codes(
        db.sessions, "ktu", ["2021001"], timedelta(days=1), NOW, "test"
    )
    first, second = await asyncio.gather(
        links.redeem(db.sessions, 31, issued.code, NOW),
        links.redeem(db.sessions, 32, issued.code, NOW),
    )
    outcomes = sorted(r.outcome.value for r in (first, second))
    assert outcomes == sorted([LinkOutcome.LINKED.value, LinkOutcome.USED.value])
    linked = [u for u in (31, 32) if await links.linked_student_id(db.sessions, u) is not None]
    assert len(linked) == 1
