"""The knowledge base as it is on disk now: reloaded when a file changes, so fixing an
answer's text needs no retraining and no restart."""

from __future__ import annotations

import logging
from pathlib import Path

from staj.faq.loader import FaqValidationError, load_knowledge_base
from staj.faq.model import KnowledgeBase

log = logging.getLogger(__name__)


class LiveKnowledgeBase:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._stamp: tuple[tuple[str, int, int], ...] | None = None
        self._kb: KnowledgeBase | None = None

    def _current_stamp(self) -> tuple[tuple[str, int, int], ...]:
        return tuple(
            (p.name, p.stat().st_mtime_ns, p.stat().st_size)
            for p in sorted(self.directory.glob("*.yml"))
        )

    def get(self) -> KnowledgeBase:
        stamp = self._current_stamp()
        if self._kb is None or stamp != self._stamp:
            try:
                self._kb = load_knowledge_base(self.directory)
            except FaqValidationError as exc:
                if self._kb is None:
                    raise
                # A broken edit must not take answers down: keep serving the last good version.
                log.error("FAQ files have errors; still serving the previous version:\n%s", exc)
            self._stamp = stamp
        return self._kb
