"""Held-out accuracy of a trained model: what the benchmark reports and what the retraining
gate compares. The held-out questions (benchmarks/heldout.yml) never enter training, not even
as a near copy."""

from __future__ import annotations

import hashlib
import json
import logging
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from staj.faq.decision import (
    Outcome,
    decide,
    decide_faq,
    instead_of_form,
    likeliest_about_conditions,
    rule_question_answer,
)
from staj.faq.lexical import hand_written_examples, normalise
from staj.faq.model import KnowledgeBase
from staj.faq.voters import Voters
from staj.institutions import find_institution
from staj.model.training import TrainingFailed, rasa_env
from staj.paths import RASA_VENV, REPO_ROOT
from staj.rules.eligibility import asked_fact_entry, rule_question_entry
from staj.text.facts import parse_profile
from staj.text.requests import Computation, computation_in

log = logging.getLogger(__name__)

HELDOUT = REPO_ROOT / "benchmarks" / "heldout.yml"
# Questions of the same kind, kept apart from both training and the held-out set: the
# benchmark chooses the answer decision's thresholds on them (benchmarks/nlu_benchmark.py).
CALIBRATION = REPO_ROOT / "benchmarks" / "calibration.yml"
PARSER = REPO_ROOT / "benchmarks" / "rasa_parse.py"
# Character n-gram cosine at or above which a held-out question is only a trivial edit of a
# training phrasing ("iş gölgeleme ne demek" / "iş gölgeleme programı ne demek" is 0,85).
NEAR_DUPLICATE = 0.85
# Intents after which the dialogue computes from the message's own facts (see
# actions/computations.py and actions/routing.py).
COMPUTING_INTENTS = {
    "faq", "nlu_fallback", "inform", "check_eligibility", "ask_end_date", "ask_deadlines",
}  # fmt: skip
FORM_COMPUTATIONS = (Computation.END_DATE, Computation.DEADLINES, Computation.ELIGIBILITY)
COMPUTATION_OF_INTENT = {
    "check_eligibility": Computation.ELIGIBILITY,
    "ask_end_date": Computation.END_DATE,
    "ask_deadlines": Computation.DEADLINES,
}


@dataclass(frozen=True)
class HeldOut:
    in_scope: list[tuple[str, str]]  # question → FAQ entry id
    out_of_scope: list[str]
    computed: list[tuple[str, str]]  # question → computation (end_date, deadlines, ...)

    @property
    def questions(self) -> list[str]:
        return [q for q, _ in self.in_scope] + self.out_of_scope + [q for q, _ in self.computed]


def load_heldout(path: Path = HELDOUT) -> HeldOut:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return HeldOut(
        [(i["q"], i["id"]) for i in data["in_scope"]],
        list(data["out_of_scope"]),
        [(i["q"], i["kind"]) for i in data.get("computed") or []],
    )


def training_phrasings(kb: KnowledgeBase) -> list[tuple[str, str]]:
    """(text, label) of every training example: FAQ phrasings and hand-written intents."""
    return [(q, e.id) for e in kb for q in e.questions] + hand_written_examples()


def leaked_heldout(kb: KnowledgeBase, path: Path = HELDOUT) -> list[str]:
    """Held-out questions that appear among the FAQ phrasings (they must not)."""
    seen = {normalise(q) for entry in kb for q in entry.questions}
    return [q for q in load_heldout(path).questions if normalise(q) in seen]


def near_duplicates(
    kb: KnowledgeBase, threshold: float = NEAR_DUPLICATE, path: Path = HELDOUT
) -> list[tuple[str, str, float]]:
    """(held-out question, training phrasing, similarity) for every held-out question that
    is a near copy of a training example."""
    examples = [text for text, _ in training_phrasings(kb)]
    return near_copies(load_heldout(path).questions, examples, threshold)


def near_copies(
    questions: list[str], examples: list[str], threshold: float = NEAR_DUPLICATE
) -> list[tuple[str, str, float]]:
    """(question, example, similarity) for every question that is a near copy of an example,
    by character n-gram cosine."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import linear_kernel

    vectorizer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), preprocessor=normalise, sublinear_tf=True
    )
    matrix = vectorizer.fit_transform(examples)
    found = []
    for question, row in zip(
        questions, linear_kernel(vectorizer.transform(questions), matrix), strict=True
    ):
        best = int(row.argmax())
        if row[best] >= threshold:
            found.append((question, examples[best], float(row[best])))
    return found


def _parse_key(model: Path, questions: list[str]) -> str:
    """Names one model file (path, size, modification time) and one list of questions."""
    stat = model.stat()
    text = json.dumps([str(model.resolve()), stat.st_size, stat.st_mtime_ns, questions])
    return hashlib.sha256(text.encode()).hexdigest()


def parse_all(model: Path, questions: list[str], workdir: Path) -> list[dict[str, Any]]:
    """Parse with ``model`` in the Rasa environment (a separate process). The parses are kept
    in ``workdir`` beside the key of the model and questions: the gate's next run compares
    with the same serving model, and reads them instead of loading it again."""
    workdir.mkdir(parents=True, exist_ok=True)
    key, kept = _parse_key(model, questions), workdir / "parses.json"
    try:
        cached = json.loads(kept.read_text(encoding="utf-8"))
        if cached.get("key") == key:
            return list(cached["parses"])
    except (OSError, ValueError, AttributeError, KeyError):
        pass
    qfile = workdir / "questions.json"
    qfile.write_text(json.dumps(questions, ensure_ascii=False), encoding="utf-8")
    out = subprocess.run(
        [str(RASA_VENV / "bin" / "python"), str(PARSER), str(model), str(qfile)],
        env=rasa_env(), check=False, capture_output=True, text=True, timeout=1800,
    )  # fmt: skip
    if out.returncode != 0:
        log.error("Parsing with %s failed:\n%s", model.name, out.stderr[-2000:])
        raise TrainingFailed(f"{model.name} ile ölçüm yapılamadı")
    parses = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    kept.write_text(json.dumps({"key": key, "parses": parses}, ensure_ascii=False), "utf-8")
    return parses


def answered_entry(parse: dict[str, Any], voters: Voters) -> str | None:
    """The entry our answering policy would answer with (None: it would not answer)."""
    decision = decide(parse, votes=voters.votes(str(parse.get("text") or "")))
    return decision.entry_id if decision.outcome is Outcome.ANSWER else None


def rule_answered(
    parse: dict[str, Any], kb: KnowledgeBase, voters: Voters, today: date
) -> str | None:
    """The entry the dialogue answers a question about what the eligibility rule asks with
    (rule_question_answer), as actions/faq.py (for a FAQ answer it is sure of) and the
    eligibility check's first turn decide it for a new student; None for any other message."""
    text = str(parse.get("text") or "")
    intent = (parse.get("intent") or {}).get("name")
    votes = voters.votes(text)
    found = computation_in(text, today)
    if intent == "check_eligibility":
        if instead_of_form(parse, votes=votes, has_facts=found is not None) is not None:
            return None
        decision = decide_faq({**parse, "intent": {"name": "faq"}}, votes=votes)
    elif intent in ("faq", "nlu_fallback", "out_of_scope"):
        decision = decide(parse, votes=votes)
        dated = found in (Computation.END_DATE, Computation.DEADLINES)
        if decision.outcome is not Outcome.ANSWER or dated:
            return None
    else:
        return None
    return rule_question_answer(text, decision, kb, find_institution(text))


def computed_as(
    parse: dict[str, Any], kb: KnowledgeBase, voters: Voters, today: date
) -> str | None:
    """The computation the dialogue would run for this turn (None: it would not compute),
    as actions/faq.py, actions/routing.py and the forms decide it."""
    intent = str((parse.get("intent") or {}).get("name") or "")
    if intent not in COMPUTING_INTENTS:
        return None
    found = computation_in(str(parse.get("text") or ""), today)
    if intent in COMPUTATION_OF_INTENT:  # the form starts and reads the message's facts...
        votes = voters.votes(str(parse.get("text") or ""))
        if instead_of_form(parse, votes=votes, has_facts=found is not None) is not None:
            return None  # ...unless the message is off topic or surely another question
        return COMPUTATION_OF_INTENT[intent].value
    if intent == "inform":
        return found.value if found in FORM_COMPUTATIONS else None
    if found in (Computation.END_DATE, Computation.DEADLINES):
        return found.value
    if found is Computation.ELIGIBILITY:  # only when the likeliest entry is about conditions
        text = str(parse.get("text") or "")
        decision = decide(parse, votes=voters.votes(text))
        profile = parse_profile(text)
        asked_fact = asked_fact_entry(profile, decision.entry_id)
        asks_rule = rule_question_entry(profile) is not None
        if likeliest_about_conditions(decision, kb) and asked_fact is None and not asks_rule:
            return found.value
    return None


def heldout_accuracy(model: Path, kb: KnowledgeBase, workdir: Path) -> float:
    """Top-1 accuracy on the in-scope held-out questions, as the assistant would answer."""
    in_scope = load_heldout().in_scope
    parses = parse_all(model, [q for q, _ in in_scope], workdir)
    voters = Voters(kb, hand_written_examples())
    right = sum(
        answered_entry(p, voters) == expected
        for p, (_, expected) in zip(parses, in_scope, strict=True)
    )
    return right / len(in_scope)
