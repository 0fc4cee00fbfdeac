"""Reply templates for the actions, loaded from texts.yml."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

_TEXTS_FILE = Path(__file__).with_name("texts.yml")


@cache
def _texts() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = yaml.safe_load(_TEXTS_FILE.read_text(encoding="utf-8"))
    return data


def text(key: str, **values: Any) -> str:
    """The template at ``section.name`` with ``values`` filled in."""
    section, _, name = key.partition(".")
    template = _texts()[section][name]
    return template.format(**values) if values else template
