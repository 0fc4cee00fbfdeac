"""Loading the trained model for serving: our way (nlu/components/quick_loading.py) beside
Rasa's own (a training step on one example before the saved weights), in one run.

    .venv/bin/python benchmarks/model_load.py [--rounds 3]

The model loads at every start of the Rasa server, at every swap to a retrained model, on
every replica and in every held-out measurement. Each load runs in a fresh process, the two
ways taking turns; prints the median loading time and the process's peak memory.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

WAYS = {"ours": [], "Rasa's own": ["--as-rasa-loads"]}


def load_once(model: Path, questions: Path, flags: list[str]) -> tuple[float, float]:
    """(seconds to load, peak memory in MB) of one process that loads ``model``."""
    from staj.model.evaluation import PARSER
    from staj.model.training import rasa_env
    from staj.paths import RASA_VENV

    command = [str(RASA_VENV / "bin" / "python"), str(PARSER), str(model), str(questions)]
    process = subprocess.Popen(
        command + flags, env=rasa_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert process.stderr is not None
    errors = process.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"loading failed:\n{errors[-2000:]}")
    seconds = next(
        float(line.split()[1]) for line in errors.splitlines() if line.startswith("load_seconds")
    )
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from staj.config import load_settings
    from staj.model.training import ensure_model

    model = ensure_model(load_settings().faq_dir)
    questions = Path(tempfile.mkdtemp(prefix="staj-load-")) / "none.json"
    questions.write_text("[]", encoding="utf-8")
    figures: dict[str, list[tuple[float, float]]] = {way: [] for way in WAYS}
    for _ in range(args.rounds):
        for way, flags in WAYS.items():
            figures[way].append(load_once(model, questions, flags))
    print(f"{model.name}, {model.stat().st_size / 1e6:.1f} MB, {args.rounds} loads each")
    for way, runs in figures.items():
        seconds = statistics.median(s for s, _ in runs)
        memory = max(m for _, m in runs)
        print(f"{way:<12} load {seconds:5.1f} s (median)   peak memory {memory:6.0f} MB")


if __name__ == "__main__":
    main()
