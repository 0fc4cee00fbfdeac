"""Long-lived resources of the action server, created on first use (never at import)."""

from __future__ import annotations

from functools import cache

from staj.config import load_settings
from staj.faq.live import LiveKnowledgeBase
from staj.store import Database, open_database


@cache
def knowledge_base() -> LiveKnowledgeBase:
    return LiveKnowledgeBase()


_database: Database | None = None


def database() -> Database:
    global _database
    if _database is None:
        _database = open_database(load_settings().database_url)
    return _database
