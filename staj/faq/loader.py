"""Load data/faq/*.yml into a KnowledgeBase, checking every entry against the schema.

Errors carry the file and line so `stajbot faq validate` can point an admin at the spot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from staj.faq.model import NATIONAL, Answer, FaqEntry, KnowledgeBase, Source
from staj.institutions import institution_codes, programme_names
from staj.paths import FAQ_DIR
from staj.text import fold_turkish

MIN_PHRASINGS = 8
MAX_ANSWER_CHARS = 3000
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SEED = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt$")
_ENTRY_KEYS = {"id", "topic", "title", "questions", "answers"}
_ANSWER_KEYS = {"text", "institution", "programme", "year", "source"}


@dataclass(frozen=True)
class FaqError:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class FaqValidationError(ValueError):
    def __init__(self, errors: list[FaqError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


def _plain(node: yaml.Node) -> Any:
    """Convert a composed node to plain Python values, as yaml.safe_load would (built from
    the node: writing it out and reading it back took two thirds of a validation)."""
    if node is None:
        return None
    return yaml.constructor.SafeConstructor().construct_document(node)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _mapping(node: yaml.Node) -> dict[str, yaml.Node] | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return {str(k.value): v for k, v in node.value}


class _FileChecker:
    def __init__(self, path: Path, display: str) -> None:
        self.path = path
        self.display = display
        self.errors: list[FaqError] = []

    def error(self, node_or_line: yaml.Node | int, message: str) -> None:
        line = node_or_line if isinstance(node_or_line, int) else _line(node_or_line)
        self.errors.append(FaqError(self.display, line, message))

    def load(self) -> list[FaqEntry]:
        try:
            root = yaml.compose(self.path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            self.error(mark.line + 1 if mark else 1, f"YAML okunamadı: {exc}")
            return []
        top = _mapping(root) if root is not None else None
        if top is None or "entries" not in top:
            self.error(root if root is not None else 1, "dosya 'entries:' listesiyle başlamalı")
            return []
        entries_node = top["entries"]
        if not isinstance(entries_node, yaml.SequenceNode):
            self.error(entries_node, "'entries' bir liste olmalı")
            return []
        entries = [self.entry(node) for node in entries_node.value]
        return [e for e in entries if e is not None]

    def text(self, fields: dict[str, yaml.Node], key: str, where: yaml.Node) -> str | None:
        node = fields.get(key)
        if node is None:
            self.error(where, f"'{key}' alanı eksik")
            return None
        value = _plain(node)
        if not isinstance(value, str) or not value.strip():
            self.error(node, f"'{key}' boş olmayan bir metin olmalı")
            return None
        return value.strip()

    def entry(self, node: yaml.Node) -> FaqEntry | None:
        fields = _mapping(node)
        if fields is None:
            self.error(node, "her kayıt bir eşleme (anahtar: değer) olmalı")
            return None
        for key in fields.keys() - _ENTRY_KEYS:
            self.error(
                fields[key], f"bilinmeyen alan '{key}' (izinli: {', '.join(sorted(_ENTRY_KEYS))})"
            )
        entry_id = self.text(fields, "id", node)
        if entry_id and not _SLUG.match(entry_id):
            self.error(fields["id"], f"id '{entry_id}' küçük harf, rakam ve '-' içermeli")
        topic = self.text(fields, "topic", node)
        if topic and not _SLUG.match(topic):
            self.error(fields["topic"], f"topic '{topic}' küçük harf, rakam ve '-' içermeli")
        title = self.text(fields, "title", node)
        questions = self.questions(fields, node)
        answers = self.answers(fields, node)
        if not (entry_id and topic and title and questions and answers):
            return None
        return FaqEntry(
            id=entry_id,
            topic=topic,
            title=title,
            questions=tuple(questions),
            answers=tuple(answers),
            file=self.display,
            line=_line(node),
        )

    def questions(self, fields: dict[str, yaml.Node], where: yaml.Node) -> list[str] | None:
        node = fields.get("questions")
        if not isinstance(node, yaml.SequenceNode):
            self.error(node or where, "'questions' bir soru listesi olmalı")
            return None
        seen: dict[str, int] = {}
        result: list[str] = []
        for item in node.value:
            value = _plain(item)
            if not isinstance(value, str) or not value.strip():
                self.error(item, "her soru boş olmayan bir metin olmalı")
                continue
            folded = " ".join(fold_turkish(value).split())
            if folded in seen:
                self.error(item, f"aynı soru iki kez yazılmış (satır {seen[folded]})")
                continue
            seen[folded] = _line(item)
            result.append(value.strip())
        if len(result) < MIN_PHRASINGS:
            self.error(node, f"en az {MIN_PHRASINGS} farklı soru yazılmalı, {len(result)} var")
            return None
        return result

    def answers(self, fields: dict[str, yaml.Node], where: yaml.Node) -> list[Answer] | None:
        node = fields.get("answers")
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.error(node or where, "'answers' en az bir cevap içeren bir liste olmalı")
            return None
        answers: list[Answer] = []
        scopes: set[str] = set()
        for item in node.value:
            answer = self.answer(item)
            if answer is None:
                continue
            if answer.institution in scopes:
                self.error(
                    item,
                    f"'{answer.institution}' için iki cevap var; her kapsamda bir cevap olmalı",
                )
                continue
            scopes.add(answer.institution)
            answers.append(answer)
        return answers or None

    def answer(self, node: yaml.Node) -> Answer | None:
        fields = _mapping(node)
        if fields is None:
            self.error(node, "her cevap bir eşleme olmalı")
            return None
        for key in fields.keys() - _ANSWER_KEYS:
            self.error(
                fields[key], f"bilinmeyen alan '{key}' (izinli: {', '.join(sorted(_ANSWER_KEYS))})"
            )
        text = self.text(fields, "text", node)
        if text and len(text) > MAX_ANSWER_CHARS:
            self.error(fields["text"], f"cevap {MAX_ANSWER_CHARS} karakteri aşmamalı")
        institution = self.text(fields, "institution", node)
        scopes = (NATIONAL, *institution_codes())
        if institution and institution not in scopes:
            self.error(
                fields["institution"],
                f"institution '{institution}' şunlardan biri olmalı: {', '.join(scopes)}",
            )
            institution = None
        programme = self.text(fields, "programme", node)
        if programme and programme not in programme_names():
            self.error(
                fields["programme"],
                f"programme '{programme}' şunlardan biri olmalı: {', '.join(programme_names())}",
            )
            programme = None
        year = None
        if "year" in fields:
            year = _plain(fields["year"])
            if not isinstance(year, int) or not 2000 <= year <= 2100:
                self.error(fields["year"], "year 2000-2100 arası bir yıl olmalı")
                year = None
        source = self.source(fields, node)
        if not (text and institution and programme and source) or len(text) > MAX_ANSWER_CHARS:
            return None
        return Answer(
            text=text, institution=institution, programme=programme, source=source, year=year
        )

    def source(self, fields: dict[str, yaml.Node], where: yaml.Node) -> Source | None:
        node = fields.get("source")
        source_fields = _mapping(node) if node is not None else None
        if node is None or source_fields is None:
            self.error(node or where, "'source' alanı 'seed' ve 'part' içeren bir eşleme olmalı")
            return None
        seed = self.text(source_fields, "seed", node)
        part = self.text(source_fields, "part", node)
        if seed and not _SEED.match(seed):
            self.error(
                source_fields["seed"],
                f"seed '{seed}' bir kaynak dosya adı olmalı (ör. 003_e5248fd725775385.txt)",
            )
            return None
        return Source(seed=seed, part=part) if seed and part else None


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent.parent))
    except ValueError:
        return str(path)


def check_knowledge_base(directory: Path = FAQ_DIR) -> tuple[KnowledgeBase, list[FaqError]]:
    """Load every file and return the knowledge base with all errors found."""
    kb = KnowledgeBase()
    errors: list[FaqError] = []
    files = sorted(directory.glob("*.yml"))
    if not files:
        errors.append(FaqError(str(directory), 0, "hiç .yml dosyası yok"))
    phrasing_owner: dict[str, str] = {}
    for path in files:
        checker = _FileChecker(path, _display(path, directory))
        for entry in checker.load():
            if entry.id in kb.entries:
                other = kb.entries[entry.id]
                checker.error(
                    entry.line, f"id '{entry.id}' zaten kullanılmış ({other.file}:{other.line})"
                )
                continue
            for question in entry.questions:
                folded = " ".join(fold_turkish(question).split())
                owner = phrasing_owner.setdefault(folded, entry.id)
                if owner != entry.id:
                    checker.error(entry.line, f"'{question}' sorusu '{owner}' kaydında da var")
            kb.entries[entry.id] = entry
        errors.extend(checker.errors)
    return kb, errors


def load_knowledge_base(directory: Path = FAQ_DIR) -> KnowledgeBase:
    """Load and validate; raise FaqValidationError listing every problem."""
    kb, errors = check_knowledge_base(directory)
    if errors:
        raise FaqValidationError(errors)
    return kb
