"""A student's own application end to end: linking, status, isolation, imports, reminders.

Real bot (unmodified python-telegram-bot against the fake Bot API), real Rasa model and
action server, the store the whole stack shares. Time for codes and reminders comes from a
ManualClock the test moves; nothing sleeps until a due time.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.local_telegram import LocalTelegram
from staj.clock import ManualClock
from staj.config import Settings
from staj.store import (  # fmt: skip
    Database,
    checklist,
    links,
    open_database,
    preferences,
    record_views,
    records,
    usage,
)
from staj.store import staff as staff_store
from staj.store.conversations import conversation_size
from staj.store.db import sync_url
from staj.store.models import Base, Student
from staj.students.importing import StudentRow
from staj.students.reminders import LOCAL
from tests.e2e.conftest import Conversation, running_bot

pytestmark = pytest.mark.e2e

_numbers = itertools.count(int(datetime.now(UTC).timestamp()) % 10_000_000 * 100)


@pytest.fixture
async def office(settings: Settings) -> AsyncIterator[Database]:
    """The career office's access to the same store the bot and the actions use."""
    db = open_database(settings.database_url)
    try:
        yield db
    finally:
        await db.close()


async def enrol(db: Database, name: str, institution: str = "ktu") -> str:
    number = str(next(_numbers))
    row = StudentRow(0, institution, number, name, "Mühendislik", "Bilgisayar", "lisans", 3)
    await records.apply_students(db.sessions, [row], "test")
    return number


async def code_for(db: Database, number: str, now: datetime, institution: str = "ktu") -> str:
    [issued], _ = await links.issue_codes(
        db.sessions, institution, [number], timedelta(days=14), now, "test"
    )
    return issued.code


async def set_status(
    db: Database, number: str, status: str, now: datetime, programme: str = "usp", **values: object
) -> None:
    change = records.StatusUpdate("ktu", number, programme, 2027, status, dict(values))
    await records.set_status(db.sessions, change, "Ayşe Hoca (Kariyer Merkezi)", now)


async def link(db: Database, student: Conversation, number: str, clock: ManualClock) -> None:
    """Link after the office has set the record up: its changes so far are not news, so no
    reminder message interleaves with the replies the test reads."""
    clock.advance(timedelta(seconds=1))
    [reply] = await student.say(await code_for(db, number, clock.now()))
    assert "bağlandı" in reply.plain


async def linked_student(
    db: Database,
    new_student,
    clock: ManualClock,
    name: str,  # type: ignore[no-untyped-def]
) -> tuple[Conversation, str]:
    number = await enrol(db, name)
    student = new_student()
    await link(db, student, number, clock)
    return student, number


# ---- linking -------------------------------------------------------------------------------


async def test_linking_with_right_wrong_reused_and_expired_codes(
    office: Database,
    new_student,
    clock: ManualClock,  # type: ignore[no-untyped-def]
) -> None:
    number = await enrol(office, "Ayşe Yılmaz")
    code = await code_for(office, number, clock.now())
    ayse, other = new_student(), new_student()

    [reply] = await ayse.say("STAJ-AAAA2-BBBBB")
    assert "geçerli değil" in reply.plain
    [reply] = await ayse.say(code.lower().replace("-", " "))  # as a student might paste it
    assert reply.plain.startswith("✅ Hesabın öğrenci kaydınla bağlandı, Ayşe!")
    [reply] = await other.say(f"kodum {code} bu mu doğru?")
    assert "daha önce kullanılmış" in reply.plain

    late = await enrol(office, "Can Ak")
    late_code = await code_for(office, late, clock.now())
    clock.advance(timedelta(days=15))
    [reply] = await other.say(late_code)
    assert "süresi dolmuş" in reply.plain
    [reply] = await other.say("/bagla")
    assert "/bagla STAJ-" in reply.plain


async def test_a_record_linked_from_a_new_account_tells_the_old_one(
    office: Database,
    new_student,
    clock: ManualClock,  # type: ignore[no-untyped-def]
) -> None:
    old_phone, number = await linked_student(office, new_student, clock, "Ece Tan")
    new_phone = new_student()
    before = len(old_phone.telegram.messages_to(old_phone.user_id))
    [linked] = await new_phone.say(await code_for(office, number, clock.now()))
    assert "bağlandı" in linked.plain
    [told] = await old_phone.telegram.wait_for_messages(old_phone.user_id, 1, after=before)
    assert "başka bir Telegram hesabına bağlandı" in told.plain
    [status] = await old_phone.say("/durum")
    assert "önce hesabını öğrenci kaydınla bağlaman gerekiyor" in status.plain


async def test_deep_link_start_parameter_links_the_account(
    office: Database, student: Conversation, clock: ManualClock
) -> None:
    number = await enrol(office, "Deniz Er")
    [reply, notice] = await student.say(
        f"/start {await code_for(office, number, clock.now())}", count=2
    )
    assert "bağlandı, Deniz" in reply.plain and "Veri sorumlusu" in notice.plain


async def test_five_wrong_codes_lock_the_account_for_an_hour(
    office: Database, student: Conversation, clock: ManualClock
) -> None:
    number = await enrol(office, "Ece Su")
    code = await code_for(office, number, clock.now())
    for attempt in range(5):
        command = "/bagla " if attempt == 0 else ""
        [reply] = await student.say(f"{command}STAJ-WRNG{attempt}-CODE{attempt}")
        assert "geçerli değil" in reply.plain
    assert "yeni kod kabul etmeyeceğim" in reply.plain  # the fifth says so at once
    [reply] = await student.say(code)  # even the right code waits for the hour
    assert "Çok fazla hatalı kod denendi" in reply.plain
    clock.advance(timedelta(hours=1, minutes=1))
    [reply] = await student.say(code)
    assert "bağlandı, Ece" in reply.plain


# ---- status --------------------------------------------------------------------------------


async def test_unlinked_student_is_told_how_to_link(student: Conversation) -> None:
    [reply] = await student.say("başvurum ne durumda")
    assert "hesabını öğrenci kaydınla bağlaman gerekiyor" in reply.plain
    [reply] = await student.say("/durum")
    assert "STAJ-" in reply.plain


async def test_status_in_words_and_by_command(
    office: Database,
    new_student,
    clock: ManualClock,  # type: ignore[no-untyped-def]
) -> None:
    number = await enrol(office, "Fatma Kaya")
    answer_by = datetime.now(LOCAL).date() + timedelta(days=5)
    await set_status(office, number, "tamamlanan", clock.now())
    await set_status(
        office,
        number,
        "teklif",
        clock.now(),
        offer_type="yedek",
        answer_by=answer_by,
        employer="Karadeniz Enerji A.Ş.",
        city="Trabzon",
        employer_contact="Elif Şahin, staj@karadeniz.test",
    )
    student = new_student()
    await link(office, student, number, clock)
    for question in ("basvurum ne durumda", "teklif geldi mi", "/durum"):
        [reply] = await student.say(question)
        text = reply.plain
        assert "Fatma, başvurun şöyle görünüyor" in text, (question, text)
        assert "Staj Teklifi (yedek)" in text
        assert "5 gün kaldı" in text and answer_by.strftime("%Y") in text
        assert "Elif Şahin, staj@karadeniz.test" in text and "Karadeniz Enerji A.Ş." in text
        assert "Tamamlanan Başvuru → " in text  # recent history
        assert "Aldığım Teklifler" in text  # the next step


async def test_unlink_asks_first_and_then_hides_the_record(
    office: Database,
    new_student,
    clock: ManualClock,  # type: ignore[no-untyped-def]
) -> None:
    number = await enrol(office, "Gül Ay")
    await set_status(office, number, "tamamlanan", clock.now())
    student = new_student()
    await link(office, student, number, clock)
    [question] = await student.say("/unlink")
    assert question.button_titles == ["Evet, bağlantıyı kaldır", "Vazgeç"]
    [kept] = await student.press(question, "Vazgeç")
    assert "olduğu gibi duruyor" in kept.plain
    [question] = await student.say("/baglantiyi_kaldir")
    [done] = await student.press(question, "Evet")
    assert "Bağlantı kaldırıldı" in done.plain
    [reply] = await student.say("başvurum ne durumda")
    assert "Gül" not in reply.plain and "bağlaman gerekiyor" in reply.plain


# ---- one student never sees another's data ------------------------------------------------


async def test_no_path_shows_one_student_another_students_record(
    office: Database,
    telegram: LocalTelegram,
    new_student,
    clock: ManualClock,  # type: ignore[no-untyped-def]
) -> None:
    ayse_number = await enrol(office, "Ayşe Gizli")
    await set_status(
        office,
        ayse_number,
        "teklif",
        clock.now(),
        offer_type="asil",
        answer_by=date.today() + timedelta(days=9),
        employer="Gizli Şirket A.Ş.",
        employer_contact="gizli@sirket.test",
    )
    ayse = new_student()
    await link(office, ayse, ayse_number, clock)
    [ayse_status] = await ayse.say("/durum")
    assert "Gizli Şirket" in ayse_status.plain
    ayse_code = await code_for(office, ayse_number, clock.now())  # a fresh code Ayşe did not use

    mallory, _ = await linked_student(office, new_student, clock, "Mallory Deneme")
    stranger = new_student()
    attempts = [
        (mallory, f"{ayse_number} numaralı öğrencinin başvurusu ne durumda"),
        (mallory, "Ayşe Gizli'nin başvurusu ne durumda"),
        (mallory, f'/ask_application_status{{"student_number":"{ayse_number}"}}'),
        (stranger, "başvurum ne durumda"),
        (stranger, f"/durum {ayse_number}"),
    ]
    for who, text in attempts:
        for reply in await who.say(text):
            assert "Gizli" not in reply.plain and "gizli@" not in reply.plain, text
    # Ayşe's buttons (her unlink confirmation) pressed by someone else are refused.
    [ayse_question] = await ayse.say("/unlink")
    await telegram.press_callback(
        mallory.user_id, ayse_question, ayse_question.buttons[0]["callback_data"]
    )
    await telegram.wait_for_messages(mallory.user_id, 0, timeout=2)
    assert telegram.callback_answers[-1]["text"].startswith("Bu düğme artık geçerli değil")
    [still] = await ayse.say("/durum")
    assert "Gizli Şirket" in still.plain  # Ayşe is still linked
    # A stolen unused code works once: it links the thief's account and unlinks Ayşe's.
    # The office is told of every link in the audit log; Ayşe's old account loses access.
    [reply] = await stranger.say(ayse_code)
    assert "bağlandı" in reply.plain
    [reply] = await ayse.say("/durum")
    assert "Gizli Şirket" not in reply.plain


# ---- the office's import, from the command line -------------------------------------------


def test_import_with_bad_rows_reports_each_line_and_applies_nothing(
    settings: Settings, tmp_path: Path
) -> None:
    number = str(next(_numbers))
    students = tmp_path / "ogrenciler.csv"
    students.write_text(
        "ogrenci_no;ad_soyad;universite;fakulte;bolum;program;sinif\n"
        f"{number};Hakan Öz;KTÜ;Mühendislik;Harita;lisans;3\n",
        encoding="utf-8",
    )
    applications = tmp_path / "basvurular.csv"
    applications.write_text(
        "ogrenci_no,universite,program,yil,durum,teklif_turu,isveren,sehir,baslangic,bitis,"
        "cevap_son_gun,isveren_iletisim,red_nedeni\n"
        f"{number},ktu,usp,2027,tamamlanan,,,,,,,,\n"
        f"{number},ktu,ktu-bys,2027,bys_reddedildi,,,,,,,,\n"
        "1,ktu,usp,2027,tamamlanan,,,,,,,,\n"
        f"{number},ktu,usp,2027,uçuşta,,,,,,,,\n",
        encoding="utf-8",
    )

    def stajbot(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "cli.main", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    first = stajbot("import", "students", str(students))
    assert first.returncode == 0, first.stderr
    assert "1 yeni" in first.stdout
    again = stajbot("import", "students", str(students))
    assert "0 yeni, 0 güncellendi, 1 değişmedi" in again.stdout

    bad = stajbot("import", "applications", str(applications))
    assert bad.returncode == 1
    report = bad.stdout.splitlines()
    assert report[0] == "basvurular.csv: 3 hatalı satır; dosyadan hiçbir değişiklik uygulanmadı."
    assert report[1].startswith("  satır 3: reddedilen başvuru için red_nedeni gerekli")
    assert report[2].startswith("  satır 4: ktu öğrencisi 1 kayıtlı değil")
    assert report[3].startswith("  satır 5: durum “uçuşta” usp için geçerli değil")
    shown = stajbot("status", "show", "--institution", "ktu", "--student", number)
    assert "Bu öğrencinin başvurusu yok." in shown.stdout  # the good row 2 was not applied

    set_ = stajbot(
        "status", "set", "--institution", "ktu", "--student", number, "--programme", "usp",
        "--year", "2027", "--status", "Yetenek Havuzuna Eklendiniz", "--by", "Ayşe Hoca",
    )  # fmt: skip
    assert set_.returncode == 0, set_.stderr
    shown = stajbot("status", "show", "--institution", "ktu", "--student", number)
    assert "— → Yetenek Havuzuna Eklendiniz  (Ayşe Hoca)" in shown.stdout

    # Link codes exported for the office: readable by the office's user only (KVKK).
    exported = tmp_path / "kodlar.csv"
    codes = stajbot("link-codes", "--institution", "ktu", "--student", number, "--out", str(exported))  # fmt: skip
    assert codes.returncode == 0, codes.stderr
    assert "STAJ-" in exported.read_text(encoding="utf-8")
    assert exported.stat().st_mode & 0o777 == 0o600

    # An erasure request through the office: the record is gone, with an audit entry.
    forget = stajbot("student", "forget", "--institution", "ktu", "--student", number, "--by", "Ayşe Hoca")  # fmt: skip
    assert forget.returncode == 0 and "silindi" in forget.stdout, forget.stderr
    assert stajbot("student", "forget", "--institution", "ktu", "--student", number).returncode == 1  # fmt: skip

    # The retention policy on demand: a dry run counts, removes nothing.
    dry = stajbot("retention", "--dry-run")
    assert dry.returncode == 0 and "handoff messages: " in dry.stdout and "silinecek" in dry.stdout


# ---- a student's own data (KVKK) ------------------------------------------------------------


async def test_a_student_sees_their_data_and_erases_it_everywhere(
    office: Database,
    new_student,
    clock: ManualClock,
    settings: Settings,  # type: ignore[no-untyped-def]
) -> None:
    student, number = await linked_student(office, new_student, clock, "Deniz Kaya")
    user = student.user_id
    await preferences.set_institution(office.sessions, user, "ktu")
    [answer] = await student.say("stajda sigortam yapılıyor mu")  # a Rasa conversation
    await student.press(answer, "👍")  # feedback
    await checklist.save_progress(office.sessions, user, "usp", checklist.Progress(1, {"kayit"}))
    await staff_store.register_group(office.sessions, "ktu", -1_002_000_000_001, True, "test")
    clock.set(datetime(2027, 6, 2, 10, 0, tzinfo=LOCAL))  # office hours
    [consent] = await student.say("/danisman")
    assert "öğrenci kaydından" in consent.plain  # the counselors would see the record: said so
    await student.press(consent, "✅ Evet")
    await student.telegram.send_text(user, "Evraklarım hakkında bir sorum var.")
    await student.say("/bitir")  # a closed handoff with a message in it

    [shown] = await student.say("/verilerim")
    for part in (f"numara {number}", "Seçtiğin üniversite: KTÜ", "1 adım", "Danışman talepleri: 1",
                 "Evraklarım hakkında", "Benimle yazışmaların"):  # fmt: skip
        assert part in shown.plain, (part, shown.plain)

    [confirm] = await student.say("/verilerimi_sil")
    [kept] = await student.press(confirm, "Vazgeç")
    assert "hiçbir şey silmedim" in kept.plain
    [confirm] = await student.say("/verilerimi_sil")
    [done] = await student.press(confirm, "Evet")
    assert "sildim" in done.plain

    # Nothing of that Telegram id is left in any table, nor in Rasa's conversation history...
    key = usage.student_key(user)
    engine = sa.create_engine(sync_url(settings.database_url))
    try:
        with engine.connect() as connection:
            for table in Base.metadata.sorted_tables:
                for column, value in (("telegram_user_id", user), ("student_key", key)):
                    if column in table.c:
                        left = connection.execute(
                            sa.select(sa.func.count()).select_from(table).where(table.c[column] == value)
                        ).scalar()  # fmt: skip
                        assert left == 0, (table.name, left)
    finally:
        engine.dispose()
    assert conversation_size(settings.tracker_store_url, str(user)) == 0
    # ...while the career office's own record of the student stays, unlinked.
    [after] = await student.say("/verilerim")
    assert "hiçbir kayıt" in after.plain
    shown_record = await record_views.own_record(office.sessions, user)
    assert shown_record is None
    async with office.sessions() as session:
        assert await session.scalar(
            sa.select(Student.id).where(Student.student_number == number)
        ) is not None  # fmt: skip


# ---- reminders -----------------------------------------------------------------------------


def _istanbul(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LOCAL)


async def test_reminders_fire_once_wait_for_morning_and_survive_a_restart(
    office: Database,
    stack,
    settings: Settings,
    clock: ManualClock,  # type: ignore[no-untyped-def]
) -> None:
    telegram = LocalTelegram()
    await telegram.start()
    bot = running_bot(settings, telegram, clock)
    await bot.__aenter__()
    try:
        clock.set(_istanbul(2027, 6, 1, 23, 30))  # quiet hours
        number = await enrol(office, "Irmak Deniz")
        student = Conversation(telegram, next(_numbers))
        [linked] = await student.say(await code_for(office, number, clock.now()))
        assert "bağlandı" in linked.plain
        inbox = len(telegram.messages_to(student.user_id))
        await set_status(
            office,
            number,
            "teklif",
            clock.now(),
            offer_type="asil",
            answer_by=date(2027, 6, 10),
            employer="Örnek Yazılım",
        )
        # The news of the offer waits for the morning (several reminder passes run meanwhile).
        await telegram.wait_for_messages(student.user_id, 0, after=inbox, settle=1.5)
        assert len(telegram.messages_to(student.user_id)) == inbox

        clock.set(_istanbul(2027, 6, 2, 8, 1))
        [news] = await telegram.wait_for_messages(student.user_id, 1, after=inbox)
        assert "Başvurunda yeni bir gelişme var" in news.plain and "Staj Teklifi" in news.plain

        clock.set(_istanbul(2027, 6, 7, 9, 1))  # answer-by − 3 days, after 09:00
        [three] = await telegram.wait_for_messages(student.user_id, 1, after=inbox + 1)
        assert "10 Haziran 2027 Perşembe" in three.plain and "3 gün kaldı" in three.plain

        # Restart the bot (a new Application on the same store): nothing sent goes out again.
        await bot.__aexit__(None, None, None)
        bot = running_bot(settings, telegram, clock)
        await bot.__aenter__()
        sent_before = len(telegram.messages_to(student.user_id))
        clock.set(_istanbul(2027, 6, 9, 9, 1))  # answer-by − 1 day
        [one] = await telegram.wait_for_messages(student.user_id, 1, after=sent_before, settle=1.5)
        assert "yarın" in one.plain

        # Reminders off: nothing goes out; back on: the due BYS reminder does.
        [menu] = await student.say("/hatirlatmalar")
        [off] = await student.press(menu, "🔕")
        assert "kapatıldı" in off.plain
        await set_status(office, number, "teklif_kabul", clock.now(), start_date=date(2027, 7, 5))
        clock.set(_istanbul(2027, 6, 12, 9, 1))  # BYS deadline 15.06 (start − 20) − 3 days
        count = len(telegram.messages_to(student.user_id))
        await telegram.wait_for_messages(student.user_id, 0, after=count, settle=1.5)
        assert len(telegram.messages_to(student.user_id)) == count
        [menu] = await student.say("/hatirlatmalar")
        before_on = len(telegram.messages_to(student.user_id))
        await telegram.press_button(student.user_id, menu, "🔔")
        got = await telegram.wait_for_messages(student.user_id, 3, after=before_on, settle=1.5)
        texts = [m.plain for m in got]
        assert "açıldı" in texts[0]
        later = " ".join(texts[1:])
        assert "Teklifi kabul ettin" in later  # the news held back while reminders were off
        assert "KTÜ BYS'den staj başvurunu" in later and "15 Haziran 2027" in later
        assert "Staj teklifine cevap" not in later  # the offer is answered: no more about it

        # Unlinked: no more reminders, even when one falls due.
        [question] = await student.say("/unlink")
        await student.press(question, "Evet")
        count = len(telegram.messages_to(student.user_id))
        clock.set(_istanbul(2027, 6, 14, 9, 1))  # BYS deadline − 1 day
        await telegram.wait_for_messages(student.user_id, 0, after=count, settle=1.5)
        assert len(telegram.messages_to(student.user_id)) == count
    finally:
        await bot.__aexit__(None, None, None)
        await telegram.stop()
