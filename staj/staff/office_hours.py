"""Counselors' office hours per university (data/rules/office_hours.yml), public holidays
excluded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import cache

import yaml

from staj.clock import LOCAL
from staj.paths import RULES_DIR
from staj.rules.calendar import WorkingCalendar


@dataclass(frozen=True)
class OfficeHours:
    weekdays: frozenset[int]  # 1 = Monday
    opens: time
    closes: time


def _hours(item: dict) -> OfficeHours:  # type: ignore[type-arg]
    return OfficeHours(
        frozenset(int(d) for d in item["days"]),
        time.fromisoformat(item["open"]),
        time.fromisoformat(item["close"]),
    )


@cache
def _table() -> tuple[OfficeHours, dict[str, OfficeHours]]:
    raw = yaml.safe_load((RULES_DIR / "office_hours.yml").read_text(encoding="utf-8"))
    per = {code: _hours(item) for code, item in (raw.get("institutions") or {}).items()}
    return _hours(raw["default"]), per


def hours_for(institution: str | None) -> OfficeHours:
    default, per = _table()
    return per.get(institution or "", default)


def is_open(moment: datetime, institution: str | None) -> bool:
    local = moment.astimezone(LOCAL)
    hours = hours_for(institution)
    if local.isoweekday() not in hours.weekdays:
        return False
    if WorkingCalendar(institution).day_off(local.date()) is not None:
        return False
    return hours.opens <= local.time() < hours.closes


def next_opening(moment: datetime, institution: str | None) -> datetime:
    """When counselors are next at work (``moment`` itself when they are now)."""
    if is_open(moment, institution):
        return moment
    hours = hours_for(institution)
    local = moment.astimezone(LOCAL)
    day = local.date()
    for _ in range(30):
        opening = datetime.combine(day, hours.opens, tzinfo=LOCAL)
        if opening > local and is_open(opening, institution):
            return opening
        day += timedelta(days=1)
    raise ValueError("no office hours within 30 days")
