"""Working-day arithmetic: every row of the 2024 periods table, holidays, 6-day weeks, boundaries."""

from datetime import date

import pytest

from staj.faq.loader import load_knowledge_base
from staj.rules.calendar import CalendarError, WorkingCalendar, format_date
from staj.rules.periods import period_tables

CALENDAR = WorkingCalendar()
ROWS = [(t.institution, p) for t in period_tables() for p in t.rows]


@pytest.mark.parametrize(("institution", "period"), ROWS, ids=lambda v: str(v))
def test_every_row_of_the_seed_periods_table(institution: str, period) -> None:  # type: ignore[no-untyped-def]
    assert (
        WorkingCalendar(institution).end_date(
            period.start, period.working_days, period.days_per_week
        )
        == period.end
    )


def test_the_periods_table_has_all_ten_rows_of_seed_003() -> None:
    assert len(ROWS) == 10


def test_faq_answer_shows_the_same_periods_as_the_rules_data() -> None:
    answer = load_knowledge_base().get("usp-staj-donemleri").answer_for("bseu").text  # type: ignore[union-attr]
    lines = answer.splitlines()
    for _, period in ROWS:
        assert f"{format_date(period.start)} → {format_date(period.end)}" in lines


def test_public_holidays_and_bayrams_are_skipped() -> None:
    # 30 Ağustos 2024 (Friday) is Zafer Bayramı.
    assert CALENDAR.end_date(date(2024, 8, 26), 5, 5) == date(2024, 9, 2)
    # Kurban Bayramı 2025: 6-9 June (Friday to Monday).
    assert CALENDAR.end_date(date(2025, 6, 5), 2, 5) == date(2025, 6, 10)
    names = [h.name for h in CALENDAR.skipped_holidays(date(2025, 6, 2), date(2025, 6, 13), 5)]
    assert any("Kurban" in n for n in names)


def test_arife_half_day_counts_as_a_working_day() -> None:
    # 5 Haziran 2025 is the arife of Kurban Bayramı: a working day.
    assert CALENDAR.end_date(date(2025, 6, 5), 1, 5) == date(2025, 6, 5)


def test_six_day_weeks_count_saturdays_only() -> None:
    assert CALENDAR.end_date(date(2024, 7, 20), 1, 6) == date(2024, 7, 20)  # a Saturday
    assert CALENDAR.end_date(date(2024, 7, 20), 1, 5) == date(2024, 7, 22)  # Monday
    assert CALENDAR.end_date(date(2024, 7, 21), 1, 6) == date(2024, 7, 22)  # Sunday never counts


def test_month_and_year_boundaries() -> None:
    assert CALENDAR.end_date(date(2024, 12, 30), 3, 5) == date(2025, 1, 2)  # 1 Ocak skipped
    assert CALENDAR.end_date(date(2024, 2, 28), 2, 5) == date(2024, 2, 29)  # leap day
    assert CALENDAR.end_date(date(2024, 10, 28), 2, 5) == date(2024, 10, 30)  # 29 Ekim skipped


@pytest.mark.parametrize(("days", "per_week"), [(0, 5), (20, 7), (401, 5)])
def test_impossible_lengths_are_refused(days: int, per_week: int) -> None:
    with pytest.raises(CalendarError):
        CALENDAR.end_date(date(2024, 7, 16), days, per_week)


def test_format_date() -> None:
    assert format_date(date(2024, 7, 16)) == "16.07.2024"
    assert format_date(date(2024, 7, 16), long=True) == "16 Temmuz 2024 Salı"
