"""NLU benchmark: our pipeline vs Rasa's default pipeline vs a TF-IDF baseline.

    .venv/bin/python benchmarks/nlu_benchmark.py [--cross-validation]

All three learn from the same training data (data/faq/ plus nlu/data/) and are scored on
the same held-out questions (benchmarks/heldout.yml), which are kept out of training.
Printed per system: top-1 accuracy on in-scope questions, share of out-of-scope questions
that fell back, share of in-scope questions answered wrongly with confidence, training time
and model size. With --cross-validation also `rasa test nlu` 5-fold for our pipeline.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from staj.faq.decision import Outcome, decide  # noqa: E402
from staj.faq.lexical import LexicalIndex, hand_written_examples  # noqa: E402
from staj.faq.loader import load_knowledge_base  # noqa: E402
from staj.faq.rasa_export import write_rasa_files  # noqa: E402
from staj.paths import NLU_DIR, RASA_VENV  # noqa: E402
from staj.text import fold_turkish  # noqa: E402
from stajbot.training import rasa_env  # noqa: E402

# What `rasa init` (Rasa 3.6) writes: no pipeline, so Rasa's default pipeline is used.
RASA_INIT_CONFIG = """\
recipe: default.v1
assistant_id: benchmark-default
language: en
pipeline:
policies:
"""


@dataclass
class Prediction:
    entry_id: str | None  # the FAQ entry the system would answer with, None if it fell back
    fell_back: bool


@dataclass
class Score:
    name: str
    accuracy: float
    oos_fallback: float
    confident_wrong: float
    train_seconds: float
    model_mb: float


def norm(text: str) -> str:
    return " ".join(fold_turkish(text).split())


def load_heldout() -> tuple[list[tuple[str, str]], list[str]]:
    data = yaml.safe_load((REPO / "benchmarks" / "heldout.yml").read_text(encoding="utf-8"))
    return [(i["q"], i["id"]) for i in data["in_scope"]], list(data["out_of_scope"])


def training_examples() -> list[tuple[str, str]]:
    """(text, label) for every training phrasing: FAQ entry ids and the hand-written intents."""
    examples = [(q, e.id) for e in load_knowledge_base() for q in e.questions]
    for path in sorted((NLU_DIR / "data").glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            for line in block["examples"].splitlines():
                if line.strip().startswith("- "):
                    examples.append((line.strip()[2:], block["intent"]))
    return examples


def check_heldout_is_held_out(questions: list[str], examples: list[tuple[str, str]]) -> None:
    seen = {norm(text) for text, _ in examples}
    leaked = [q for q in questions if norm(q) in seen]
    if leaked:
        raise SystemExit(f"Held-out questions found in training data (remove them there): {leaked}")


def train_nlu(config_text: str, workdir: Path) -> tuple[Path, float]:
    config = workdir / "config.yml"
    config.write_text(config_text, encoding="utf-8")
    started = time.monotonic()
    subprocess.run(
        [str(RASA_VENV / "bin" / "rasa"), "train", "nlu", "--config", str(config), "--nlu", "data",
         "--domain", "domain", "--out", str(workdir), "--fixed-model-name", "model"],
        cwd=NLU_DIR, env=rasa_env(), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return workdir / "model.tar.gz", time.monotonic() - started


def parse_all(model: Path, questions: list[str], workdir: Path) -> list[dict[str, Any]]:
    qfile = workdir / "questions.json"
    qfile.write_text(json.dumps(questions, ensure_ascii=False), encoding="utf-8")
    out = subprocess.run(
        [str(RASA_VENV / "bin" / "python"), str(REPO / "benchmarks" / "rasa_parse.py"), str(model), str(qfile)],
        env=rasa_env(), check=True, capture_output=True, text=True,
    )  # fmt: skip
    return [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]


_LEXICAL: list[LexicalIndex] = []


def ours_prediction(parse: dict[str, Any]) -> Prediction:
    if not _LEXICAL:
        _LEXICAL.append(LexicalIndex(load_knowledge_base(), hand_written_examples()))
    decision = decide(parse, second_opinion=_LEXICAL[0].nearest)
    if decision.outcome is Outcome.ANSWER:
        return Prediction(decision.entry_id, False)
    return Prediction(None, decision.outcome in (Outcome.SUGGEST, Outcome.OUT_OF_SCOPE))


def default_prediction(parse: dict[str, Any]) -> Prediction:
    """Rasa's default behaviour: a faq intent is answered with the selected response."""
    intent = (parse.get("intent") or {}).get("name")
    if intent == "faq":
        # Without `retrieval_intent` in its config, the ResponseSelector reports as "default".
        selectors = parse.get("response_selector") or {}
        selected = (selectors.get("faq") or selectors.get("default") or {}).get("response") or {}
        key = str(selected.get("intent_response_key") or "").removeprefix("faq/")
        return Prediction(key or None, False)
    return Prediction(None, intent in ("nlu_fallback", "out_of_scope"))


def tfidf_predictions(
    examples: list[tuple[str, str]], questions: list[str], threshold: float = 0.45
) -> tuple[list[Prediction], float, float]:
    """Nearest training question by character n-gram TF-IDF cosine similarity."""
    import pickle

    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import linear_kernel

    started = time.monotonic()
    vectorizer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), preprocessor=norm, sublinear_tf=True
    )
    matrix = vectorizer.fit_transform([text for text, _ in examples])
    train_seconds = time.monotonic() - started
    size_mb = len(pickle.dumps((vectorizer, matrix))) / 1e6
    similarities = linear_kernel(vectorizer.transform(questions), matrix)
    faq_ids = {e.id for e in load_knowledge_base()}
    predictions = []
    for row in similarities:
        best = int(row.argmax())
        label = examples[best][1]
        if row[best] >= threshold and label in faq_ids:
            predictions.append(Prediction(label, False))
        else:
            predictions.append(
                Prediction(None, row[best] < threshold or label in ("out_of_scope", "nonsense"))
            )
    return predictions, train_seconds, size_mb


def score(name: str, preds: list[Prediction], in_scope: list[tuple[str, str]], n_oos: int,
          train_seconds: float, model_mb: float) -> Score:  # fmt: skip
    inscope_preds, oos_preds = preds[: len(in_scope)], preds[len(in_scope) :]
    right = sum(
        p.entry_id == expected for p, (_, expected) in zip(inscope_preds, in_scope, strict=True)
    )
    wrong = sum(
        p.entry_id not in (None, expected)
        for p, (_, expected) in zip(inscope_preds, in_scope, strict=True)
    )
    fell_back = sum(p.fell_back or p.entry_id is None for p in oos_preds)
    return Score(
        name,
        right / len(in_scope),
        fell_back / n_oos,
        wrong / len(in_scope),
        train_seconds,
        model_mb,
    )


def cross_validation(workdir: Path) -> dict[str, float]:
    out = workdir / "cv"
    subprocess.run(
        [str(RASA_VENV / "bin" / "rasa"), "test", "nlu", "--nlu", "data", "--config", "config.yml",
         "--domain", "domain", "--cross-validation", "--folds", "5", "--out", str(out)],
        cwd=NLU_DIR, env=rasa_env(), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    figures = {}
    for report in ("intent_report.json", "response_selection_report.json"):
        path = out / report
        if path.exists():
            data = json.loads(path.read_text())
            figures[report.removesuffix("_report.json")] = float(
                data.get("accuracy", data.get("micro avg", {}).get("f1-score", 0.0))
            )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--cross-validation", action="store_true", help="also run rasa test nlu, 5 folds"
    )
    args = parser.parse_args()

    write_rasa_files(load_knowledge_base())
    in_scope, out_of_scope = load_heldout()
    questions = [q for q, _ in in_scope] + out_of_scope
    examples = training_examples()
    check_heldout_is_held_out(questions, examples)
    print(f"Held-out: {len(in_scope)} in-scope questions ({len({i for _, i in in_scope})} entries), "
          f"{len(out_of_scope)} out-of-scope. Training phrasings: {len(examples)}.\n", flush=True)  # fmt: skip

    scores: list[Score] = []
    misses: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory(prefix="staj-bench-") as tmp:
        for name, config_text, predict in (
            ("ours (Turkish tokenizer + DIET + ResponseSelector + lexical check)", (NLU_DIR / "config.yml").read_text(), ours_prediction),
            ("Rasa default pipeline (rasa init)", RASA_INIT_CONFIG, default_prediction),
        ):  # fmt: skip
            workdir = Path(tmp) / name.split()[0].lower()
            workdir.mkdir()
            print(f"Training {name}...", flush=True)
            model, seconds = train_nlu(config_text, workdir)
            parses = parse_all(model, questions, workdir)
            preds = [predict(p) for p in parses]
            results_dir = REPO / "benchmarks" / "results"
            results_dir.mkdir(exist_ok=True)
            (results_dir / f"parses-{name.split()[0].lower()}.json").write_text(
                json.dumps(parses, ensure_ascii=False)
            )
            scores.append(
                score(name, preds, in_scope, len(out_of_scope), seconds, model.stat().st_size / 1e6)
            )
            misses[name] = [
                f"{q!r}: expected {e}, got {p.entry_id or 'fallback'}"
                for p, (q, e) in zip(preds, in_scope, strict=False)
                if p.entry_id != e
            ] + [
                f"{q!r}: out of scope, answered {p.entry_id}"
                for p, q in zip(preds[len(in_scope) :], out_of_scope, strict=True)
                if p.entry_id
            ]
        preds, seconds, size = tfidf_predictions(examples, questions)
        scores.append(
            score(
                "TF-IDF char n-gram nearest question (scikit-learn)",
                preds,
                in_scope,
                len(out_of_scope),
                seconds,
                size,
            )
        )
        cv = cross_validation(Path(tmp)) if args.cross_validation else {}

    header = f"{'system':<70} {'top-1':>7} {'OOS fb':>7} {'conf.wrong':>10} {'train s':>8} {'size MB':>8}"
    print("\n" + header + "\n" + "-" * len(header))
    for s in scores:
        print(f"{s.name:<70} {s.accuracy:>7.1%} {s.oos_fallback:>7.1%} {s.confident_wrong:>10.1%} "
              f"{s.train_seconds:>8.1f} {s.model_mb:>8.2f}")  # fmt: skip
    if cv:
        print("\nrasa test nlu, 5-fold cross-validation (ours): "
              + ", ".join(f"{k} accuracy {v:.1%}" for k, v in cv.items()))  # fmt: skip
    ours_name = scores[0].name
    if misses.get(ours_name):
        print(f"\nOur misses ({len(misses[ours_name])}):")
        for line in misses[ours_name]:
            print("  " + line)
    results = REPO / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    (results / "nlu.json").write_text(
        json.dumps(
            {"scores": [s.__dict__ for s in scores], "cv": cv, "misses": misses},
            ensure_ascii=False,
            indent=2,
        )
    )
    shutil.rmtree(REPO / "nlu" / "results", ignore_errors=True)


if __name__ == "__main__":
    main()
