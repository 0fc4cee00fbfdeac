"""Which answer a student gets, and what must be said alongside it (whose rule, which year)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from staj.faq.model import NATIONAL, Answer, FaqEntry


class Scope(Enum):
    PROGRAMME = "programme"  # a national rule: applies to everyone
    OWN_INSTITUTION = "own"  # the student's own university's rule
    OTHER_INSTITUTION = "other"  # only another university's rule is known
    UNKNOWN_INSTITUTION = "unknown"  # a university's rule, and the student has not said theirs


@dataclass(frozen=True)
class ChosenAnswer:
    answer: Answer
    scope: Scope
    year_passed: bool


def choose_answer(entry: FaqEntry, institution: str | None, today: date) -> ChosenAnswer:
    """Pick the variant of ``entry`` for a student of ``institution`` (None: not said)."""
    answer = entry.answer_for(institution)
    if answer is not None:
        scope = Scope.PROGRAMME if answer.institution == NATIONAL else Scope.OWN_INSTITUTION
    else:
        answer = entry.answers[0]
        scope = Scope.UNKNOWN_INSTITUTION if institution is None else Scope.OTHER_INSTITUTION
    year_passed = answer.year is not None and answer.year < today.year
    return ChosenAnswer(answer, scope, year_passed)
