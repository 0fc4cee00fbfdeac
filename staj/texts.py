"""Reply texts as data: each part of the assistant keeps its templates in a texts.yml next
to its code and reads them through one of these."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any

import yaml


class TextBook:
    """The templates of one texts.yml, by dotted key ("link.wrong")."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @cached_property
    def data(self) -> dict[str, Any]:
        loaded: dict[str, Any] = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        return loaded

    def has(self, key: str) -> bool:
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return False
            node = node[part]
        return True

    def text(self, key: str, **values: Any) -> str:
        """The template at ``key`` with ``values`` filled in."""
        node: Any = self.data
        for part in key.split("."):
            node = node[part]
        template = str(node)
        return template.format(**values) if values else template
