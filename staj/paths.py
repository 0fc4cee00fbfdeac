"""Where things live in the repository and at run time."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
# The knowledge base as shipped; Settings.faq_dir (STAJ_FAQ_DIR) may point to another copy.
FAQ_DIR = REPO_ROOT / "data" / "faq"
RULES_DIR = REPO_ROOT / "data" / "rules"
NLU_DIR = REPO_ROOT / "nlu"
MODELS_DIR = NLU_DIR / "models"
RASA_VENV = REPO_ROOT / ".venv-rasa"


def var_dir() -> Path:
    """Directory for run-time state (SQLite file, logs); STAJ_VAR_DIR overrides it."""
    path = Path(os.environ.get("STAJ_VAR_DIR", REPO_ROOT / "var"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def key_dir() -> Path:
    """Directory for the installation's secret keys, apart from the database (0700);
    STAJ_KEY_DIR puts them elsewhere, e.g. on another volume."""
    raw = os.environ.get("STAJ_KEY_DIR")
    path = Path(raw) if raw else var_dir() / "keys"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path
