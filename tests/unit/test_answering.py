"""Which answer variant a student gets, and the notes that go with it."""

from datetime import date

from staj.faq.answering import Scope, choose_answer
from staj.faq.model import Answer, FaqEntry, Source

SOURCE = Source("003_e5248fd725775385.txt", "x")


def _entry(*answers: Answer) -> FaqEntry:
    return FaqEntry("e", "t", "Başlık", tuple(f"q{i}" for i in range(8)), answers)


NATIONAL = Answer("ulusal", "national", "ulusal_staj_programi", SOURCE, year=2024)
BSEU = Answer("bşeü", "bseu", "universite_sureci", SOURCE)
KSU = Answer("ksü", "ksu", "staj_seferbirligi", SOURCE)


def test_own_university_rule_wins_over_the_national_one() -> None:
    chosen = choose_answer(_entry(NATIONAL, BSEU), "bseu", date(2026, 1, 1))
    assert chosen.answer is BSEU and chosen.scope is Scope.OWN_INSTITUTION


def test_national_rule_when_the_university_has_none() -> None:
    chosen = choose_answer(_entry(NATIONAL, BSEU), "ktu", date(2024, 5, 1))
    assert chosen.answer is NATIONAL and chosen.scope is Scope.PROGRAMME
    assert not chosen.year_passed


def test_past_programme_year_is_flagged() -> None:
    assert choose_answer(_entry(NATIONAL), None, date(2026, 11, 23)).year_passed


def test_university_only_rule_says_whose_it_is() -> None:
    unknown = choose_answer(_entry(BSEU, KSU), None, date(2026, 1, 1))
    assert unknown.scope is Scope.UNKNOWN_INSTITUTION and unknown.answer is BSEU
    other = choose_answer(_entry(BSEU), "ktu", date(2026, 1, 1))
    assert other.scope is Scope.OTHER_INSTITUTION
