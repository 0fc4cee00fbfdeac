"""Long-lived resources of the action server, created on first use (never at import)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from staj.config import load_settings
from staj.faq.live import LiveKnowledgeBase
from staj.paths import REPO_ROOT
from staj.store import Database, open_database


@dataclass(frozen=True)
class AnsweringPolicy:
    faq_answer_min_confidence: float
    suggestion_min_confidence: float
    max_suggestions: int
    out_of_scope_min_confidence: float


@cache
def knowledge_base() -> LiveKnowledgeBase:
    return LiveKnowledgeBase()


@cache
def answering_policy() -> AnsweringPolicy:
    raw = yaml.safe_load((REPO_ROOT / "data" / "answering.yml").read_text(encoding="utf-8"))
    return AnsweringPolicy(**raw)


@cache
def out_of_scope_topics() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (REPO_ROOT / "data" / "out_of_scope.yml").read_text(encoding="utf-8")
    )
    return data


_database: Database | None = None


def database() -> Database:
    global _database
    if _database is None:
        _database = open_database(load_settings().database_url)
    return _database
