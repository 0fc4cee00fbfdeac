"""One source for each fact: no code string names a university, a programme or a programme
year; they come from data/ (institutions.yml, programmes.yml, rules/statuses.yml)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from staj.institutions import all_institutions, programme_names
from staj.students.statuses import programmes

ROOT = Path(__file__).resolve().parents[2]
CODE = ("staj", "bot", "panel", "actions", "cli")
# A programme year in code would go stale next year (the seeds' years are 2024-2026).
YEAR = re.compile(r"(?<!\d)20[1-4]\d(?!\d)")


def _facts() -> set[str]:
    facts: set[str] = set()
    for code, institution in all_institutions().items():
        facts.update({code, institution.name, institution.short})
    for code, name in programme_names().items():
        facts.update({code, name})
    for code, programme in programmes().items():
        facts.update({code, programme.name})
    return facts


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def literals_naming_facts(path: Path, facts: set[str]) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or id(node) in skip:
            continue
        value = node.value
        if isinstance(value, str) and (value in facts or YEAR.search(value)):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {value!r}")
        elif isinstance(value, int) and not isinstance(value, bool) and 2010 <= value <= 2049:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {value}")
    return found


def test_no_code_names_a_university_a_programme_or_a_year() -> None:
    facts = _facts()
    found = [
        hit
        for package in CODE
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts and path.name != "local_telegram.py"
        for hit in literals_naming_facts(path, facts)
    ]
    assert found == []


def test_the_check_finds_a_named_fact(tmp_path: Path) -> None:
    sample = ROOT / "staj" / "_sample_for_test.py"
    try:
        sample.write_text('"""Doc: ktu 2026 is fine here."""\nX = "ktu"\nY = 2026\nZ = "KTÜ BYS"\n')
        found = literals_naming_facts(sample, _facts())
    finally:
        sample.unlink()
    assert [hit.rsplit(": ", 1)[1] for hit in found] == ["'ktu'", "2026"]
