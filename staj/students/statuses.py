"""The application statuses and programmes (data/rules/statuses.yml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import yaml

from staj.paths import RULES_DIR
from staj.rules.sources import Owner, Quote, quotes_of
from staj.text.turkish import fold_turkish

PHASES = ("applying", "offer", "accepted", "insured", "ongoing", "ended", "closed")
BYS_PHASES = ("submitted", "rejected", "approved", "finalising", "finalised")


@dataclass(frozen=True)
class Status:
    code: str
    programme: str
    label: str
    phase: str
    explanation: str
    next_step: str
    owner: Owner  # whose duty the next step is
    sources: tuple[Quote, ...]
    bys_phase: str | None = None
    year: int | None = None

    @property
    def seeds(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(q.seed for q in self.sources))


@dataclass(frozen=True)
class Programme:
    code: str
    name: str
    institutions: tuple[str, ...] | None  # None: every university
    registers: str | None = None  # the programme whose internships this one registers
    deadline: str | None = None  # the deadline rule the registration is due by

    def open_to(self, institution: str) -> bool:
        return self.institutions is None or institution in self.institutions


@cache
def _raw() -> dict:  # type: ignore[type-arg]
    data: dict = yaml.safe_load((RULES_DIR / "statuses.yml").read_text(encoding="utf-8"))  # type: ignore[type-arg]
    return data


@cache
def programmes() -> dict[str, Programme]:
    result = {}
    for code, item in _raw()["programmes"].items():
        allowed = item["institutions"]
        result[code] = Programme(
            code,
            item["name"],
            None if allowed == "all" else tuple(allowed),
            item.get("registers"),
            item.get("deadline"),
        )
    return result


def registrations() -> list[Programme]:
    """The university registrations that accompany another programme's internships."""
    return [p for p in programmes().values() if p.registers is not None]


@cache
def statuses() -> dict[str, Status]:
    result: dict[str, Status] = {}
    for item in _raw()["statuses"]:
        fields = dict(item)
        fields["owner"] = Owner(fields["owner"])
        fields["sources"] = quotes_of(fields.pop("source"))
        status = Status(**fields)
        if status.phase not in PHASES or status.programme not in programmes():
            raise ValueError(f"statuses.yml: {status.code} has an unknown phase or programme")
        if status.bys_phase is not None and status.bys_phase not in BYS_PHASES:
            raise ValueError(f"statuses.yml: {status.code} has an unknown bys_phase")
        result[status.code] = status
    return result


def find_status(programme: str, value: str) -> Status | None:
    """The status of ``programme`` named by its code or its label (any case, with or
    without Turkish letters), as staff type it."""
    wanted = fold_turkish(value).strip()
    for status in statuses().values():
        if status.programme != programme:
            continue
        if wanted in (status.code, fold_turkish(status.label)):
            return status
    return None


def status_codes(programme: str) -> list[str]:
    return [s.code for s in statuses().values() if s.programme == programme]
