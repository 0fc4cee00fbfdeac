"""The held-out questions stay out of training, are varied enough to mean something, and
cover every FAQ entry."""

from __future__ import annotations

import re
from collections import Counter

from staj.faq.loader import load_knowledge_base
from staj.model.evaluation import (
    CALIBRATION,
    leaked_heldout,
    load_heldout,
    near_copies,
    near_duplicates,
)

KB = load_knowledge_base()


def test_no_heldout_question_is_a_training_phrasing_or_a_near_copy_of_one() -> None:
    assert leaked_heldout(KB) == []
    assert near_duplicates(KB) == []


def test_the_set_is_large_and_covers_every_entry() -> None:
    heldout = load_heldout()
    assert len(heldout.in_scope) >= 300 and len(heldout.out_of_scope) >= 60
    per_entry = Counter(entry_id for _, entry_id in heldout.in_scope)
    assert set(per_entry) <= set(KB.entries)
    assert min(per_entry[e] for e in KB.entries) >= 3
    assert {kind for _, kind in heldout.computed} == {"end_date", "deadlines", "eligibility"}


def test_a_third_is_written_without_turkish_letters() -> None:
    questions = load_heldout().questions
    plain = [q for q in questions if not re.search("[çğıöşüÇĞİÖŞÜ]", q)]
    assert len(plain) * 3 >= len(questions)


def test_the_calibration_questions_are_neither_training_phrasings_nor_held_out_ones() -> None:
    assert leaked_heldout(KB, CALIBRATION) == []
    assert near_duplicates(KB, path=CALIBRATION) == []
    assert near_copies(load_heldout(CALIBRATION).questions, load_heldout().questions) == []


def test_the_calibration_set_covers_every_entry_and_off_topic_requests() -> None:
    calibration = load_heldout(CALIBRATION)
    per_entry = Counter(entry_id for _, entry_id in calibration.in_scope)
    assert set(per_entry) == set(KB.entries)
    assert min(per_entry.values()) >= 2
    assert len(calibration.out_of_scope) >= 40
