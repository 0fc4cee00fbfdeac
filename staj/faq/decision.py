"""What to do with a student's message, given what the NLU understood.

The actions and the NLU benchmark both use this, so the benchmark measures exactly the
assistant's behaviour: answer a FAQ entry, offer likely questions, or say it is out of scope.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any

import yaml

from staj.faq.lexical import Nearest
from staj.out_of_scope import mentions_internship, out_of_scope_topic
from staj.paths import REPO_ROOT
from staj.text import fold_turkish


@dataclass(frozen=True)
class AnsweringPolicy:
    faq_answer_min_confidence: float
    suggestion_min_confidence: float
    max_suggestions: int
    out_of_scope_min_confidence: float
    agreed_answer_min_confidence: float = 1.0  # answer lower down when the lexical check agrees
    agreed_min_similarity: float = 1.0
    out_of_scope_min_confidence_staj: float = 1.0  # for a message that mentions internships
    fallback_answer_min_confidence: float = 1.0  # a hesitant intent, a sure response selector
    fallback_min_similarity: float = 1.0
    own_status_words: tuple[str, ...] = ()


@cache
def answering_policy() -> AnsweringPolicy:
    raw = yaml.safe_load((REPO_ROOT / "data" / "answering.yml").read_text(encoding="utf-8"))
    raw["own_status_words"] = tuple(raw.get("own_status_words") or ())
    return AnsweringPolicy(**raw)


# Questions of this topic that state the student's own class or average want a verdict.
ELIGIBILITY_TOPIC = "basvuru-kosullari"


class Outcome(Enum):
    ANSWER = "answer"  # answer entry_id
    SUGGEST = "suggest"  # unsure: offer the suggestions ("Bunu mu demek istediniz?")
    OUT_OF_SCOPE = "out_of_scope"  # not about internships
    OTHER = "other"  # a conversational intent (greeting, help, ...): its own rule answers


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    entry_id: str | None = None
    suggestions: tuple[str, ...] = ()


def speaks_of_own_status(text: str, policy: AnsweringPolicy | None = None) -> bool:
    """The message names something of an application (başvuru, teklif, durum, ...)."""
    words = " " + " ".join(re.sub(r"[^\w]+", " ", fold_turkish(text)).split())
    return any(f" {word}" in words for word in (policy or answering_policy()).own_status_words)


def faq_ranking(parse: dict[str, Any]) -> list[tuple[str, float]]:
    """(entry id, confidence) pairs from the ResponseSelector, best first."""
    selector = (parse.get("response_selector") or {}).get("faq") or {}
    pairs = [
        (
            str(item.get("intent_response_key", "")).removeprefix("faq/"),
            float(item.get("confidence", 0.0)),
        )
        for item in selector.get("ranking") or []
    ]
    return [(key, conf) for key, conf in pairs if key]


def leans_out_of_scope(parse: dict[str, Any], policy: AnsweringPolicy) -> bool:
    """The NLU gives out_of_scope real weight, or the words name a non-internship topic."""
    text = str(parse.get("text") or "")
    threshold = (
        policy.out_of_scope_min_confidence_staj
        if mentions_internship(text)
        else policy.out_of_scope_min_confidence
    )
    for item in parse.get("intent_ranking") or []:
        if item.get("name") == "out_of_scope" and float(item.get("confidence", 0)) >= threshold:
            return True
    return out_of_scope_topic(text) is not None


def suggestions(parse: dict[str, Any], policy: AnsweringPolicy) -> tuple[str, ...]:
    ranking = faq_ranking(parse)[: policy.max_suggestions]
    return tuple(key for key, conf in ranking if conf >= policy.suggestion_min_confidence)


# The lexical second opinion: text → nearest training phrasing (see staj/faq/lexical.py).
SecondOpinion = Callable[[str], Nearest]


def decide_faq(
    parse: dict[str, Any],
    policy: AnsweringPolicy | None = None,
    second_opinion: SecondOpinion | None = None,
) -> Decision:
    """For a message the NLU took as a FAQ question (or was unsure about)."""
    policy = policy or answering_policy()
    if leans_out_of_scope(parse, policy):
        return Decision(Outcome.OUT_OF_SCOPE)
    ranking = faq_ranking(parse)
    intent = (parse.get("intent") or {}).get("name")
    if intent == "faq" and ranking:
        entry_id, confidence = ranking[0]
        if confidence >= policy.faq_answer_min_confidence:
            return Decision(Outcome.ANSWER, entry_id)
        if confidence >= policy.agreed_answer_min_confidence and _agrees(
            parse, entry_id, policy.agreed_min_similarity, second_opinion
        ):
            return Decision(Outcome.ANSWER, entry_id)
    if intent == "nlu_fallback" and ranking:
        # The intent classifier hesitated between "a FAQ" and another intent, yet the
        # response selector is sure of one entry and the words agree: that is an answer.
        entry_id, confidence = ranking[0]
        if confidence >= policy.fallback_answer_min_confidence and _agrees(
            parse, entry_id, policy.fallback_min_similarity, second_opinion
        ):
            return Decision(Outcome.ANSWER, entry_id)
    return Decision(Outcome.SUGGEST, suggestions=suggestions(parse, policy))


def _agrees(
    parse: dict[str, Any],
    entry_id: str,
    min_similarity: float,
    second_opinion: SecondOpinion | None,
) -> bool:
    """The lexically nearest training phrasing is of ``entry_id`` and close enough."""
    if second_opinion is None:
        return False
    nearest = second_opinion(str(parse.get("text") or ""))
    return nearest.label == entry_id and nearest.similarity >= min_similarity


def decide(
    parse: dict[str, Any],
    policy: AnsweringPolicy | None = None,
    second_opinion: SecondOpinion | None = None,
) -> Decision:
    """The whole turn, as the dialogue rules route it (faq, nlu_fallback, out_of_scope, other)."""
    intent = (parse.get("intent") or {}).get("name")
    if intent == "out_of_scope":
        return Decision(Outcome.OUT_OF_SCOPE)
    if intent in ("faq", "nlu_fallback"):
        return decide_faq(parse, policy, second_opinion)
    return Decision(Outcome.OTHER)
