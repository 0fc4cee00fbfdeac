from datetime import date

from staj.rules.checklist import checklist_for, checklists, next_open_step
from staj.rules.deadlines import deadlines_for


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
