"""What the actions need (the settings, the live knowledge base, the store), in one place:
made from the settings on first use, never at import; tests hand in their own with ``use``."""

from __future__ import annotations

from staj.config import Settings, load_settings
from staj.faq.lexical import hand_written_examples
from staj.faq.live import LiveKnowledgeBase
from staj.faq.model import KnowledgeBase
from staj.faq.voters import Voters, Votes
from staj.store import Database, open_database


class ActionResources:
    def __init__(self, settings: Settings, database: Database | None = None) -> None:
        self.settings = settings
        self.knowledge_base = LiveKnowledgeBase(settings.faq_dir)
        self._database = database
        self._voters: tuple[KnowledgeBase, Voters] | None = None

    @property
    def database(self) -> Database:
        if self._database is None:
            self._database = open_database(self.settings.database_url)
        return self._database

    def votes(self, text: str, remembered: str | None = None) -> Votes:
        """The lexical and linear votes on ``text`` from a student of the ``remembered``
        university; they follow the live knowledge base."""
        kb = self.knowledge_base.get()
        if self._voters is None or self._voters[0] is not kb:
            self._voters = (kb, Voters(kb, hand_written_examples()))
        return self._voters[1].votes(text, remembered)


_current: ActionResources | None = None


def resources() -> ActionResources:
    global _current
    if _current is None:
        _current = ActionResources(load_settings())
    return _current


def use(replacement: ActionResources | None) -> None:
    """Make the actions use ``replacement`` (None: made again from the settings)."""
    global _current
    _current = replacement


def knowledge_base() -> LiveKnowledgeBase:
    return resources().knowledge_base


def votes(text: str, remembered: str | None = None) -> Votes:
    return resources().votes(text, remembered)


def database() -> Database:
    return resources().database
