"""Long-lived resources of the action server, created on first use (never at import)."""

from __future__ import annotations

from functools import cache

from staj.config import load_settings
from staj.faq.lexical import LexicalIndex, Nearest, hand_written_examples
from staj.faq.live import LiveKnowledgeBase
from staj.faq.model import KnowledgeBase
from staj.store import Database, open_database


@cache
def knowledge_base() -> LiveKnowledgeBase:
    return LiveKnowledgeBase()


_lexical: tuple[KnowledgeBase, LexicalIndex] | None = None


def second_opinion(text: str) -> Nearest:
    """Nearest training phrasing; the index follows the live knowledge base."""
    global _lexical
    kb = knowledge_base().get()
    if _lexical is None or _lexical[0] is not kb:
        _lexical = (kb, LexicalIndex(kb, hand_written_examples()))
    return _lexical[1].nearest(text)


_database: Database | None = None


def database() -> Database:
    global _database
    if _database is None:
        _database = open_database(load_settings().database_url)
    return _database
