"""What a FAQ entry is: one question (with its phrasings) and one answer per scope."""

from __future__ import annotations

from dataclasses import dataclass, field

from staj.institutions import NATIONAL_SCOPE, programme_names, short_name

NATIONAL = NATIONAL_SCOPE


@dataclass(frozen=True)
class Source:
    seed: str
    part: str


@dataclass(frozen=True)
class Answer:
    text: str
    institution: str
    programme: str
    source: Source
    year: int | None = None

    @property
    def scope_label(self) -> str:
        """Whose rule this is, for the reader ("BŞEÜ" or "Ulusal Staj Programı")."""
        if self.institution == NATIONAL:
            return programme_names()[self.programme]
        return short_name(self.institution)


@dataclass(frozen=True)
class FaqEntry:
    id: str
    topic: str
    title: str
    questions: tuple[str, ...]
    answers: tuple[Answer, ...]
    file: str = ""
    line: int = 0

    @property
    def intent_response_key(self) -> str:
        return f"faq/{self.id}"

    def answer_for(self, institution: str | None) -> Answer | None:
        """The answer that applies to a student of ``institution`` (None: not known)."""
        by_scope = {a.institution: a for a in self.answers}
        if institution and institution in by_scope:
            return by_scope[institution]
        return by_scope.get(NATIONAL)

    @property
    def institution_only(self) -> bool:
        """True when no national answer exists: every answer is some university's own rule."""
        return all(a.institution != NATIONAL for a in self.answers)


@dataclass
class KnowledgeBase:
    entries: dict[str, FaqEntry] = field(default_factory=dict)

    def get(self, entry_id: str) -> FaqEntry | None:
        return self.entries.get(entry_id.removeprefix("faq/"))

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.entries.values())
