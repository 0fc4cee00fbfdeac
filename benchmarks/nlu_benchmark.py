"""NLU benchmark: our pipeline vs Rasa's default pipeline vs a TF-IDF baseline, in one run.

    .venv/bin/python benchmarks/nlu_benchmark.py [--cross-validation [--folds 5]] [--calibrate]
        [--max-wrong 0.01] [--cv-max-wrong 0.05] [--without-default] [--no-heldout]

All three learn from the same training data (data/faq/ plus nlu/data/) and are scored on the
same held-out questions (benchmarks/heldout.yml), which are kept out of training (exact and
near copies are refused). Printed per system: right answers on in-scope questions (the right
FAQ entry answered directly), confident wrong answers, out-of-scope questions recognised (not
answered as a FAQ), training time and model size; for ours also one-message computed questions,
per-topic accuracy and every miss. --cross-validation repeats the figures over k folds of the
training phrasings (each fold trains on the rest); --calibrate searches the answer decision's
weights and thresholds for the most right answers on the calibration questions
(benchmarks/calibration.yml, parsed by the held-out run's model) with at most --max-wrong of them
and --cv-max-wrong of the cross-validated phrasings confidently wrong (alone, on the parses the
last runs kept). --without-default leaves out Rasa's default pipeline, whose training takes
about 12 minutes each time.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from staj.faq.decision import (  # noqa: E402
    ELIGIBILITY_TOPIC,
    AnsweringPolicy,
    Outcome,
    answering_policy,
    asks_a_question,
    decide,
    entry_scores,
    leans_out_of_scope,
)
from staj.faq.lexical import hand_written_examples, normalise  # noqa: E402
from staj.faq.loader import load_knowledge_base  # noqa: E402
from staj.faq.model import KnowledgeBase  # noqa: E402
from staj.faq.rasa_export import nlu_training_data, write_rasa_files  # noqa: E402
from staj.faq.voters import Voters, Votes  # noqa: E402
from staj.model.evaluation import (  # noqa: E402
    CALIBRATION,
    computed_as,
    leaked_heldout,
    load_heldout,
    near_duplicates,
    parse_all,
    rule_answered,
    training_phrasings,
)
from staj.model.training import rasa_env  # noqa: E402
from staj.paths import NLU_DIR, RASA_VENV  # noqa: E402
from staj.text.requests import Computation, computation_in  # noqa: E402

# What `rasa init` (Rasa 3.6) writes: no pipeline, so Rasa's default pipeline is used.
RASA_INIT_CONFIG = """\
recipe: default.v1
assistant_id: benchmark-default
language: en
pipeline:
policies:
"""
RESULTS = REPO / "benchmarks" / "results"
NOT_ANSWERED = None


@dataclass
class Prediction:
    entry_id: str | None  # the FAQ entry the system would answer with; None: it did not answer


@dataclass
class Score:
    name: str
    right: float
    confident_wrong: float
    oos_recognised: float
    train_seconds: float
    model_mb: float
    computed_right: float | None = None


# ---- the three systems ----------------------------------------------------------------


def train_nlu(config_text: str, project: Path, workdir: Path) -> tuple[Path, float]:
    config = workdir / "config.yml"
    config.write_text(config_text, encoding="utf-8")
    started = time.monotonic()
    subprocess.run(
        [str(RASA_VENV / "bin" / "rasa"), "train", "nlu", "--config", str(config), "--nlu", "data",
         "--domain", "domain", "--out", str(workdir), "--fixed-model-name", "model"],
        cwd=project, env=rasa_env(), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return workdir / "model.tar.gz", time.monotonic() - started


def predictor(
    voters: Voters, policy: AnsweringPolicy | None = None, cache: dict[str, Votes] | None = None
) -> Callable[[dict[str, Any]], Prediction]:
    """Our decision on a parse; the votes per text are kept in ``cache`` when one is given
    (the calibration decides the same parses thousands of times)."""
    cache = {} if cache is None else cache

    def predict(parse: dict[str, Any]) -> Prediction:
        text = str(parse.get("text") or "")
        if text not in cache:
            cache[text] = voters.votes(text)
        decision = decide(parse, policy, votes=cache[text])
        return Prediction(decision.entry_id if decision.outcome is Outcome.ANSWER else None)

    return predict


def as_the_dialogue_answers(
    preds: list[Prediction],
    parses: list[dict[str, Any]],
    in_scope: list[tuple[str, str]],
    kb: KnowledgeBase,
    voters: Voters,
) -> list[Prediction]:
    """Our predictions for the in-scope and then the out-of-scope questions, as the dialogue
    answers them (as_the_dialogue_answers_one)."""
    return [
        as_the_dialogue_answers_one(
            pred, parse, in_scope[i][1] if i < len(in_scope) else None, kb, voters
        )
        for i, (pred, parse) in enumerate(zip(preds, parses, strict=True))
    ]


def as_the_dialogue_answers_one(
    pred: Prediction, parse: dict[str, Any], expected: str | None, kb: KnowledgeBase, voters: Voters
) -> Prediction:
    """``pred``, unless the dialogue computes from the message's own facts instead of
    answering (computed_as): an eligibility verdict answers a question about the conditions
    ("lisans 1 deyim başvurabilir miyim"); any other computation answers none of these."""
    rule = rule_answered(parse, kb, voters, date.today())
    if rule is not None:
        return Prediction(rule)
    done = computed_as(parse, kb, voters, date.today())
    if done is None:
        return pred
    fits = (
        expected is not None
        and done == Computation.ELIGIBILITY.value
        and kb.entries[expected].topic == ELIGIBILITY_TOPIC
    )
    return Prediction(expected if fits else f"computed:{done}")


def default_prediction(parse: dict[str, Any]) -> Prediction:
    """Rasa's default behaviour: a faq intent is answered with the selected response."""
    if (parse.get("intent") or {}).get("name") != "faq":
        return Prediction(NOT_ANSWERED)
    # Without `retrieval_intent` in its config, the ResponseSelector reports as "default".
    selectors = parse.get("response_selector") or {}
    selected = (selectors.get("faq") or selectors.get("default") or {}).get("response") or {}
    key = str(selected.get("intent_response_key") or "").removeprefix("faq/")
    return Prediction(key or None)


def tfidf_predictions(
    examples: list[tuple[str, str]],
    faq_ids: set[str],
    questions: list[str],
    threshold: float = 0.45,
) -> tuple[list[Prediction], float, float]:
    """Nearest training question by character n-gram TF-IDF cosine similarity."""
    import pickle

    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import linear_kernel

    started = time.monotonic()
    vectorizer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), preprocessor=normalise, sublinear_tf=True
    )
    matrix = vectorizer.fit_transform([text for text, _ in examples])
    train_seconds = time.monotonic() - started
    size_mb = len(pickle.dumps((vectorizer, matrix))) / 1e6
    predictions = []
    for row in linear_kernel(vectorizer.transform(questions), matrix):
        best = int(row.argmax())
        label = examples[best][1]
        predictions.append(
            Prediction(label if row[best] >= threshold and label in faq_ids else None)
        )
    return predictions, train_seconds, size_mb


# ---- scoring ----------------------------------------------------------------------------


def score(
    name: str,
    preds: list[Prediction],
    in_scope: list[tuple[str, str]],
    n_oos: int,
    train_seconds: float,
    model_mb: float,
) -> Score:
    inscope, oos = preds[: len(in_scope)], preds[len(in_scope) : len(in_scope) + n_oos]
    expected = [e for _, e in in_scope]
    right = sum(p.entry_id == e for p, e in zip(inscope, expected, strict=True))
    wrong = sum(p.entry_id not in (None, e) for p, e in zip(inscope, expected, strict=True))
    recognised = sum(p.entry_id is None for p in oos)
    return Score(
        name, right / len(in_scope), wrong / len(in_scope), recognised / max(n_oos, 1),
        train_seconds, model_mb,
    )  # fmt: skip


def per_topic(kb: KnowledgeBase, preds: list[Prediction], in_scope: list[tuple[str, str]]) -> dict[str, tuple[int, int]]:  # fmt: skip
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for prediction, (_, expected) in zip(preds, in_scope, strict=False):
        topic = kb.entries[expected].topic
        totals[topic][1] += 1
        totals[topic][0] += prediction.entry_id == expected
    return {topic: (r, n) for topic, (r, n) in sorted(totals.items())}


def print_table(title: str, scores: list[Score]) -> None:
    header = (f"{'system':<62} {'right':>7} {'conf.wrong':>10} {'OOS recog.':>10} "
              f"{'computed':>9} {'train s':>8} {'size MB':>8}")  # fmt: skip
    print(f"\n{title}\n{header}\n{'-' * len(header)}")
    for s in scores:
        computed = f"{s.computed_right:.1%}" if s.computed_right is not None else "-"
        print(f"{s.name:<62} {s.right:>7.1%} {s.confident_wrong:>10.1%} {s.oos_recognised:>10.1%} "
              f"{computed:>9} {s.train_seconds:>8.1f} {s.model_mb:>8.2f}")  # fmt: skip


SYSTEMS = (
    ("ours (Turkish tokenizer + DIET + ResponseSelector + lexical vote)", "ours"),
    ("Rasa default pipeline (rasa init)", "default"),
)


def heldout_run(kb: KnowledgeBase, tmp: Path, systems: tuple[tuple[str, str], ...] = SYSTEMS) -> None:  # fmt: skip
    heldout = load_heldout()
    questions = heldout.questions
    n_in, n_oos = len(heldout.in_scope), len(heldout.out_of_scope)
    scores: list[Score] = []
    misses: list[str] = []
    topics: dict[str, tuple[int, int]] = {}
    for name, key in systems:
        workdir = tmp / key
        workdir.mkdir(parents=True)
        config = (NLU_DIR / "config.yml").read_text() if key == "ours" else RASA_INIT_CONFIG
        print(f"Training {name}...", flush=True)
        model, seconds = train_nlu(config, NLU_DIR, workdir)
        parses = parse_all(model, questions, workdir)
        (RESULTS / f"parses-{key}.json").write_text(json.dumps(parses, ensure_ascii=False))
        voters = Voters(kb, hand_written_examples())
        predict = predictor(voters) if key == "ours" else default_prediction
        preds = [predict(p) for p in parses]
        if key == "ours":
            preds[: n_in + n_oos] = as_the_dialogue_answers(
                preds[: n_in + n_oos], parses[: n_in + n_oos], heldout.in_scope, kb, voters
            )
        result = score(name, preds, heldout.in_scope, n_oos, seconds, model.stat().st_size / 1e6)
        if key == "ours":
            calibration = load_heldout(CALIBRATION)
            kept = parse_all(model, calibration.questions, workdir / "calibration")
            expected = [e for _, e in calibration.in_scope] + [None] * len(calibration.out_of_scope)
            (RESULTS / "calibration-parses.json").write_text(json.dumps(
                {"items": [{"expected": e, "parse": p} for e, p in zip(expected, kept, strict=False)]},
                ensure_ascii=False,
            ))  # fmt: skip
            computed = parses[n_in + n_oos :]
            done = [computed_as(p, kb, voters, date.today()) for p in computed]
            result.computed_right = sum(
                d == kind for d, (_, kind) in zip(done, heldout.computed, strict=True)
            ) / max(len(computed), 1)
            topics = per_topic(kb, preds, heldout.in_scope)
            misses += [f"{q!r}: expected {e}, got {p.entry_id or 'no answer (suggestions)'}"
                       for p, (q, e) in zip(preds, heldout.in_scope, strict=False) if p.entry_id != e]  # fmt: skip
            misses += [f"{q!r}: out of scope, answered {p.entry_id}"
                       for p, q in zip(preds[n_in:], heldout.out_of_scope, strict=False) if p.entry_id]  # fmt: skip
            misses += [f"{q!r}: wanted {kind}, got {d or 'no computation'}"
                       for d, (q, kind) in zip(done, heldout.computed, strict=True) if d != kind]  # fmt: skip
        scores.append(result)
    preds, seconds, size = tfidf_predictions(training_phrasings(kb), set(kb.entries), questions)
    scores.append(score("TF-IDF char n-gram nearest question (scikit-learn)", preds,
                        heldout.in_scope, n_oos, seconds, size))  # fmt: skip
    print(f"\nHeld-out: {n_in} in-scope questions ({len({i for _, i in heldout.in_scope})} entries), "
          f"{n_oos} out-of-scope, {len(heldout.computed)} computed.")  # fmt: skip
    print_table("Held-out questions", scores)
    print("\nOurs per topic: " + ", ".join(f"{t} {r}/{n}" for t, (r, n) in topics.items()))
    print(f"\nOur misses ({len(misses)}):")
    for line in misses:
        print("  " + line)
    (RESULTS / "nlu.json").write_text(json.dumps(
        {"heldout": [dataclasses.asdict(s) for s in scores], "topics": topics, "misses": misses},
        ensure_ascii=False, indent=2,
    ))  # fmt: skip


# ---- cross-validation over the training phrasings ----------------------------------------


def folds_of(kb: KnowledgeBase, k: int, seed: int = 42) -> tuple[list[list[tuple[str, str]]], list[list[str]]]:  # fmt: skip
    """Per fold: the FAQ phrasings (text, entry) and out-of-scope examples it holds out."""
    rng = random.Random(seed)
    faq: list[list[tuple[str, str]]] = [[] for _ in range(k)]
    for entry in kb:
        questions = list(entry.questions)
        rng.shuffle(questions)
        for i, question in enumerate(questions):
            faq[i % k].append((question, entry.id))
    oos = [text for text, intent in hand_written_examples() if intent == "out_of_scope"]
    rng.shuffle(oos)
    return faq, [oos[i::k] for i in range(k)]


def fold_project(kb: KnowledgeBase, held_faq: list[tuple[str, str]], held_oos: list[str], where: Path) -> Path:  # fmt: skip
    """A copy of nlu/ whose training data leaves out one fold."""
    project = where / "project"
    shutil.copytree(NLU_DIR, project, ignore=shutil.ignore_patterns("models", "results", ".rasa"))
    held = {q for q, _ in held_faq}
    reduced = KnowledgeBase({
        e.id: dataclasses.replace(e, questions=tuple(q for q in e.questions if q not in held))
        for e in kb
    })  # fmt: skip
    (project / "data" / "generated" / "faq.yml").write_text(nlu_training_data(reduced), "utf-8")
    core = project / "data" / "core.yml"
    data = yaml.safe_load(core.read_text(encoding="utf-8"))
    dropped = set(held_oos)
    for block in data.get("nlu") or []:
        if block["intent"] == "out_of_scope":
            lines = [ln for ln in block["examples"].splitlines() if ln.strip()[2:] not in dropped]
            block["examples"] = "\n".join(lines) + "\n"
    core.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project


def without(kb: KnowledgeBase, held: set[str]) -> KnowledgeBase:
    """The knowledge base with the phrasings in ``held`` left out."""
    return KnowledgeBase({
        e.id: dataclasses.replace(e, questions=tuple(q for q in e.questions if q not in held))
        for e in kb
    })  # fmt: skip


def fold_voters(kb: KnowledgeBase, held_faq: list[tuple[str, str]], held_oos: list[str]) -> Voters:
    """Our voters as one fold trains them: without the phrasings that fold holds out."""
    dropped = set(held_oos)
    extra = [(t, label) for t, label in hand_written_examples() if t not in dropped]
    return Voters(without(kb, {q for q, _ in held_faq}), extra)


def cross_validation(kb: KnowledgeBase, k: int, tmp: Path, calibrate: bool, max_wrong: float, cv_max_wrong: float, systems: tuple[tuple[str, str], ...] = SYSTEMS) -> None:  # fmt: skip
    faq_folds, oos_folds = folds_of(kb, k)
    pooled: dict[str, list[Prediction]] = defaultdict(list)
    saved: list[dict[str, Any]] = []  # our parses, for --calibrate
    truth: list[tuple[str, str]] = []
    oos_truth: list[str] = []
    seconds: dict[str, float] = defaultdict(float)
    sizes: dict[str, float] = {}
    for fold in range(k):
        held_faq, held_oos = faq_folds[fold], oos_folds[fold]
        workdir = tmp / f"fold{fold}"
        workdir.mkdir(parents=True)
        project = fold_project(kb, held_faq, held_oos, workdir)
        questions = [q for q, _ in held_faq] + held_oos
        expected: list[str | None] = [e for _, e in held_faq] + [None] * len(held_oos)
        truth += held_faq
        oos_truth += held_oos
        for name, key in systems:
            run = workdir / key
            run.mkdir()
            config = (NLU_DIR / "config.yml").read_text() if key == "ours" else RASA_INIT_CONFIG
            print(f"Fold {fold + 1}/{k}: training {name}...", flush=True)
            model, spent = train_nlu(config, project, run)
            seconds[key] += spent / k
            sizes[key] = model.stat().st_size / 1e6
            parses = parse_all(model, questions, run)
            if key == "ours":
                saved += [{"fold": fold, "expected": e, "parse": p} for e, p in zip(expected, parses, strict=True)]  # fmt: skip
                voters = fold_voters(kb, held_faq, held_oos)
                fold_preds = as_the_dialogue_answers(
                    [predictor(voters)(p) for p in parses], parses, held_faq, kb, voters
                )
            else:
                fold_preds = [default_prediction(p) for p in parses]
            pooled[key] += fold_preds[: len(held_faq)]
            pooled[f"{key}-oos"] += fold_preds[len(held_faq) :]
        train = [(t, label) for t, label in training_phrasings(kb)
                 if t not in {q for q, _ in held_faq} and t not in set(held_oos)]  # fmt: skip
        preds, spent, size = tfidf_predictions(train, set(kb.entries), questions)
        seconds["tfidf"] += spent / k
        sizes["tfidf"] = size
        pooled["tfidf"] += preds[: len(held_faq)]
        pooled["tfidf-oos"] += preds[len(held_faq) :]
    scores = [
        score(name, pooled[key] + pooled[f"{key}-oos"], truth, len(oos_truth), seconds[key], sizes[key])
        for name, key in (*systems, ("TF-IDF char n-gram nearest question (scikit-learn)", "tfidf"))
    ]  # fmt: skip
    (RESULTS / "cv-parses-ours.json").write_text(
        json.dumps({"folds": k, "items": saved}, ensure_ascii=False)
    )
    if calibrate:
        calibrated = calibrate_thresholds(kb, max_wrong, cv_max_wrong).get("cross-validated phrasings")  # fmt: skip
        if calibrated is not None:
            calibrated.name, calibrated.train_seconds = "ours, calibrated policy", seconds["ours"]
            calibrated.model_mb = sizes["ours"]
            scores.insert(1, calibrated)
    print_table(f"{k}-fold cross-validation over the training phrasings "
                f"({len(truth)} FAQ phrasings, {len(oos_truth)} out-of-scope examples)", scores)  # fmt: skip


# The values --calibrate tries (data/answering.yml explains each).
GRID = {
    "lexical_weight": (0.25, 0.5, 1.0),
    "classifier_weight": (0.5, 1.0, 2.0),
    "classifier_temperature": (0.1, 0.2, 0.3, 0.5, 1.0),
    "institution_weight": (0.0, 0.25, 0.5, 1.0, 1.5),
    "answer_min_score": tuple(round(0.3 + 0.1 * i, 1) for i in range(14)),
    "answer_min_margin": tuple(round(0.05 * i, 2) for i in range(13)),
}


@dataclass
class Pool:
    """Parses the thresholds are tried on: in-scope items first (expected entry id), then
    out-of-scope ones (expected None), each decided with the voters that match its model."""

    name: str
    items: list[dict[str, Any]]
    voters: list[Voters]  # per item
    max_wrong: float
    kb: KnowledgeBase

    @property
    def n_in(self) -> int:
        return sum(i["expected"] is not None for i in self.items)


def calibration_pools(kb: KnowledgeBase, max_wrong: float, cv_max_wrong: float) -> list[Pool]:
    """The calibration questions parsed by the last held-out run's model, and the
    cross-validated training phrasings of the last --cross-validation run, where present."""
    pools = []
    kept = RESULTS / "calibration-parses.json"
    if kept.exists():
        items = json.loads(kept.read_text())["items"]
        voters = Voters(kb, hand_written_examples())
        pools.append(Pool("calibration questions", items, [voters] * len(items), max_wrong, kb))
    kept = RESULTS / "cv-parses-ours.json"
    if kept.exists():
        saved = json.loads(kept.read_text())
        k, items = saved["folds"], saved["items"]
        faq_folds, oos_folds = folds_of(kb, k)
        fold = [fold_voters(kb, faq_folds[f], oos_folds[f]) for f in range(k)]
        items = [i for i in items if i["expected"] is not None] + [i for i in items if i["expected"] is None]  # fmt: skip
        pools.append(Pool("cross-validated phrasings", items, [fold[i["fold"]] for i in items], cv_max_wrong, kb))  # fmt: skip
    return pools


def measure_pool(pool: Pool, policy: AnsweringPolicy, caches: dict[int, dict[str, Votes]]) -> Score:
    """Our real decision on every item of the pool under ``policy``, as the dialogue answers."""
    preds = [
        as_the_dialogue_answers_one(
            predictor(voters, policy, caches.setdefault(id(voters), {}))(item["parse"]),
            item["parse"], item["expected"], pool.kb, voters,
        )
        for item, voters in zip(pool.items, pool.voters, strict=True)
    ]  # fmt: skip
    truth = [(str(i["parse"].get("text") or ""), i["expected"]) for i in pool.items[: pool.n_in]]
    return score(pool.name, preds, truth, len(pool.items) - pool.n_in, 0, 0)


def may_be_answered(parse: dict[str, Any], policy: AnsweringPolicy) -> bool:
    """Whether decide() answers this parse when its best entry clears the thresholds: a FAQ
    turn of enough words, a named university or own-status turn with a question, or a date
    computation's turn without a date (staj.faq.decision)."""
    text = str(parse.get("text") or "")
    intent = str((parse.get("intent") or {}).get("name"))
    carried = intent in ("choose_institution", "ask_application_status") and asks_a_question(text, policy)  # fmt: skip
    undated = intent in policy.form_entries and computation_in(text, date.today()) is None
    long_enough = len(text.split()) >= policy.answer_min_words
    return (intent in ("faq", "nlu_fallback") or carried or undated) and long_enough


def answered_by_own_reply(parse: dict[str, Any], policy: AnsweringPolicy) -> tuple[str, ...]:
    """The entries a turn of this intent is never answered with, because its own reply (the
    status reply, the date computation) covers them."""
    intent = str((parse.get("intent") or {}).get("name"))
    if intent == "ask_application_status":
        return policy.own_status_entries
    return policy.form_entries.get(intent, ())


def calibrate_thresholds(kb: KnowledgeBase, max_wrong: float = 0.01, cv_max_wrong: float = 0.05) -> dict[str, Score]:  # fmt: skip
    """The policy that answers most calibration questions right with at most ``max_wrong``
    of them confidently wrong, at most ``cv_max_wrong`` of the cross-validated phrasings
    confidently wrong, and >= 95% of the out-of-scope examples of each recognised (never on
    the held-out questions). Returns the chosen policy's figures per pool."""
    pools = calibration_pools(kb, max_wrong, cv_max_wrong)
    if not pools:
        print("Nothing to calibrate on: run the held-out or cross-validation benchmark first.")
        return {}
    caches: dict[int, dict[str, Votes]] = {}
    base = answering_policy()
    for pool in pools:
        now = measure_pool(pool, base, caches)
        print(f"\nCalibration on {pool.n_in} {pool.name} and {len(pool.items) - pool.n_in} "
              f"out-of-scope examples: now right {now.right:.1%}, wrong {now.confident_wrong:.1%}, "
              f"OOS {now.oos_recognised:.1%}")  # fmt: skip
    per_pool = []
    for pool in pools:
        votes = []
        for item, voters in zip(pool.items, pool.voters, strict=True):
            text = str(item["parse"].get("text") or "")
            votes.append(caches.setdefault(id(voters), {}).get(text) or voters.votes(text))
        refused = [leans_out_of_scope(i["parse"], base) for i in pool.items]
        own_reply = [answered_by_own_reply(i["parse"], base) for i in pool.items]
        may_answer = [may_be_answered(i["parse"], base) for i in pool.items]
        # Where the dialogue computes instead of answering, whatever the thresholds.
        computed = [
            as_the_dialogue_answers_one(Prediction(None), i["parse"], i["expected"], kb, v).entry_id
            for i, v in zip(pool.items, pool.voters, strict=True)
        ]  # fmt: skip
        per_pool.append(
            (pool, votes, refused, may_answer, own_reply, computed, [i["expected"] for i in pool.items])
        )  # fmt: skip
    best: tuple[tuple[float, int], AnsweringPolicy] | None = None
    # The weights change every score; the two thresholds only where the line is drawn, so
    # each weighting is scored once and its thresholds are tried on the (best, margin) pairs.
    for lexical, classifier, temperature, institution in itertools.product(
        GRID["lexical_weight"], GRID["classifier_weight"], GRID["classifier_temperature"],
        GRID["institution_weight"],
    ):  # fmt: skip
        weighted = dataclasses.replace(base, lexical_weight=lexical, classifier_weight=classifier,
                                       classifier_temperature=temperature,
                                       institution_weight=institution)  # fmt: skip
        tops_per_pool = []
        for pool, votes, *_ in per_pool:
            tops = []
            for item, vote in zip(pool.items, votes, strict=True):
                ranked = entry_scores(item["parse"], vote, weighted)
                runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
                tops.append((ranked[0][0], ranked[0][1], ranked[0][1] - runner_up) if ranked else None)  # fmt: skip
            tops_per_pool.append(tops)
        for threshold, margin in itertools.product(GRID["answer_min_score"], GRID["answer_min_margin"]):  # fmt: skip
            rights: list[float] = []
            wrongs, feasible = 0, True
            for (pool, _, refused, may_answer, own_reply, computed, expected), tops in zip(per_pool, tops_per_pool, strict=True):  # fmt: skip
                answered = [
                    done if done is not None else
                    top[0] if top and ok and not out and top[1] >= threshold and top[2] >= margin
                    and top[0] not in own else None
                    for top, ok, out, own, done in zip(tops, may_answer, refused, own_reply, computed, strict=True)
                ]  # fmt: skip
                n_in, n_oos = pool.n_in, len(pool.items) - pool.n_in
                right = sum(a == e for a, e in zip(answered[:n_in], expected[:n_in], strict=True))
                wrong = sum(a not in (None, e) for a, e in zip(answered[:n_in], expected[:n_in], strict=True))  # fmt: skip
                # The limit is on what the thresholds let through: a computation the dialogue
                # starts whatever they are set to is counted in the figures, not in the limit.
                let_through = sum(a not in (None, e) and d is None for a, e, d in zip(answered[:n_in], expected[:n_in], computed[:n_in], strict=True))  # fmt: skip
                oos_ok = sum(a is None for a in answered[n_in:])
                feasible &= let_through <= pool.max_wrong * n_in and oos_ok >= 0.95 * n_oos
                rights.append(right / max(n_in, 1))
                wrongs += wrong
            # Each pool's share of right answers counts the same: the calibration questions
            # are closer to what students write, the 1700 phrasings harder to overfit.
            key = (round(sum(rights), 9), -wrongs)
            if feasible and (best is None or key > best[0]):
                best = (key, dataclasses.replace(
                    weighted, answer_min_score=threshold, answer_min_margin=margin))  # fmt: skip
    if best is None:
        print("No policy in the grid keeps confident wrong answers within the limits.")
        return {}
    policy = best[1]
    chosen = {}
    for pool in pools:  # the real decision on the chosen policy: the figures to trust
        s = measure_pool(pool, policy, caches)
        chosen[pool.name] = s
        print(f"Chosen policy on the {pool.name} (<= {pool.max_wrong:.0%} wrong allowed): "
              f"right {s.right:.1%}, wrong {s.confident_wrong:.1%}, OOS {s.oos_recognised:.1%}")  # fmt: skip
    print("For data/answering.yml:")
    for name in GRID:
        print(f"  {name}: {getattr(policy, name)}")
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--cross-validation", action="store_true", help="also k-fold CV")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--calibrate", action="store_true", help="search thresholds on CV parses")
    parser.add_argument("--no-heldout", action="store_true", help="skip the held-out run")
    parser.add_argument("--without-default", action="store_true",
                        help="leave out Rasa's default pipeline (12 min per training)")  # fmt: skip
    parser.add_argument("--max-wrong", type=float, default=0.01,
                        help="--calibrate: confident wrong answers allowed on the calibration questions")  # fmt: skip
    parser.add_argument("--cv-max-wrong", type=float, default=0.05,
                        help="--calibrate: ...and on the cross-validated phrasings")  # fmt: skip
    args = parser.parse_args()

    systems = SYSTEMS[:1] if args.without_default else SYSTEMS
    kb = load_knowledge_base()
    write_rasa_files(kb)
    leaked = leaked_heldout(kb) + leaked_heldout(kb, CALIBRATION)
    near = near_duplicates(kb) + near_duplicates(kb, path=CALIBRATION)
    if leaked or near:
        raise SystemExit(
            f"Held-out or calibration questions in training data (remove them there): {leaked} {near}"
        )
    RESULTS.mkdir(exist_ok=True)
    print(f"Training phrasings: {len(training_phrasings(kb))}.", flush=True)
    with tempfile.TemporaryDirectory(prefix="staj-bench-") as tmp:
        if not args.no_heldout:
            heldout_run(kb, Path(tmp) / "heldout", systems)
        if args.cross_validation:
            cross_validation(kb, args.folds, Path(tmp) / "cv", args.calibrate, args.max_wrong, args.cv_max_wrong, systems)  # fmt: skip
        elif args.calibrate:
            calibrate_thresholds(kb, args.max_wrong, args.cv_max_wrong)


if __name__ == "__main__":
    main()
