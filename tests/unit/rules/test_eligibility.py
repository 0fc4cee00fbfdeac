"""Eligibility rules (data/rules/eligibility.yml) as a plain function."""

import pytest

from staj.rules.eligibility import (
    Level,
    StudentFacts,
    asked_fact_entry,
    evaluate,
    implied_level,
    needed_facts,
    rule_question_entry,
)
from staj.text.facts import parse_profile


def test_lisans_third_year_with_a_good_average_may_apply() -> None:
    verdict = evaluate(StudentFacts(Level.LISANS, 3, 2.45))
    assert verdict.eligible is True and verdict.reasons == []
    assert verdict.rule_label == "Ulusal Staj Programı 2024" and verdict.year == 2024
    assert verdict.source["seed"].startswith("003_")


@pytest.mark.parametrize(
    ("facts", "code"),
    [
        (StudentFacts(Level.LISANS, 1, 3.0), "class_not_allowed"),
        (StudentFacts(Level.ON_LISANS, 3, 3.0), "class_not_allowed"),
        (StudentFacts(Level.LISANS, 0, 3.0), "class_not_allowed"),
        (StudentFacts(Level.LISANS, 3, 1.99), "gpa_too_low"),
        (StudentFacts(Level.LISANS, 3, 3.0, excluded_field="tip"), "excluded_field"),
        (StudentFacts(excluded_field="ogretmenlik"), "excluded_field"),
    ],
)
def test_reasons_for_no(facts: StudentFacts, code: str) -> None:
    verdict = evaluate(facts)
    assert verdict.eligible is False and code in [r.code for r in verdict.reasons]


def test_a_graduating_student_may_apply_on_condition_of_being_enrolled_on_the_dates() -> None:
    verdict = evaluate(StudentFacts(Level.LISANS, 4, 3.0, graduating=True))
    assert verdict.eligible is True and verdict.reasons == []
    assert len(verdict.conditions) == 1 and "aktif öğrenci" in verdict.conditions[0]
    assert "iptal edilir" in verdict.conditions[0] and "gölgeleme" in verdict.conditions[0]


def test_reasons_speak_turkish_numbers() -> None:
    low = evaluate(StudentFacts(Level.LISANS, 3, 1.5))
    assert low.reasons[0].values == {"min_gpa": "2,00", "gpa": "1,50"}
    wrong_class = evaluate(StudentFacts(Level.LISANS, 1, 3.0))
    assert wrong_class.reasons[0].values["allowed"] == "2., 3. ve 4."


def test_double_major_keeps_a_graduate_eligible() -> None:
    assert (
        evaluate(StudentFacts(Level.LISANS, 4, 3.0, graduating=True, double_major=True)).eligible
        is True
    )


def test_caveats_name_what_must_hold_on_the_internship_dates() -> None:
    second_year = evaluate(StudentFacts(Level.LISANS, 2, 2.5))
    assert any("3. sınıfa geçmiş" in c for c in second_year.caveats)
    first_year_associate = evaluate(StudentFacts(Level.ON_LISANS, 1))
    assert first_year_associate.eligible is True
    assert any("2'nin üzerinde" in c for c in first_year_associate.caveats)
    fourth_year = evaluate(StudentFacts(Level.LISANS, 4, 2.5))
    assert any("iş gölgeleme" in c for c in fourth_year.caveats)


def test_only_missing_facts_are_asked_for() -> None:
    assert needed_facts(StudentFacts()) == ["level", "year_of_study"]
    assert needed_facts(StudentFacts(Level.LISANS, 3)) == ["gpa"]
    assert needed_facts(StudentFacts(Level.ON_LISANS, 1)) == []  # no average needed
    assert needed_facts(StudentFacts(Level.LISANS, 1)) == []  # already a no
    assert evaluate(StudentFacts(Level.LISANS)).missing == ["year_of_study", "gpa"]


def test_a_stated_facts_entry_answers_while_the_verdict_still_lacks_facts() -> None:
    graduating = "usp-mezun-olacagim"
    lacking = parse_profile("son sınıfım şubatta mezun olucam yazın staj yapabilir miyim")
    assert asked_fact_entry(lacking, graduating) == graduating
    assert asked_fact_entry(lacking, "usp-kimler-basvurabilir") is None  # not that fact's
    complete = parse_profile("4. sınıf, ortalamam 2,5, şubatta mezun olacağım")
    assert asked_fact_entry(complete, graduating) is None  # the verdict has every fact
    unstated = parse_profile("4. sınıfım başvurabilir miyim")
    assert asked_fact_entry(unstated, graduating) is None


def test_a_class_above_the_associate_degrees_implies_lisans() -> None:
    assert implied_level(None, 3) is Level.LISANS
    assert implied_level(None, 2) is None  # both levels have a 2nd class
    assert implied_level("on_lisans", 3) is Level.ON_LISANS  # told: theirs, even if wrong


def test_a_question_about_the_rule_is_answered_by_the_rules_entry() -> None:
    assert rule_question_entry(parse_profile("ön lisansta kaçıncı sınıflar başvurabilir")) == (
        "usp-sinif-sarti"
    )
    assert rule_question_entry(parse_profile("3. sınıfım ortalama kaç olmalı")) == (
        "usp-ortalama-sarti"
    )
    # The student gives the very fact: the check decides with it.
    assert rule_question_entry(parse_profile("ortalamam 1,9, ortalama şartı var mı")) is None
    assert rule_question_entry(parse_profile("3. sınıfım başvurabilir miyim")) is None
    # A verdict needs no average in ön lisans 1: it answers, with the rule behind it.
    assert rule_question_entry(parse_profile("ön lisans 1. sınıfım ortalama şartı var mı")) is None
    # KSÜ's own class rule (004); its average is the national one.
    class_rule = parse_profile("kaçıncı sınıfta staja çıkabilirim")
    assert rule_question_entry(class_rule, "ksu") == "ksu-staj-kosullari"
    assert rule_question_entry(parse_profile("ortalama kaç olmalı"), "ksu") == "usp-ortalama-sarti"
