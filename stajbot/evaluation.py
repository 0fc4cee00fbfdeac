"""Held-out accuracy of a trained model: what the benchmark reports and what the retraining
gate compares. The held-out questions (benchmarks/heldout.yml) never enter training."""

from __future__ import annotations

import json
import logging
import subprocess
from pathlib import Path
from typing import Any

import yaml

from staj.faq.decision import Outcome, decide
from staj.faq.lexical import LexicalIndex, hand_written_examples
from staj.faq.model import KnowledgeBase
from staj.paths import RASA_VENV, REPO_ROOT
from staj.text import fold_turkish
from stajbot.training import TrainingFailed, rasa_env

log = logging.getLogger(__name__)

HELDOUT = REPO_ROOT / "benchmarks" / "heldout.yml"
PARSER = REPO_ROOT / "benchmarks" / "rasa_parse.py"


def norm(text: str) -> str:
    return " ".join(fold_turkish(text).split())


def load_heldout() -> tuple[list[tuple[str, str]], list[str]]:
    data = yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))
    return [(i["q"], i["id"]) for i in data["in_scope"]], list(data["out_of_scope"])


def leaked_heldout(kb: KnowledgeBase) -> list[str]:
    """Held-out questions that appear among the FAQ phrasings (they must not)."""
    in_scope, out_of_scope = load_heldout()
    seen = {norm(q) for entry in kb for q in entry.questions}
    return [q for q in [q for q, _ in in_scope] + out_of_scope if norm(q) in seen]


def parse_all(model: Path, questions: list[str], workdir: Path) -> list[dict[str, Any]]:
    """Parse with ``model`` in the Rasa environment (a separate process)."""
    workdir.mkdir(parents=True, exist_ok=True)
    qfile = workdir / "questions.json"
    qfile.write_text(json.dumps(questions, ensure_ascii=False), encoding="utf-8")
    out = subprocess.run(
        [str(RASA_VENV / "bin" / "python"), str(PARSER), str(model), str(qfile)],
        env=rasa_env(), check=False, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    if out.returncode != 0:
        log.error("Parsing with %s failed:\n%s", model.name, out.stderr[-2000:])
        raise TrainingFailed(f"{model.name} ile ölçüm yapılamadı")
    return [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]


def answered_entry(parse: dict[str, Any], index: LexicalIndex) -> str | None:
    """The entry our answering policy would answer with (None: it would not answer)."""
    decision = decide(parse, second_opinion=index.nearest)
    return decision.entry_id if decision.outcome is Outcome.ANSWER else None


def heldout_accuracy(model: Path, kb: KnowledgeBase, workdir: Path) -> float:
    """Top-1 accuracy on the in-scope held-out questions, as the assistant would answer."""
    in_scope, _ = load_heldout()
    parses = parse_all(model, [q for q, _ in in_scope], workdir)
    index = LexicalIndex(kb, hand_written_examples())
    right = sum(
        answered_entry(p, index) == expected
        for p, (_, expected) in zip(parses, in_scope, strict=True)
    )
    return right / len(in_scope)
