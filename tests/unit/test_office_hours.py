"""Counselors' office hours (Europe/Istanbul), public holidays closed."""

from datetime import datetime

from staj.staff.office_hours import LOCAL, is_open, next_opening


def test_open_on_weekdays_within_hours_per_university() -> None:
    wednesday = datetime(2027, 6, 2, 8, 45, tzinfo=LOCAL)
    assert is_open(wednesday, "ktu")  # KTÜ opens 08:30
    assert not is_open(wednesday, None)  # the default opens 09:00
    assert not is_open(datetime(2027, 6, 2, 17, 0, tzinfo=LOCAL), "ktu")


def test_next_opening_skips_weekends_and_public_holidays() -> None:
    friday_evening = datetime(2027, 6, 4, 18, 0, tzinfo=LOCAL)
    assert next_opening(friday_evening, "ktu") == datetime(2027, 6, 7, 8, 30, tzinfo=LOCAL)
    before_republic_day = datetime(2026, 10, 28, 18, 0, tzinfo=LOCAL)  # 29 Ekim is a holiday
    assert next_opening(before_republic_day, "ktu") == datetime(2026, 10, 30, 8, 30, tzinfo=LOCAL)
