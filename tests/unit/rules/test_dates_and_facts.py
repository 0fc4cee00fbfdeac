"""Turkish dates and the facts students state in passing."""

from datetime import date

import pytest

from staj.text.dates import DateError, find_dates, parse_date
from staj.text.facts import parse_length, parse_profile

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16.07.2024", date(2024, 7, 16)),
        ("16/07/2024", date(2024, 7, 16)),
        ("16-7-24", date(2024, 7, 16)),
        ("16 Temmuz 2024", date(2024, 7, 16)),
        ("16 temmuz", date(2027, 7, 16)),  # the next 16 July after today
        ("1 aralık", date(2026, 12, 1)),
        ("7 Temmuz 2025'te", date(2025, 7, 7)),
        ("stajım 3 AĞUSTOS'ta başlıyor", date(2027, 8, 3)),
        ("16.07", date(2027, 7, 16)),
        ("yarın", date(2026, 11, 24)),
        ("ortalamam 2.45", None),
        ("20 iş günü", None),
    ],
)
def test_dates_as_students_write_them(text: str, expected: date | None) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["31.02.2025", "30 şubat 2024", "32.01.2025", "15.13.2024"])
def test_impossible_dates_are_reported(text: str) -> None:
    with pytest.raises(DateError, match=f"“{text}” diye bir tarih yok"):  # as the student wrote it
        parse_date(f"stajım {text}'te başlıyor", TODAY)


def test_several_dates_in_order() -> None:
    assert find_dates("16.07.2024 ile 12 Ağustos 2024 arası", TODAY) == [
        date(2024, 7, 16),
        date(2024, 8, 12),
    ]


def test_profile_in_one_message() -> None:
    facts = parse_profile("Lisans 3. sınıf öğrencisiyim, ortalamam 2.45, başvurabilir miyim?")
    assert (facts.level, facts.year_of_study, facts.gpa) == ("lisans", 3, 2.45)


@pytest.mark.parametrize(
    ("text", "bare", "field", "value"),
    [
        ("ön lisans 1. sınıfım", None, "level", "on_lisans"),
        ("MYO ikinci sınıf", None, "year_of_study", 2),
        ("gno 2,8", None, "gpa", 2.8),
        ("3.20/4", None, "gpa", 3.2),
        ("2.45", "gpa", "gpa", 2.45),
        ("3", "year_of_study", "year_of_study", 3),
        ("hazırlıktayım", None, "year_of_study", 0),
        ("lisans 1 deyim başvurabilir miyim", None, "year_of_study", 1),
        ("3 teyim ortalamam 2,5", None, "year_of_study", 3),
        ("önlisans 2. dönemdeyim", None, "year_of_study", None),
        ("lisans 4 yıllık bölüm", None, "year_of_study", None),
        ("lisans 2,45 ortalama", None, "year_of_study", None),
        ("myo 2 sinif", None, "year_of_study", 2),
        ("tıp fakültesi 3. sınıf", None, "excluded_field", "tip"),
        ("sınıf öğretmenliği okuyorum", None, "excluded_field", "ogretmenlik"),
        ("bu yıl mezun olacağım", None, "graduating", True),
        ("çift anadal yapıyorum", None, "double_major", True),
        ("yüksek lisans öğrencisiyim", None, "graduate_student", True),
        ("açıköğretim öğrencisiyim başvurabilir miyim", None, "open_education", True),
        ("aof da okuyorum", None, "open_education", True),
        ("uzaktan eğitim derslerinin kayıtları nerede", None, "open_education", False),
        # A class's students in general are not the student's own class: a question on the rule.
        ("birinci sınıflar başvurabiliyor mu", None, "year_of_study", None),
        ("1. sınıf öğrencileri başvurabilir mi", None, "year_of_study", None),
        ("2. sınıftakiler de katılabiliyor mu", None, "year_of_study", None),
        ("1. sınıf öğrencisiyim başvurabilir miyim", None, "year_of_study", 1),
        ("biz 3. sınıf öğrencileriyiz başvurabilir miyiz", None, "year_of_study", 3),
        ("ikinci sınıftayım", None, "year_of_study", 2),
        ("birinci sınıflar başvurabiliyor mu", None, "asked_rule", "year_of_study"),
        ("önlisansta hangi sınıfta başvurabiliyorum", None, "asked_rule", "year_of_study"),
        ("3. sınıfım ortalamam kaç olmalı", None, "asked_rule", "gpa"),
        ("not ortalaması şartı var mı", None, "asked_rule", "gpa"),
        ("3. sınıfım, başvuru için gereken not ortalaması ne", None, "asked_rule", "gpa"),
        ("minimum ortalama ne", None, "asked_rule", "gpa"),
        ("3. sınıfım ortalamam 2,5 başvurabilir miyim", None, "asked_rule", None),
    ],
)
def test_profile_facts(text: str, bare: str | None, field: str, value: object) -> None:
    assert getattr(parse_profile(text, bare_number=bare), field) == value


@pytest.mark.parametrize(
    ("text", "bare", "field", "value"),
    [
        ("ortalamam abc", None, "bad_gpa", "abc"),
        ("5.2", "gpa", "bad_gpa", "5.2"),
        ("ortalamam 75", None, "bad_gpa", "75"),
        ("sınıfım 9", None, "bad_year_of_study", "9"),
        ("ortalamam abc?", None, "bad_gpa", "abc"),
        ("gno: iyi", None, "bad_gpa", "iyi"),
    ],
)
def test_bad_values_are_kept_to_explain_them(
    text: str, bare: str | None, field: str, value: str
) -> None:
    assert getattr(parse_profile(text, bare_number=bare), field) == value


def test_internship_length() -> None:
    length = parse_length("16.07.2024'te başlayan 20 iş günlük haftada 5 gün staj ne zaman biter?")
    assert (length.working_days, length.days_per_week) == (20, 5)
    assert parse_length("6 günlük hafta").days_per_week == 6
    assert parse_length("haftada 7").bad_days_per_week == "7"
    assert parse_length("30", bare_number="working_days").working_days == 30


@pytest.mark.parametrize(
    ("text", "days_per_week"),
    [
        ("15 temmuzda başlarsam 20 iş günü cumartesi dahil ne zaman biter", 6),
        ("cumartesileri de çalışıyorum", 6),
        ("pazartesiden cumartesiye", 6),
        ("cumartesi çalışmıyorum", 5),
        ("hafta içi her gün", 5),
        ("pazartesi-cuma", 5),
        ("cumartesi günü başlıyorum, 20 gün", None),  # the start day, not the week
    ],
)
def test_the_working_week_in_words(text: str, days_per_week: int | None) -> None:
    assert parse_length(text).days_per_week == days_per_week


@pytest.mark.parametrize(
    "text",
    ["not ortalamasi sarti varmi", "ortalama kaç olmalı", "ortalamam yeterli mi acaba",
     "not ortalaması önemli mi"],
)  # fmt: skip
def test_a_question_about_the_average_rule_states_no_average(text: str) -> None:
    # "şartı" after "ortalaması" is no bad average: the student asks the rule, and the FAQ
    # entry answers it instead of the eligibility check saying "“sarti” geçerli değil".
    facts = parse_profile(text)
    assert (facts.gpa, facts.bad_gpa) == (None, None)
