"""A university's internship periods for a programme year (data/rules/periods.yml)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import yaml

from staj.paths import RULES_DIR


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    working_days: int
    days_per_week: int


@dataclass(frozen=True)
class PeriodTable:
    institution: str
    year: int
    rows: tuple[Period, ...]
    seed: str
    part: str


@cache
def _raw() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((RULES_DIR / "periods.yml").read_text(encoding="utf-8"))
    return data


def period_tables() -> list[PeriodTable]:
    tables = []
    for institution, years in _raw()["periods"].items():
        for year, table in years.items():
            rows = tuple(
                Period(
                    date.fromisoformat(str(r["start"])),
                    date.fromisoformat(str(r["end"])),
                    r["working_days"],
                    r["days_per_week"],
                )
                for r in table["rows"]
            )
            tables.append(
                PeriodTable(
                    institution, int(year), rows, table["source"]["seed"], table["source"]["part"]
                )
            )
    return tables
