"""Can this student apply? Rules from data/rules/eligibility.yml, keyed by programme and year."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Any

import yaml

from staj.institutions import national_programme
from staj.paths import RULES_DIR
from staj.text.facts import ProfileFacts
from staj.text.numbers import decimal

ON_LISANS_YEARS = 2  # a third class or later can only be lisans


class Level(StrEnum):
    LISANS = "lisans"
    ON_LISANS = "on_lisans"


@dataclass(frozen=True)
class StudentFacts:
    """What the student told us; None means not said yet."""

    level: Level | None = None
    year_of_study: int | None = None  # sınıf
    gpa: float | None = None  # 4-point scale
    excluded_field: str | None = None  # "tip" / "ogretmenlik" when the student said so
    graduating: bool = False  # will graduate before the internship dates
    double_major: bool = False  # çift ana dal continues


@dataclass(frozen=True)
class Reason:
    """Why the student cannot apply: a code the actions turn into words, with its values."""

    code: str  # excluded_field | class_not_allowed | gpa_too_low
    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    eligible: bool | None  # None: facts missing
    reasons: list[Reason] = field(default_factory=list)  # why not
    conditions: list[str] = field(default_factory=list)  # may apply, but only if these hold
    caveats: list[str] = field(default_factory=list)  # what must still hold on the dates
    missing: list[str] = field(default_factory=list)  # facts still needed, in asking order
    rule_label: str = ""
    source: dict[str, str] = field(default_factory=dict)
    year: int = 0


@cache
def _rules() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (RULES_DIR / "eligibility.yml").read_text(encoding="utf-8")
    )
    return data


def fact_entry(fact: str) -> str | None:
    """The FAQ entry that answers a question about ``fact`` alone (abroad, graduating, ...)."""
    entries: dict[str, str] = _rules().get("fact_entries") or {}
    return entries.get(fact)


def rule_question_entry(profile: ProfileFacts, institution: str | None = None) -> str | None:
    """The FAQ entry of the rule the message asks about ("hangi sınıflar başvurabilir",
    "3. sınıfım, ortalama kaç olmalı") when it does not give the student's own value of that
    fact and a check could not decide yet: the rule answers it, and the check would ask the
    student what they asked. "myo 1. sınıfım, ortalama şartı olmadan girebilir miyim"
    needs no average for a verdict, which then answers. A university with a rule of its own
    on that fact (KSÜ's class) has its own entry."""
    asked = profile.asked_rule
    if asked is None or getattr(profile, asked) is not None:
        return None
    if not needed_facts(said_facts(profile)):
        return None
    own: dict[str, dict[str, str]] = _rules().get("institution_rule_entries") or {}
    entries: dict[str, str] = _rules().get("rule_entries") or {}
    return own.get(institution or "", {}).get(asked) or entries.get(asked)


def implied_level(told: str | None, year_of_study: int | None) -> Level | None:
    """The level the student gave, or the one their class implies ("4. sınıftayım": ön
    lisans has two classes)."""
    if told in (Level.LISANS, Level.ON_LISANS):
        return Level(told)
    if year_of_study is not None and year_of_study > ON_LISANS_YEARS:
        return Level.LISANS
    return None


def asked_fact_entry(profile: ProfileFacts, asked_entry: str | None) -> str | None:
    """``asked_entry`` when it answers a fact the message states (graduating, abroad, double
    major) and the message lacks what a verdict needs: "4. sınıfım haziranda mezun olacağım,
    temmuzda staja başlasam olur mu" asks about graduating, and a check that first wants the
    average would not answer it. With every fact given, the verdict says the same as a caveat."""
    if asked_entry is None or asked_entry not in {fact_entry(fact) for fact in profile.entry_facts}:
        return None
    return asked_entry if needed_facts(said_facts(profile)) else None


def said_facts(profile: ProfileFacts) -> StudentFacts:
    """The verdict's facts one message gives, with the level its class implies."""
    return StudentFacts(
        level=implied_level(profile.level, profile.year_of_study),
        year_of_study=profile.year_of_study,
        gpa=profile.gpa,
        excluded_field=profile.excluded_field,
    )


def current_year(programme: str | None = None) -> int:
    return int(_rules()["current"][programme or national_programme()])


def rule_set(programme: str, year: int) -> dict[str, Any]:
    data: dict[str, Any] = _rules()["programmes"][programme]["years"][year]
    return data


def needed_facts(
    facts: StudentFacts, programme: str | None = None, year: int | None = None
) -> list[str]:
    """Facts still missing for a verdict, in the order to ask them (none once a known fact
    already rules the student out)."""
    programme = programme or national_programme()
    rules = rule_set(programme, year or current_year(programme))
    if facts.excluded_field in rules["excluded_fields"]:
        return []
    missing = []
    if facts.level is None:
        missing.append("level")
    if facts.year_of_study is None:
        missing.append("year_of_study")
    if facts.level is not None and facts.year_of_study is not None:
        level_rules = rules["levels"][facts.level.value]
        if facts.year_of_study not in level_rules["classes"]:
            return []
        exempt = facts.year_of_study in level_rules.get("gpa_exempt_classes", [])
        if "min_gpa" in level_rules and not exempt and facts.gpa is None:
            missing.append("gpa")
    elif (
        facts.level is not None
        and facts.gpa is None
        and "min_gpa" in rules["levels"][facts.level.value]
    ):
        missing.append("gpa")
    return missing


def evaluate(facts: StudentFacts, programme: str | None = None, year: int | None = None) -> Verdict:
    """The verdict for ``facts`` under the programme's rules of ``year`` (default: current)."""
    programme = programme or national_programme()
    year = year or current_year(programme)
    rules = rule_set(programme, year)
    label = f"{_rules()['programmes'][programme]['label']} {year}"
    missing = needed_facts(facts, programme, year)
    if missing:
        return Verdict(None, missing=missing, rule_label=label, source=rules["source"], year=year)
    if facts.excluded_field in rules["excluded_fields"]:
        field_name = rules["excluded_fields"][facts.excluded_field]
        return Verdict(
            False,
            [Reason("excluded_field", {"field": field_name})],
            rule_label=label,
            source=rules["source"],
            year=year,
        )
    assert facts.level is not None and facts.year_of_study is not None
    level_rules = rules["levels"][facts.level.value]
    reasons: list[Reason] = []
    caveats: list[str] = []
    if facts.year_of_study not in level_rules["classes"]:
        classes = [f"{c}." for c in level_rules["classes"]]
        allowed = ", ".join(classes[:-1]) + " ve " + classes[-1] if len(classes) > 1 else classes[0]
        reasons.append(
            Reason("class_not_allowed", {"level": level_rules["label"], "allowed": allowed})
        )
    exempt = facts.year_of_study in level_rules.get("gpa_exempt_classes", [])
    min_gpa = level_rules.get("min_gpa")
    if min_gpa is not None and not exempt and facts.gpa is not None and facts.gpa < min_gpa:
        reasons.append(
            Reason("gpa_too_low", {"min_gpa": decimal(min_gpa, 2), "gpa": decimal(facts.gpa, 2)})
        )
    # Graduating by the internship dates does not stop an application (seed 003): the
    # student may apply, on condition of still being enrolled on the dates.
    conditions = [rules["graduating"]] if facts.graduating and not facts.double_major else []
    caveat = level_rules.get("caveats", {}).get(facts.year_of_study)
    if caveat and not reasons and not conditions:
        caveats.append(caveat)
    if not reasons:
        if not conditions:
            caveats.append(rules["enrolment"])
        caveats.append(rules["locations"])
    return Verdict(
        eligible=not reasons,
        reasons=reasons,
        conditions=conditions if not reasons else [],
        caveats=caveats,
        rule_label=label,
        source=rules["source"],
        year=year,
    )
