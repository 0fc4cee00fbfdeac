"""Deadlines counted back from an internship's start date (data/rules/deadlines.yml), in
calendar days, each with whose duty it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import yaml

from staj.institutions import NATIONAL_SCOPE
from staj.paths import RULES_DIR
from staj.rules.sources import Owner, Quote, quotes_of


@dataclass(frozen=True)
class DeadlineRule:
    id: str
    owner: Owner  # whose duty it is: the student's own, or what the student can expect
    institution: str  # "national" or a university code
    days_before: int  # calendar days
    what: str
    sources: tuple[Quote, ...]
    stage: str  # "offer": before the offer comes; "accepted": after the student accepted it
    year: int | None = None  # the programme year of the rule, when its source is dated

    @property
    def seed(self) -> str:
        return self.sources[0].seed

    @property
    def students_own(self) -> bool:
        return self.owner is Owner.STUDENT


@dataclass(frozen=True)
class Deadline:
    rule: DeadlineRule
    day: date
    days_left: int  # negative when it has passed

    @property
    def passed(self) -> bool:
        return self.days_left < 0


@cache
def deadline_rules() -> tuple[DeadlineRule, ...]:
    raw = yaml.safe_load((RULES_DIR / "deadlines.yml").read_text(encoding="utf-8"))
    return tuple(
        DeadlineRule(
            id=item["id"],
            owner=Owner(item["owner"]),
            institution=item["institution"],
            days_before=int(item["days_before"]),
            what=item["what"],
            sources=quotes_of(item["source"]),
            stage=item["stage"],
            year=item.get("year"),
        )
        for item in raw["deadlines"]
    )


def deadlines_for(start: date, today: date, institution: str | None) -> list[Deadline]:
    """National deadlines and those of ``institution`` (every university's when None),
    earliest first."""
    rules = [
        r
        for r in deadline_rules()
        if r.institution == NATIONAL_SCOPE or institution in (None, r.institution)
    ]
    result = [
        Deadline(
            rule,
            start - timedelta(days=rule.days_before),
            (start - timedelta(days=rule.days_before) - today).days,
        )
        for rule in rules
    ]
    return sorted(result, key=lambda d: (d.day, d.rule.id))


def deadline_rule(rule_id: str) -> DeadlineRule:
    return next(r for r in deadline_rules() if r.id == rule_id)


def deadline(rule_id: str, start: date, today: date) -> Deadline:
    rule = deadline_rule(rule_id)
    day = start - timedelta(days=rule.days_before)
    return Deadline(rule, day, (day - today).days)
