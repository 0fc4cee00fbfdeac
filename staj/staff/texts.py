"""Templates for what staff read (texts.yml next to this file)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml


@cache
def _texts() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        Path(__file__).with_name("texts.yml").read_text(encoding="utf-8")
    )
    return data


def text(key: str, **values: Any) -> str:
    node: Any = _texts()
    for part in key.split("."):
        node = node[part]
    template = str(node)
    return template.format(**values) if values else template
