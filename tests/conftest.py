"""Shared fixtures: an isolated run-time directory and database for the whole test session."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# Isolate every process the tests start (action server, Rasa) from a developer's var/.
_SESSION_DIR = Path(tempfile.mkdtemp(prefix="staj-tests-"))
os.environ["STAJ_VAR_DIR"] = str(_SESSION_DIR)
os.environ["DATABASE_URL"] = f"sqlite:///{_SESSION_DIR / 'staj.db'}"
os.environ.pop("TELEGRAM_BOT_TOKEN", None)
os.environ.pop("TELEGRAM_API_BASE_URL", None)


@pytest.fixture(scope="session", autouse=True)
def session_dir() -> Iterator[Path]:
    yield _SESSION_DIR
    shutil.rmtree(_SESSION_DIR, ignore_errors=True)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    yield f"sqlite:///{tmp_path / 'test.db'}"
