"""Rasa's own checks on the project: `rasa data validate` (domain, rules and training data
agree), `rasa test core` on the guided conversations' test stories (nlu/tests/), and the
model's quicker loading for serving against Rasa's own."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from staj.config import Settings
from staj.model.evaluation import PARSER, load_heldout
from staj.model.training import rasa_env, rasa_executable
from staj.paths import NLU_DIR, RASA_VENV
from tests.conftest import session_model

pytestmark = pytest.mark.e2e


def _rasa(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(rasa_executable()), *args],
        cwd=NLU_DIR,
        env=rasa_env(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_rasa_data_validate() -> None:
    """Rasa's remaining warnings are known to be harmless here: the retrieval intent `faq`,
    button-only intents (feedback, checklist, none_fits) and the forms' utter_ask_*."""
    result = _rasa(
        "data", "validate", "--domain", "domain", "--data", "data", "--config", "config.yml"
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert "No story structure conflicts found" in output, output[-3000:]


def test_the_guided_conversations_follow_their_test_stories(
    settings: Settings, tmp_path: Path
) -> None:
    model = session_model()
    result = _rasa(
        "test", "core", "--model", str(model), "--stories", "tests",
        "--out", str(tmp_path), "--fail-on-prediction-errors", "--no-plot",
    )  # fmt: skip
    report = tmp_path / "failed_test_stories.yml"
    failed = report.read_text(encoding="utf-8") if report.exists() else ""
    assert result.returncode == 0, failed + (result.stdout + result.stderr)[-3000:]
    assert "None of the test stories failed" in failed, failed


def test_the_model_loads_for_serving_with_the_same_parses_as_rasas_own_load(
    tmp_path: Path,
) -> None:
    """nlu/components/quick_loading.py skips Rasa's training step when it loads a model: the
    parses (intent, ranking, the ResponseSelector's entries and confidences) must be the
    same to the last digit."""
    heldout = load_heldout()
    questions = [q for q, _ in heldout.in_scope[::6]] + heldout.out_of_scope[::3]
    asked = tmp_path / "questions.json"
    asked.write_text(json.dumps(questions, ensure_ascii=False), encoding="utf-8")
    model = session_model()
    command = [str(RASA_VENV / "bin" / "python"), str(PARSER), str(model), str(asked)]
    runs = {
        way: subprocess.Popen(
            command + flags,
            env=rasa_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for way, flags in (("ours", []), ("rasa's", ["--as-rasa-loads"]))
    }
    parses, errors = {}, {}
    for way, run in runs.items():
        out, errors[way] = run.communicate(timeout=600)
        assert run.returncode == 0, errors[way][-3000:]
        parses[way] = [line for line in out.splitlines() if line.startswith("{")]
    # Our way really was taken: when a weight misses its saved value, the model loads the
    # way Rasa does (the same parses) and says so in a warning.
    assert "not every weight restored" not in errors["ours"]
    assert len(parses["ours"]) == len(questions)
    assert parses["ours"] == parses["rasa's"]
