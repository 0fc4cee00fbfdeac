"""Turkish dates as students write them: 16.07.2024, 16/07/2024, 16 Temmuz 2024,
"16 temmuz" (the next such date), "7 Temmuz 2025'te", "yarın"."""

from __future__ import annotations

import re
from datetime import date, timedelta

from staj.text.turkish import fold_turkish

_MONTHS = {
    "ocak": 1, "subat": 2, "mart": 3, "nisan": 4, "mayis": 5, "haziran": 6,
    "temmuz": 7, "agustos": 8, "eylul": 9, "ekim": 10, "kasim": 11, "aralik": 12,
}  # fmt: skip
_NUMERIC = re.compile(r"(?<![\d.,/])(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?![\d])")
_NUMERIC_NO_YEAR = re.compile(r"(?<![\d.,/])(\d{1,2})[./](\d{1,2})(?![\d./,])")
_WORDS = re.compile(r"(?<!\d)(\d{1,2})\s*(" + "|".join(_MONTHS) + r")\w*(?:\s+(\d{4}))?")
_RELATIVE = {"bugun": 0, "yarin": 1, "obur gun": 2, "ertesi gun": 1}


class DateError(ValueError):
    """The text names a date that does not exist (31.02.2025)."""


def _make(day: int, month: int, year: int, raw: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise DateError(f"“{raw.strip()}” diye bir tarih yok.") from exc


def _next_occurrence(day: int, month: int, today: date, raw: str) -> date:
    candidate = _make(day, month, today.year, raw) if not (day == 29 and month == 2) else None
    if candidate is None:  # 29 Şubat: the next leap year that has it on or after today
        year = today.year
        while True:
            try:
                candidate = date(year, 2, 29)
                if candidate >= today:
                    return candidate
            except ValueError:
                pass
            year += 1
    return candidate if candidate >= today else _make(day, month, today.year + 1, raw)


def find_dates(text: str, today: date) -> list[date]:
    """Every date in ``text``, in order of appearance. Raises DateError for impossible ones,
    quoting them as the student wrote them (folding keeps every letter's place)."""
    folded = fold_turkish(text)
    found: list[tuple[int, date]] = []
    taken: list[tuple[int, int]] = []

    def free(span: tuple[int, int]) -> bool:
        return all(span[1] <= a or span[0] >= b for a, b in taken)

    def as_written(match: re.Match[str]) -> str:
        return text[match.start() : match.end()]

    for match in _NUMERIC.finditer(folded):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
        year = year + 2000 if year < 100 else year
        found.append((match.start(), _make(day, month, year, as_written(match))))
        taken.append(match.span())
    for match in _WORDS.finditer(folded):
        if not free(match.span()):
            continue
        day, month = int(match[1]), _MONTHS[match[2]]
        value = (
            _make(day, month, int(match[3]), as_written(match))
            if match[3]
            else _next_occurrence(day, month, today, as_written(match))
        )
        found.append((match.start(), value))
        taken.append(match.span())
    for match in _NUMERIC_NO_YEAR.finditer(folded):
        if not free(match.span()):
            continue
        day, month = int(match[1]), int(match[2])
        if 1 <= month <= 12:
            found.append((match.start(), _next_occurrence(day, month, today, as_written(match))))
            taken.append(match.span())
    for word, offset in _RELATIVE.items():
        position = f" {folded} ".find(f" {word} ")
        if position >= 0:
            found.append((position, today + timedelta(days=offset)))
    return [value for _, value in sorted(found, key=lambda item: item[0])]


def parse_date(text: str, today: date) -> date | None:
    """The first date in ``text`` (None if there is none)."""
    dates = find_dates(text, today)
    return dates[0] if dates else None
