"""Topics outside internships (data/out_of_scope.yml) and spotting them in a message."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from staj.paths import REPO_ROOT
from staj.text.words import word_starts


@dataclass(frozen=True)
class OutOfScopeTopic:
    name: str
    keywords: tuple[str, ...]
    ask: str
    unless: tuple[str, ...] = ()
    always: bool = False


@cache
def _raw() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (REPO_ROOT / "data" / "out_of_scope.yml").read_text(encoding="utf-8")
    )
    return data


@cache
def _catalogue() -> tuple[dict[str, OutOfScopeTopic], str]:
    raw = _raw()
    topics = {
        name: OutOfScopeTopic(
            name=name,
            keywords=tuple(item["keywords"]),
            ask=item["ask"],
            unless=tuple(item.get("unless", ())),
            always=bool(item.get("always", False)),
        )
        for name, item in raw["topics"].items()
    }
    return topics, str(raw["default_ask"])


def default_ask() -> str:
    return _catalogue()[1]


def mentions_internship(message: str) -> bool:
    """``message`` says "staj" or names the programme, its portal, İŞKUR or the employer."""
    return _speaks_of_internships(word_starts(message))


def _speaks_of_internships(words: str) -> bool:
    """``words`` (word_starts) say "staj" or another word of the internship's world."""
    return any(f" {word}" in words for word in ("staj", *_raw()["internship_words"]))


def out_of_scope_topic(message: str) -> OutOfScopeTopic | None:
    """The non-internship topic ``message`` is about (Erasmus, dormitories, ...), if any."""
    words = word_starts(message)
    internship = _speaks_of_internships(words)
    for topic in _catalogue()[0].values():
        if any(f" {phrase}" in words for phrase in topic.unless):
            continue
        named = any(f" {keyword}" in words for keyword in topic.keywords)
        if named and (topic.always or not internship):
            return topic
    return None
