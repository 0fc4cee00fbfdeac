"""Admin edits of data/faq/, written back to the YAML files (comments and layout kept):
the repository stays the source of truth and the live knowledge base picks changes up.

Every edit is validated like the hand-written files before anything is written; a bad edit
raises EditError with the validator's message and leaves the files untouched.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
)

from staj.faq.loader import check_knowledge_base
from staj.faq.model import NATIONAL
from staj.institutions import national_programme
from staj.text.turkish import fold_turkish

FOLD_WIDTH = 88
MAX_ANSWER = 3000
MAX_QUESTION = 300
ADMIN_FILE = "yonetici.yml"  # entries admins create in Telegram
NEW_FILE_HEADER = "# Kariyer merkezi yöneticilerinin Telegram'dan eklediği kayıtlar.\nentries: []\n"


class EditError(ValueError):
    """Why an edit was refused, in Turkish, for the admin."""


@dataclass(frozen=True)
class Edit:
    entry_id: str
    file: str
    kind: str  # answer | questions | year | new | rollback
    before: str | None  # the entry as YAML (None: it did not exist)
    after: str | None  # None: the entry was removed (rollback of a new entry)
    needs_training: bool


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _dump(node: Any) -> str:
    buffer = io.StringIO()
    _yaml().dump(node, buffer)
    return buffer.getvalue()


def entry_yaml(node: CommentedMap) -> str:
    return _dump(node)


def _load(path: Path) -> CommentedMap:
    data: CommentedMap = _yaml().load(path.read_text(encoding="utf-8"))
    return data


def locate(entry_id: str, directory: Path) -> tuple[Path, CommentedMap, int]:
    for path in sorted(directory.glob("*.yml")):
        data = _load(path)
        for index, entry in enumerate(data.get("entries") or []):
            if entry.get("id") == entry_id:
                return path, data, index
    raise EditError(f"“{entry_id}” kimlikli bir kayıt yok.")


def folded(text: str) -> FoldedScalarString | LiteralScalarString:
    """An answer as the hand-written files have it: folded lines, or literal with breaks."""
    text = text.strip()
    if "\n" in text:
        return LiteralScalarString(text)
    scalar = FoldedScalarString(text)
    positions, line_start = [], 0
    for index, char in enumerate(text):
        if char == " " and index - line_start > FOLD_WIDTH:
            positions.append(index)
            line_start = index
    scalar.fold_pos = positions  # type: ignore[attr-defined]
    return scalar


def _write(path: Path, data: CommentedMap, directory: Path) -> None:
    """Validate the whole knowledge base with the new file, then replace the file atomically."""
    content = _dump(data)
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "faq"
        shutil.copytree(directory, copy)
        (copy / path.name).write_text(content, encoding="utf-8")
        _, errors = check_knowledge_base(copy)
    if errors:
        raise EditError("; ".join(e.message for e in errors[:3]))
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(content)
    Path(temporary).replace(path)


def _answer(entry: CommentedMap, index: int) -> CommentedMap:
    answers = entry.get("answers") or []
    if not 0 <= index < len(answers):
        raise EditError("Bu kayıtta böyle bir cevap yok.")
    answer: CommentedMap = answers[index]
    return answer


def set_answer_text(entry_id: str, index: int, text: str, directory: Path) -> Edit:
    if not text.strip():
        raise EditError("Cevap metni boş olamaz.")
    if len(text) > MAX_ANSWER:
        raise EditError(f"Cevap {MAX_ANSWER} karakteri geçmemeli (şu an {len(text)}).")
    path, data, position = locate(entry_id, directory)
    entry = data["entries"][position]
    before = entry_yaml(entry)
    _answer(entry, index)["text"] = folded(text)
    _write(path, data, directory)
    return Edit(entry_id, path.name, "answer", before, entry_yaml(entry), False)


def set_year(entry_id: str, index: int, year: int | None, directory: Path) -> Edit:
    path, data, position = locate(entry_id, directory)
    entry = data["entries"][position]
    before = entry_yaml(entry)
    answer = _answer(entry, index)
    if year is None:
        answer.pop("year", None)
    elif "year" in answer:
        answer["year"] = year
    else:  # where the hand-written files have it: before the source
        keys = list(answer)
        answer.insert(keys.index("source") if "source" in keys else len(keys), "year", year)
    _write(path, data, directory)
    return Edit(entry_id, path.name, "year", before, entry_yaml(entry), False)


def add_questions(entry_id: str, questions: list[str], directory: Path) -> Edit:
    cleaned = [" ".join(q.split()) for q in questions if q.strip()]
    if not cleaned:
        raise EditError("Eklenecek soru yok.")
    if any(len(q) > MAX_QUESTION for q in cleaned):
        raise EditError(f"Bir soru kalıbı {MAX_QUESTION} karakteri geçmemeli.")
    path, data, position = locate(entry_id, directory)
    entry = data["entries"][position]
    before = entry_yaml(entry)
    existing = {str(q).casefold() for q in entry["questions"]}
    for question in cleaned:
        if question.casefold() in existing:
            raise EditError(f"“{question}” bu kayıtta zaten var.")
        entry["questions"].append(question)
    _write(path, data, directory)
    return Edit(entry_id, path.name, "questions", before, entry_yaml(entry), True)


def remove_question(entry_id: str, question: str, directory: Path) -> Edit:
    """Drop one phrasing (a wrong or misleading one); the entry keeps the minimum the
    checks ask for, or the edit is refused."""
    path, data, position = locate(entry_id, directory)
    entry = data["entries"][position]
    before = entry_yaml(entry)
    questions = entry["questions"]
    wanted = fold_turkish(" ".join(question.split()))
    index = next((i for i, q in enumerate(questions) if fold_turkish(str(q)) == wanted), None)
    if index is None:
        raise EditError(f"“{question}” bu kayıtta yok.")
    del questions[index]
    _write(path, data, directory)
    return Edit(entry_id, path.name, "questions", before, entry_yaml(entry), True)


def entry_version(entry_id: str, directory: Path) -> str:
    """A short fingerprint of the entry as it is on disk: an edit made from an older view
    of the entry (someone else saved in between) can be refused instead of overwriting."""
    _, data, position = locate(entry_id, directory)
    return hashlib.sha256(entry_yaml(data["entries"][position]).encode()).hexdigest()[:16]


def check_version(entry_id: str, expected: str | None, directory: Path) -> None:
    if expected is not None and entry_version(entry_id, directory) != expected:
        raise EditError(
            "Bu kayıt, siz düzenlerken başka biri tarafından değiştirildi. "
            "Sayfayı yenileyip son hâlini görün, sonra tekrar deneyin."
        )


def add_entry(
    file_name: str,
    entry_id: str,
    topic: str,
    title: str,
    questions: list[str],
    answer_text: str,
    source_seed: str,
    source_part: str,
    institution: str = NATIONAL,
    programme: str | None = None,
    *,
    directory: Path,
) -> Edit:
    path = directory / file_name
    try:
        locate(entry_id, directory)
    except EditError:
        pass
    else:
        raise EditError(f"“{entry_id}” kimliği zaten kullanılıyor.")
    data = _load(path) if path.exists() else _yaml().load(NEW_FILE_HEADER)
    entry = CommentedMap()
    entry["id"] = entry_id
    entry["topic"] = topic
    entry["title"] = DoubleQuotedScalarString(title)
    entry["questions"] = CommentedSeq([" ".join(q.split()) for q in questions])
    answer = CommentedMap()
    answer["text"] = folded(answer_text)
    answer["institution"] = institution
    answer["programme"] = programme or national_programme()
    source = CommentedMap()
    source["seed"] = source_seed
    source["part"] = DoubleQuotedScalarString(source_part)
    answer["source"] = source
    entry["answers"] = CommentedSeq([answer])
    data["entries"].append(entry)
    _write(path, data, directory)
    return Edit(entry_id, path.name, "new", None, entry_yaml(entry), True)


def restore(entry_id: str, file_name: str, snapshot: str | None, directory: Path) -> Edit:
    """Put an entry back as ``snapshot`` (YAML of the entry), or remove it when None."""
    path = directory / file_name
    data = _load(path)
    entries = data["entries"]
    position = next((i for i, e in enumerate(entries) if e.get("id") == entry_id), None)
    before = entry_yaml(entries[position]) if position is not None else None
    if snapshot is None:
        if position is None:
            raise EditError("Kayıt zaten yok.")
        del entries[position]
    else:
        restored = _yaml().load(snapshot)
        if position is None:
            entries.append(restored)
        else:
            entries[position] = restored
    _write(path, data, directory)
    old_questions = _questions(before)
    needs_training = old_questions != _questions(snapshot)
    return Edit(entry_id, path.name, "rollback", before, snapshot, needs_training)


def _questions(snapshot: str | None) -> list[str]:
    if snapshot is None:
        return []
    return [str(q) for q in (_yaml().load(snapshot) or {}).get("questions") or []]
