"""The time, behind a seam: reminders and link codes read it from a Clock so that tests can
move time forward instead of sleeping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

# Turkey keeps one time zone all year: every date and hour a student or counselor sees is in it.
LOCAL = ZoneInfo("Europe/Istanbul")


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that stands still until moved (tests, and rehearsing reminders)."""

    def __init__(self, start: datetime) -> None:
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = moment.astimezone(UTC)

    def advance(self, delta: timedelta) -> None:
        self._now += delta


def local_day_and_time(moment: datetime) -> str:
    """16.07.2024 14:30, in Turkish time."""
    return moment.astimezone(LOCAL).strftime("%d.%m.%Y %H:%M")
