"""Rasa's own checks on the project: `rasa data validate` (domain, rules and training data
agree) and `rasa test core` on the guided conversations' test stories (nlu/tests/)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from staj.config import Settings
from staj.model.training import rasa_env, rasa_executable
from staj.paths import NLU_DIR
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
