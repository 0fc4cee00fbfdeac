"""Checks that every rule in data/rules/ says where it comes from, whose duty it is and, when
its source is dated, which programme year it belongs to (`stajbot rules validate`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from staj.rules.sources import Owner, Quote, comparable, quotes_of

# Files the career office sets itself: no source document states them.
CONFIGURATION_FILES = ("days_off.yml", "office_hours.yml")
OWNERS = tuple(o.value for o in Owner)


@dataclass(frozen=True)
class RuleError:
    file: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"data/{self.file}: {self.where}: {self.message}"


@dataclass(frozen=True)
class _Rule:
    file: str
    where: str
    body: dict[str, Any]
    year: Any = None  # the year the rule is keyed by, when it is


def _rules(rules_dir: Path) -> Iterator[_Rule]:
    def load(name: str) -> dict[str, Any]:
        data: dict[str, Any] = yaml.safe_load((rules_dir / name).read_text(encoding="utf-8"))
        return data

    for item in load("deadlines.yml")["deadlines"]:
        yield _Rule("rules/deadlines.yml", str(item.get("id")), item)
    for programme, body in load("eligibility.yml")["programmes"].items():
        for year, rules in body["years"].items():
            yield _Rule("rules/eligibility.yml", f"{programme} {year}", rules, year)
    for institution, years in load("periods.yml")["periods"].items():
        for year, table in years.items():
            yield _Rule("rules/periods.yml", f"{institution} {year}", table, year)
    for step_id, step in load("checklists.yml")["steps"].items():
        yield _Rule("rules/checklists.yml", step_id, step)
    for status in load("statuses.yml")["statuses"]:
        yield _Rule("rules/statuses.yml", str(status.get("code")), status)
    institutions = load("../institutions.yml")
    yield _Rule("institutions.yml", "national_contact", institutions["national_contact"])
    for code, institution in institutions["institutions"].items():
        yield _Rule("institutions.yml", f"{code} contact", institution.get("contact") or {})


def _seed_texts(seeds_dir: Path | None) -> dict[str, str]:
    if seeds_dir is None or not seeds_dir.is_dir():
        return {}
    return {
        p.name: comparable(p.read_text(encoding="utf-8", errors="replace"))
        for p in seeds_dir.glob("*.txt")
    }


def _quote_problems(
    quotes: tuple[Quote, ...], source_years: dict[str, int | None], seeds: dict[str, str]
) -> tuple[list[str], set[int], bool]:
    """Problems of a rule's quotes, the programme years of its sources, and whether any
    source is undated."""
    problems: list[str] = []
    years: set[int] = set()
    undated = False
    for quote in quotes:
        if quote.seed not in source_years:
            problems.append(f"bilinmeyen kaynak '{quote.seed}' (data/sources.yml'de yok)")
            continue
        if not quote.quote.strip():
            problems.append(f"'{quote.seed}' için alıntı (quote) eksik")
        elif seeds and quote.seed in seeds and comparable(quote.quote) not in seeds[quote.seed]:
            problems.append(f"alıntı '{quote.quote[:60]}…' {quote.seed} içinde geçmiyor")
        year = source_years[quote.seed]
        if year is None:
            undated = True
        else:
            years.add(year)
    return problems, years, undated


def _rule_problems(
    rule: _Rule, source_years: dict[str, int | None], seeds: dict[str, str], deadline_ids: set[str]
) -> list[str]:
    problems: list[str] = []
    owner = rule.body.get("owner")
    if owner not in OWNERS:
        problems.append(
            f"'owner' eksik ya da geçersiz ({owner!r}); şunlardan biri olmalı: {', '.join(OWNERS)}"
        )
    raw_source = rule.body.get("source")
    try:
        quotes = quotes_of(raw_source) if raw_source else ()
    except (KeyError, TypeError, AttributeError):
        quotes = ()
    if not quotes:
        problems.append(
            "'source' eksik: kaynak belge (seed) ve ondan kısa bir alıntı (quote) gerekli"
        )
    quote_problems, years, undated = _quote_problems(quotes, source_years, seeds)
    problems += quote_problems
    year = rule.year if rule.year is not None else rule.body.get("year")
    if year is not None and years and int(year) not in years:
        problems.append(
            f"yıl {year}, dayandığı kaynakların yılı değil ({', '.join(map(str, sorted(years)))})"
        )
    if year is None and len(years) == 1 and not undated:
        problems.append(
            f"kaynağı {years.pop()} yılına ait; kuralın 'year' alanı da bu yılı söylemeli"
        )
    deadline = rule.body.get("deadline")
    if deadline is not None and deadline not in deadline_ids:
        problems.append(f"'deadline: {deadline}' deadlines.yml'de yok")
    return problems


def check_rules(
    rules_dir: Path, source_years: dict[str, int | None], seeds_dir: Path | None = None
) -> list[RuleError]:
    """Every problem found. ``source_years``: the known seeds and the programme year each
    belongs to (None: undated). With ``seeds_dir``, each quote must occur in its seed."""
    seeds = _seed_texts(seeds_dir)
    deadlines = yaml.safe_load((rules_dir / "deadlines.yml").read_text(encoding="utf-8"))
    deadline_ids = {str(item.get("id")) for item in deadlines["deadlines"]}
    errors = [
        RuleError(rule.file, rule.where, problem)
        for rule in _rules(rules_dir)
        for problem in _rule_problems(rule, source_years, seeds, deadline_ids)
    ]
    for name in CONFIGURATION_FILES:
        data = yaml.safe_load((rules_dir / name).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("kind") != "configuration":
            errors.append(
                RuleError(
                    f"rules/{name}",
                    "kind",
                    "yapılandırma dosyası 'kind: configuration' ile işaretlenmeli",
                )
            )
    return errors
