from datetime import date

from staj.rules.checklist import checklist_for, checklists, next_open_step
from staj.rules.deadlines import deadline_rule, deadlines_for
from staj.rules.sources import Owner


def test_deadlines_counted_back_from_the_start() -> None:
    found = {d.rule.id: d for d in deadlines_for(date(2024, 7, 16), date(2024, 6, 1), "ktu")}
    assert found["bys-basvuru"].day == date(2024, 6, 26)  # 20 days before, KTÜ
    assert found["teklif"].day == date(2024, 7, 1)  # 15 days before, national
    assert found["sgk-bilgi"].day == date(2024, 7, 9)  # 7 days before, national
    assert "ksu-evrak" not in found  # another university's rule
    assert found["bys-basvuru"].days_left == 25 and not found["bys-basvuru"].passed


def test_passed_deadlines_are_flagged_and_every_university_shown_when_unknown() -> None:
    found = {d.rule.id: d for d in deadlines_for(date(2024, 7, 16), date(2024, 7, 12), None)}
    assert found["bys-basvuru"].passed and found["ksu-evrak"].passed
    assert found["ksu-evrak"].days_left == -3


def test_each_university_has_its_checklist_and_the_national_one_is_the_default() -> None:
    assert checklist_for(None).code == "national"
    assert checklist_for("ktu").index_of("ktu-bys-basvuru") is not None
    assert checklist_for("ksu").index_of("ksu-evrak-teslim") is not None
    for checklist in checklists().values():
        assert checklist.steps[0].id == "usp-edevlet"


def test_next_open_step_wraps_around() -> None:
    checklist = checklist_for(None)
    ids = [s.id for s in checklist.steps]
    assert next_open_step(checklist, set(), 0) == 0
    assert next_open_step(checklist, {ids[0], ids[1]}, 0) == 2
    assert next_open_step(checklist, set(ids[3:]), 3) == 0
    assert next_open_step(checklist, set(ids), 0) is None


def test_each_deadline_says_whose_duty_it_is() -> None:
    assert deadline_rule("bys-basvuru").owner is Owner.STUDENT
    assert deadline_rule("ksu-evrak").owner is Owner.STUDENT
    # Seed 004: sending offers and sharing dates with the university are the employer's.
    assert deadline_rule("teklif").owner is Owner.EMPLOYER
    assert deadline_rule("sgk-bilgi").owner is Owner.EMPLOYER
    assert deadline_rule("teklif").year == 2026
    # Seed 001: a last day to ask the employer, not a day by which documents must arrive.
    assert "işveren staj sorumlundan" in deadline_rule("ksu-evrak").what


def test_checklists_point_at_deadline_rules_and_keep_university_steps_to_their_own() -> None:
    national = checklist_for(None)
    assert national.index_of("usp-staja-kabul-belgesi") is None  # KSÜ's rule (seed 001)
    assert checklist_for("ksu").index_of("usp-staja-kabul-belgesi") is not None
    offers = national.steps[national.index_of("usp-teklif-takip") or 0]
    assert offers.deadline_rule == "teklif"
    assert (
        checklist_for("bseu")
        .steps[checklist_for("bseu").index_of("bseu-matbu-evrak") or 0]
        .deadline_rule
        is None
    )  # "as soon as you are accepted": no invented day count
