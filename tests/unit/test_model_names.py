"""A model is named by the inputs it was trained from (staj.model.training.fingerprint): the
retraining gate's scratch copy of nlu/ gets the name nlu/ would get for the same content,
so a model trained while the knowledge base was edited again is not taken for current."""

from __future__ import annotations

import shutil
from pathlib import Path

from staj.faq.loader import load_knowledge_base
from staj.faq.rasa_export import write_rasa_files
from staj.model.training import fingerprint
from staj.paths import FAQ_DIR, NLU_DIR


def scratch_copy(where: Path) -> Path:
    project = where / "nlu"
    shutil.copytree(NLU_DIR, project, ignore=shutil.ignore_patterns("models", ".rasa"))
    return project


def test_a_copy_of_the_project_with_the_same_data_has_the_same_name(tmp_path: Path) -> None:
    write_rasa_files(load_knowledge_base(FAQ_DIR))
    write_rasa_files(load_knowledge_base(FAQ_DIR), scratch_copy(tmp_path))
    assert fingerprint(tmp_path / "nlu") == fingerprint()


def test_other_training_data_gives_another_name(tmp_path: Path) -> None:
    write_rasa_files(load_knowledge_base(FAQ_DIR))
    project = scratch_copy(tmp_path)
    faq = tmp_path / "faq"
    shutil.copytree(FAQ_DIR, faq)
    path = faq / "usp-sigorta-ucret.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "5510 sigorta stajyerlere yapılıyor mu", "5510 sigortası stajyere yapılıyor mu"
        ),
        encoding="utf-8",
    )
    write_rasa_files(load_knowledge_base(faq), project)
    assert fingerprint(project) != fingerprint()
