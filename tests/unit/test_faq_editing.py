"""Admin edits of data/faq/ (on a copy): layout kept, validation first, rollback exact."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from staj.faq import editing
from staj.faq.inbox_groups import group_questions
from staj.faq.loader import load_knowledge_base
from staj.paths import REPO_ROOT


@pytest.fixture
def faq(tmp_path: Path) -> Path:
    copy = tmp_path / "faq"
    shutil.copytree(REPO_ROOT / "data" / "faq", copy)
    return copy


def test_an_answer_edit_changes_only_that_text_and_rolls_back_exactly(faq: Path) -> None:
    path = faq / "usp-sigorta-ucret.yml"
    original = path.read_text(encoding="utf-8")
    long_text = "Evet, sigortan yapılır. " * 12
    edit = editing.set_answer_text("usp-sigorta", 0, long_text, faq)
    changed = path.read_text(encoding="utf-8")
    assert edit.kind == "answer" and not edit.needs_training
    assert changed.startswith("# Ulusal Staj Programı: sigorta")  # comments kept
    assert max(len(line) for line in changed.splitlines()) < 120  # folded like the others
    kb = load_knowledge_base(faq)
    assert kb.get("usp-sigorta").answers[0].text == long_text.strip()  # type: ignore[union-attr]
    editing.restore("usp-sigorta", edit.file, edit.before, faq)
    assert path.read_text(encoding="utf-8") == original


def test_invalid_edits_are_refused_and_nothing_is_written(faq: Path) -> None:
    before = {p.name: p.read_text(encoding="utf-8") for p in faq.glob("*.yml")}
    with pytest.raises(editing.EditError, match="usp-sigorta"):
        editing.add_questions("usp-ucret", ["stajda sigortam var mı"], faq)  # another entry's
    with pytest.raises(editing.EditError, match="boş"):
        editing.set_answer_text("usp-ucret", 0, "   ", faq)
    with pytest.raises(editing.EditError, match="kimlikli bir kayıt yok"):
        editing.set_year("yok-boyle-bir-kayit", 0, 2026, faq)
    with pytest.raises(editing.EditError, match="zaten kullanılıyor"):
        editing.add_entry(
            editing.ADMIN_FILE,
            "usp-ucret",
            "t",
            "T",
            ["q"],
            "a",
            "003_e5248fd725775385.txt",
            "p",
            directory=faq,
        )
    assert {p.name: p.read_text(encoding="utf-8") for p in faq.glob("*.yml")} == before


def test_new_entries_and_phrasings_need_training_and_validate(faq: Path) -> None:
    edit = editing.add_entry(
        editing.ADMIN_FILE, "yonetici-staj-defteri-sayfa", "yonetici", "Staj defteri kaç sayfa?",
        [f"staj defteri kaç sayfa olmalı {i}" for i in range(8)], "Bölümünün staj yönergesine bak.",
        "001_d76fd5652058f751.txt", "staj defteri",
        directory=faq,
    )  # fmt: skip
    assert edit.needs_training and edit.before is None
    year = editing.set_year("yonetici-staj-defteri-sayfa", 0, 2026, faq)
    assert "year: 2026" in (year.after or "")
    kb = load_knowledge_base(faq)
    assert kb.get("yonetici-staj-defteri-sayfa").answers[0].year == 2026  # type: ignore[union-attr]
    removed = editing.restore("yonetici-staj-defteri-sayfa", editing.ADMIN_FILE, None, faq)
    assert (
        removed.needs_training
        and load_knowledge_base(faq).get("yonetici-staj-defteri-sayfa") is None
    )


def test_similar_unanswered_questions_are_grouped() -> None:
    groups = group_questions(
        [
            (5, "stajyer kartimi nereden alirim", "fallback"),
            (4, "stajyer kartı nereden alınır", "fallback"),
            (3, "kyk yurdu ne zaman açılıyor", "fallback"),
            (2, "Stajyer kartı nereden alınır?", "downvote"),
        ]
    )
    assert groups[0].questions == (
        "stajyer kartimi nereden alirim",
        "stajyer kartı nereden alınır",
        "Stajyer kartı nereden alınır?",
    )
    assert [(g.question, g.count) for g in groups] == [
        ("stajyer kartimi nereden alirim", 3),
        ("kyk yurdu ne zaman açılıyor", 1),
    ]
    assert groups[0].item_ids == (5, 4, 2) and groups[0].sources == {"fallback", "downvote"}
