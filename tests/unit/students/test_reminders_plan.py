"""Which reminders a student gets, computed from their record and the time alone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from staj.students.record import ApplicationView, ChangeView, StudentRecord
from staj.students.reminders import LOCAL, in_quiet_hours, plan
from staj.students.view import status_message

LINKED = datetime(2027, 5, 1, 9, 0, tzinfo=UTC)


def _app(
    status: str,
    programme: str = "usp",
    *,
    app_id: int = 1,
    start: date | None = None,
    end: date | None = None,
    answer_by: date | None = None,
    changed: datetime = LINKED + timedelta(days=1),
) -> ApplicationView:
    return ApplicationView(
        id=app_id,
        programme=programme,
        year=2027,
        status=status,
        offer_type="asil" if status == "teklif" else None,
        employer="Örnek A.Ş.",
        city="Trabzon",
        start_date=start,
        end_date=end,
        answer_by=answer_by,
        employer_contact="staj@ornek.test",
        rejection_reason="Yetkili bilgisi eksik" if status == "bys_reddedildi" else None,
        history=(ChangeView(app_id * 10, status, changed),),
    )


def _record(*apps: ApplicationView, institution: str = "ktu") -> StudentRecord:
    return StudentRecord(1, 5, "Ayşe", institution, True, LINKED, tuple(apps))


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL)


def test_quiet_hours_are_22_to_08_istanbul_time() -> None:
    assert in_quiet_hours(_local(date(2027, 6, 1), 22, 0))
    assert in_quiet_hours(_local(date(2027, 6, 2), 7, 59))
    assert not in_quiet_hours(_local(date(2027, 6, 2), 8, 0))
    assert not in_quiet_hours(datetime(2027, 6, 2, 18, 59, tzinfo=UTC))  # 21:59 in Istanbul


def test_an_offer_is_news_then_reminded_three_days_and_one_day_before() -> None:
    record = _record(_app("teklif", answer_by=date(2027, 6, 10)))
    planned = {p.key: p for p in plan(record, _local(date(2027, 5, 3), 12))}
    assert set(planned) == {"status:10", "answer_by:1:2027-06-10:3", "answer_by:1:2027-06-10:1"}
    assert planned["answer_by:1:2027-06-10:3"].due_at == _local(date(2027, 6, 7), 9)
    assert planned["answer_by:1:2027-06-10:1"].due_at == _local(date(2027, 6, 9), 9)
    assert "10 Haziran 2027" in planned["answer_by:1:2027-06-10:1"].text
    assert "/hatirlatmalar" in planned["status:10"].text
    # After the answer-by day, nothing more about it.
    assert [p.key for p in plan(record, _local(date(2027, 6, 11), 9))] == []


def test_news_older_than_the_link_is_not_news() -> None:
    record = _record(_app("tamamlanan", changed=LINKED - timedelta(hours=1)))
    assert plan(record, LINKED + timedelta(hours=1)) == []


def test_ktu_bys_deadline_until_the_bys_application_is_made() -> None:
    accepted = _app("teklif_kabul", start=date(2027, 7, 5), end=date(2027, 8, 13))
    keys = {p.key for p in plan(_record(accepted), _local(date(2027, 6, 1), 10))}
    assert "bys-basvuru:1:2027-06-15:3" in keys  # start − 20 days
    # The employer's day to share dates with the university is theirs, not a reminder.
    assert not any(k.startswith("sgk-bilgi") for k in keys)
    made = _app("bys_basvuru", "ktu-bys", app_id=2, start=date(2027, 7, 5))
    keys = {p.key for p in plan(_record(accepted, made), _local(date(2027, 6, 1), 10))}
    assert not any(k.startswith("bys-basvuru") for k in keys)
    # A rejected BYS application must be corrected before the same deadline.
    rejected = _app("bys_reddedildi", "ktu-bys", app_id=2, start=date(2027, 7, 5))
    keys = {p.key for p in plan(_record(accepted, rejected), _local(date(2027, 6, 1), 10))}
    assert "bys-basvuru:2:2027-06-15:1" in keys


def test_ksu_documents_deadline_and_no_bys_for_other_universities() -> None:
    accepted = _app("isveren_onayi", start=date(2027, 7, 5))
    keys = {p.key for p in plan(_record(accepted, institution="ksu"), _local(date(2027, 6, 1), 10))}
    assert "ksu-evrak:1:2027-06-28:3" in keys
    assert not any(k.startswith("bys-basvuru") for k in keys)


def test_after_the_internship_ends_the_student_is_told_what_is_left() -> None:
    ongoing = _app("stajda", start=date(2027, 7, 5), end=date(2027, 8, 13))
    [ended] = [
        p
        for p in plan(_record(ongoing), _local(date(2027, 8, 20), 10))
        if p.key.startswith("ended")
    ]
    assert ended.due_at == _local(date(2027, 8, 14), 9)
    assert "Sonlandırılacak Stajlar" in ended.text  # KTÜ: finalise in BYS
    done = _app("tamamlandi", start=date(2027, 7, 5), end=date(2027, 8, 13))
    assert not [
        p for p in plan(_record(done), _local(date(2027, 8, 20), 10)) if p.key.startswith("ended")
    ]


def test_status_message_names_the_deadline_with_days_left_and_the_contact() -> None:
    record = _record(
        _app("teklif", answer_by=date(2027, 6, 10), start=date(2027, 7, 5), end=date(2027, 8, 13))
    )
    message = status_message(record, date(2027, 6, 7))
    assert "Staj Teklifi" in message and "(asil)" in message
    assert "10 Haziran 2027 Perşembe" in message and "3 gün kaldı" in message
    assert "staj@ornek.test" in message and "05.07.2027 – 13.08.2027" in message
    assert "Aldığım Teklifler" in message  # the next step
    rejected = _record(_app("bys_reddedildi", "ktu-bys"))
    assert "Yetkili bilgisi eksik" in status_message(rejected, date(2027, 6, 7))
    assert "İşlem Yap" in status_message(rejected, date(2027, 6, 7))


def test_status_shows_the_employers_deadline_as_something_to_check() -> None:
    record = _record(_app("isveren_onayi", start=date(2027, 7, 5)), institution="ksu")
    message = status_message(record, date(2027, 6, 1))
    assert "kesin tarihleri göstermeyebilir" in message  # seed 001, not "kesinleşti"
    assert "İşverenin staj tarihlerini ve yerini" in message and "işverenin görevi" in message
    assert "işveren staj sorumlundan" in message and "takvim günüyle" in message  # KSÜ, own
