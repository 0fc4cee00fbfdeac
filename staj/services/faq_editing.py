"""Admins keep the knowledge base current: find and read entries, edit an answer, add
phrasings, set a programme year, roll an edit back, and work through the inbox of questions
the assistant could not answer.

Each change is one operation: the file edit (validated like the hand-written files, see
staj.faq.editing) and then one transaction that records it in the history and closes the
inbox questions it settles. The outcome says whether retraining is needed; starting it is the
caller's choice (staj.model.retrainer).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.faq import editing
from staj.faq.inbox_groups import Group
from staj.faq.lexical import LexicalIndex, normalise
from staj.faq.loader import load_knowledge_base
from staj.faq.model import FaqEntry, KnowledgeBase
from staj.faq.sources import source_documents
from staj.services.faq_sync import folder_locked
from staj.store import faq_changes, faq_files, inbox
from staj.store.audit import audit
from staj.store.models import FaqChange, utcnow
from staj.text.turkish import fold_turkish

SEARCH_RESULTS = 8
NEW_ENTRY_TOPIC = "yonetici"


@dataclass(frozen=True)
class Applied:
    edit: editing.Edit
    change_id: int

    @property
    def needs_training(self) -> bool:
        return self.edit.needs_training


@dataclass(frozen=True)
class Refused:
    """The edit would break the knowledge base (or names something that is not there)."""

    reason: str


EditOutcome = Applied | Refused


def entry_id_for(question: str) -> str:
    """An id for an admin's new entry: "yonetici-" and the question's first words."""
    words = re.sub(r"[^a-z0-9]+", " ", fold_turkish(question)).split()
    return f"{NEW_ENTRY_TOPIC}-" + ("-".join(words)[:40].strip("-") or "soru")


class FaqDesk:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], faq_dir: Path) -> None:
        self._sessions = sessions
        self.faq_dir = faq_dir
        # The Telegram flow and the panel edit through one desk: one edit at a time, so a
        # version check and the write it guards cannot interleave with another edit.
        self._editing = asyncio.Lock()

    # ---- reading ----------------------------------------------------------------------------

    def _knowledge_base(self) -> KnowledgeBase:
        return load_knowledge_base(self.faq_dir)

    async def entries(self) -> list[FaqEntry]:
        """Every entry, by topic and title."""
        kb = await asyncio.to_thread(self._knowledge_base)
        return sorted(kb, key=lambda e: (e.topic, e.title.casefold()))

    async def entry(self, entry_id: str) -> FaqEntry | None:
        kb = await asyncio.to_thread(self._knowledge_base)
        return kb.get(entry_id)

    def _search(self, query: str) -> list[FaqEntry]:
        kb = self._knowledge_base()
        wanted = normalise(query)
        exact = [e for e in kb if wanted in normalise(e.id) or wanted in normalise(e.title)]
        if len(exact) >= 5:
            return exact[:SEARCH_RESULTS]
        ranked = [
            kb.get(n.label)
            for n in LexicalIndex(kb).candidates(query, SEARCH_RESULTS)
            if n.similarity > 0.2
        ]
        found = exact + [e for e in ranked if e is not None and e not in exact]
        return found[:SEARCH_RESULTS]

    async def search(self, query: str) -> list[FaqEntry]:
        """Entries whose id or title holds the words, then the nearest by their phrasings."""
        return await asyncio.to_thread(self._search, query)

    def _candidates(self, questions: list[str]) -> list[list[FaqEntry]]:
        kb = self._knowledge_base()
        index = LexicalIndex(kb)  # built once for all the questions
        return [
            [e for e in (kb.get(n.label) for n in index.candidates(question, 2)) if e is not None]
            for question in questions
        ]

    async def candidates(self, question: str) -> list[FaqEntry]:
        """The two entries an unanswered question most likely belongs to."""
        [found] = await asyncio.to_thread(self._candidates, [question])
        return found

    async def candidates_for(self, questions: list[str]) -> list[list[FaqEntry]]:
        """``candidates`` of each question, with one reading of the knowledge base."""
        return await asyncio.to_thread(self._candidates, questions)

    async def version(self, entry_id: str) -> str | None:
        """The entry's fingerprint now (None: no such entry); an edit can name the one it
        was made from (``base``) and is refused when the entry changed since."""
        try:
            return await asyncio.to_thread(editing.entry_version, entry_id, self.faq_dir)
        except editing.EditError:
            return None

    async def history(self, entry_id: str) -> list[FaqChange]:
        return await faq_changes.history(self._sessions, entry_id)

    async def open_inbox(self) -> list[Group]:
        return await inbox.open_groups(self._sessions)

    async def inbox_group(self, item_ids: list[int]) -> Group | None:
        """The open group holding any of ``item_ids`` (None: already dealt with)."""
        wanted = set(item_ids)
        return next(
            (g for g in await inbox.open_groups(self._sessions) if wanted & set(g.item_ids)), None
        )

    # ---- changing ---------------------------------------------------------------------------

    async def _apply(
        self,
        edit: Callable[[], editing.Edit],
        actor: str,
        settles: list[int] | None = None,
        inbox_state: str = inbox.ADDED,
        base: tuple[str, str | None] | None = None,
    ) -> EditOutcome:
        def checked_edit() -> editing.Edit:
            if base is not None:
                editing.check_version(base[0], base[1], self.faq_dir)
            return edit()

        # One edit at a time in this process, and no pull of another process on this host
        # between the file's write and its publication (see faq_sync).
        async with self._editing, folder_locked(self.faq_dir):
            try:
                result = await asyncio.to_thread(checked_edit)
            except editing.EditError as exc:
                return Refused(str(exc))
            content = await asyncio.to_thread(
                (self.faq_dir / result.file).read_text, encoding="utf-8"
            )
            async with self._sessions.begin() as session:
                # Every other process, on any host, picks the new file up (faq_sync).
                await faq_files.publish(session, result.file, content, utcnow())
                change = faq_changes.add(session, result, actor)
                if settles:
                    await inbox.close(session, settles, inbox_state)
                await session.flush()
                change_id = change.id
                audit(session, actor, f"faq_{result.kind}", f"faq_change:{change_id}")
        return Applied(result, change_id)

    async def set_answer(
        self, entry_id: str, index: int, text: str, actor: str, base: str | None = None
    ) -> EditOutcome:
        """Live at once: answers are read at reply time."""
        return await self._apply(
            lambda: editing.set_answer_text(entry_id, index, text, self.faq_dir),
            actor,
            base=(entry_id, base),
        )

    async def add_phrasings(
        self,
        entry_id: str,
        questions: list[str],
        actor: str,
        settles: list[int] | None = None,
        base: str | None = None,
    ) -> EditOutcome:
        return await self._apply(
            lambda: editing.add_questions(entry_id, questions, self.faq_dir),
            actor,
            settles,
            base=(entry_id, base),
        )

    async def remove_phrasing(
        self, entry_id: str, question: str, actor: str, base: str | None = None
    ) -> EditOutcome:
        return await self._apply(
            lambda: editing.remove_question(entry_id, question, self.faq_dir),
            actor,
            base=(entry_id, base),
        )

    async def set_year(
        self, entry_id: str, index: int, year: int | None, actor: str, base: str | None = None
    ) -> EditOutcome:
        return await self._apply(
            lambda: editing.set_year(entry_id, index, year, self.faq_dir),
            actor,
            base=(entry_id, base),
        )

    async def rollback(self, change_id: int, actor: str) -> EditOutcome | None:
        """Put the entry back as it was before change ``change_id`` (None: no such change)."""
        change = await faq_changes.get(self._sessions, change_id)
        if change is None:
            return None
        return await self._apply(
            lambda: editing.restore(change.entry_id, change.file, change.before, self.faq_dir),
            actor,
        )

    async def new_entry(
        self,
        question: str,
        phrasings: list[str],
        answer: str,
        seed: str,
        actor: str,
        settles: list[int] | None = None,
        part: str | None = None,
    ) -> EditOutcome:
        """A whole new entry in the admins' file, citing ``seed`` (at ``part``: the heading
        or passage the answer rests on; by default the question)."""
        if seed not in source_documents():
            return Refused(f"“{seed}” bilinen bir kaynak değil")
        title = question[:1].upper() + question[1:]
        return await self._apply(
            lambda: editing.add_entry(
                editing.ADMIN_FILE, entry_id_for(question), NEW_ENTRY_TOPIC, title, phrasings,
                answer, seed, (part or question)[:120], directory=self.faq_dir,
            ),
            actor, settles, inbox.NEW,
        )  # fmt: skip

    async def dismiss(self, item_ids: list[int]) -> int:
        """Close inbox questions that need no entry; gives how many were still open."""
        async with self._sessions.begin() as session:
            return await inbox.close(session, item_ids, inbox.DISMISSED)
