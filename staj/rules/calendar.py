"""Working-day arithmetic over Turkish public holidays and a university's extra days off.

Arife (the eve of a bayram) and 28 October are half days in Türkiye; we count them as
working days, as internship periods do, unless a university lists them as days off in
data/rules/days_off.yml.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import holidays
import yaml

from staj.paths import RULES_DIR

WEEKDAY_NAMES = ("Pazartesi", "Salı", "Çarşamba", "Perşembe", "Cuma", "Cumartesi", "Pazar")
MONTH_NAMES = (
    "Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran",
    "Temmuz", "Ağustos", "Eylül", "Ekim", "Kasım", "Aralık",
)  # fmt: skip
MAX_WORKING_DAYS = 400


class CalendarError(ValueError):
    pass


@dataclass(frozen=True)
class DayOff:
    day: date
    name: str


@cache
def _extra_days_off() -> dict[str, tuple[DayOff, ...]]:
    path = RULES_DIR / "days_off.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    return {
        code: tuple(
            DayOff(date.fromisoformat(str(item["date"])), item["name"]) for item in items or ()
        )
        for code, items in (raw.get("institutions") or {}).items()
    }


def public_holidays(year: int) -> dict[date, str]:
    """Türkiye's official full-day public holidays (both bayrams included), Turkish names."""
    return dict(holidays.country_holidays("TR", years=year, language="tr").items())


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days count as internship working days for one university (or none)."""

    institution: str | None = None

    def day_off(self, day: date) -> str | None:
        """Why ``day`` is not a working day (holiday name), or None for a normal day."""
        name = public_holidays(day.year).get(day)
        if name:
            return name
        for extra in _extra_days_off().get(self.institution or "", ()):
            if extra.day == day:
                return extra.name
        return None

    def is_working_day(self, day: date, days_per_week: int) -> bool:
        return day.weekday() < days_per_week and self.day_off(day) is None

    def end_date(self, start: date, working_days: int, days_per_week: int) -> date:
        """The last day of an internship of ``working_days`` days that begins on ``start``."""
        if days_per_week not in (5, 6):
            raise CalendarError("Haftada 5 ya da 6 iş günü olabilir.")
        if not 1 <= working_days <= MAX_WORKING_DAYS:
            raise CalendarError(f"İş günü sayısı 1 ile {MAX_WORKING_DAYS} arasında olmalı.")
        day, counted = start, 0
        while True:
            if self.is_working_day(day, days_per_week):
                counted += 1
                if counted == working_days:
                    return day
            day += timedelta(days=1)

    def skipped_holidays(self, start: date, end: date, days_per_week: int) -> list[DayOff]:
        """Holidays on would-be working days between start and end (to show the student)."""
        skipped, day = [], start
        while day <= end:
            reason = self.day_off(day)
            if reason and day.weekday() < days_per_week:
                skipped.append(DayOff(day, reason))
            day += timedelta(days=1)
        return skipped


def format_date(day: date, long: bool = False) -> str:
    """16.07.2024, or 16 Temmuz 2024 Salı with ``long``."""
    if long:
        return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year} {WEEKDAY_NAMES[day.weekday()]}"
    return day.strftime("%d.%m.%Y")
