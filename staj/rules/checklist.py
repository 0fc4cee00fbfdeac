"""The application checklist (data/rules/checklists.yml): steps, order, and deadlines."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import yaml

from staj.institutions import NATIONAL_SCOPE
from staj.paths import RULES_DIR
from staj.rules.sources import Quote, quotes_of


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    what: str
    where: str
    documents: tuple[str, ...]
    sources: tuple[Quote, ...]
    deadline_rule: str | None = None  # a rule of deadlines.yml: the student's or the employer's

    @property
    def seeds(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(q.seed for q in self.sources))


@dataclass(frozen=True)
class Checklist:
    code: str
    name: str
    steps: tuple[Step, ...]

    def index_of(self, step_id: str) -> int | None:
        return next((i for i, s in enumerate(self.steps) if s.id == step_id), None)


@cache
def checklists() -> dict[str, Checklist]:
    raw = yaml.safe_load((RULES_DIR / "checklists.yml").read_text(encoding="utf-8"))
    catalogue = {
        step_id: Step(
            id=step_id,
            title=item["title"],
            what=item["what"],
            where=item["where"],
            documents=tuple(item.get("documents") or ()),
            sources=quotes_of(item["source"]),
            deadline_rule=item.get("deadline"),
        )
        for step_id, item in raw["steps"].items()
    }
    return {
        code: Checklist(code, item["name"], tuple(catalogue[s] for s in item["steps"]))
        for code, item in raw["checklists"].items()
    }


def checklist_for(institution: str | None) -> Checklist:
    lists = checklists()
    return lists.get(institution or NATIONAL_SCOPE, lists[NATIONAL_SCOPE])


def next_open_step(checklist: Checklist, done: set[str], from_index: int = 0) -> int | None:
    """Index of the first step not done, starting at ``from_index`` (then from the top)."""
    order = list(range(from_index, len(checklist.steps))) + list(range(0, from_index))
    return next((i for i in order if checklist.steps[i].id not in done), None)
