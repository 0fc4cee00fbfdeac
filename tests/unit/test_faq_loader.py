"""The knowledge base schema: every error points at its file and line."""

from pathlib import Path
from textwrap import dedent

from staj.faq.loader import check_knowledge_base

GOOD_ANSWER = """\
      - text: Cevap.
        institution: national
        programme: ulusal_staj_programi
        source: {seed: 003_e5248fd725775385.txt, part: "Bölüm"}
"""


def _entry(entry_id: str, questions: list[str], answers: str = GOOD_ANSWER, extra: str = "") -> str:
    lines = "\n".join(f"      - {q}" for q in questions)
    return f"  - id: {entry_id}\n    topic: konu\n    title: Başlık\n{extra}    questions:\n{lines}\n    answers:\n{answers}"


def _write(tmp_path: Path, name: str, body: str) -> Path:
    (tmp_path / name).write_text(body, encoding="utf-8")
    return tmp_path


QUESTIONS = [f"soru {i}" for i in range(8)]


def test_the_repository_knowledge_base_is_valid() -> None:
    kb, errors = check_knowledge_base()
    assert errors == []
    assert len(kb) > 0


def test_a_valid_file_loads(tmp_path: Path) -> None:
    kb, errors = check_knowledge_base(
        _write(tmp_path, "a.yml", "entries:\n" + _entry("bir-kayit", QUESTIONS))
    )
    assert errors == [] and list(kb.entries) == ["bir-kayit"]


def test_too_few_phrasings_and_bad_scope_are_reported_with_lines(tmp_path: Path) -> None:
    bad_answer = GOOD_ANSWER.replace("national", "odtu")
    body = "entries:\n" + _entry("kisa", QUESTIONS[:3], answers=bad_answer)
    _, errors = check_knowledge_base(_write(tmp_path, "a.yml", body))
    messages = {(e.line, e.message.split(" ")[0]) for e in errors}
    assert any("en az 8" in e.message for e in errors)
    assert any("institution 'odtu'" in e.message for e in errors)
    assert all(e.file.endswith("a.yml") and e.line > 1 for e in errors), messages


def test_duplicate_ids_and_phrasings_across_files(tmp_path: Path) -> None:
    _write(tmp_path, "a.yml", "entries:\n" + _entry("ayni", QUESTIONS))
    _write(tmp_path, "b.yml", "entries:\n" + _entry("ayni", [q + " x" for q in QUESTIONS]))
    _write(
        tmp_path,
        "c.yml",
        "entries:\n" + _entry("baska", ["SORU 0", *[f"yeni {i}" for i in range(8)]]),
    )
    _, errors = check_knowledge_base(tmp_path)
    text = "\n".join(map(str, errors))
    assert "b.yml" in text and "zaten kullanılmış" in text
    assert "c.yml" in text and "'ayni' kaydında da var" in text


def test_unknown_fields_bad_year_and_broken_yaml(tmp_path: Path) -> None:
    answer = GOOD_ANSWER + "        year: 1999\n"
    _write(
        tmp_path,
        "a.yml",
        "entries:\n" + _entry("x", QUESTIONS, answers=answer, extra="    colour: red\n"),
    )
    _write(
        tmp_path,
        "b.yml",
        dedent("""\
        entries:
          - id: [unclosed
        """),
    )
    _, errors = check_knowledge_base(tmp_path)
    text = "\n".join(map(str, errors))
    assert "bilinmeyen alan 'colour'" in text
    assert "year 2000-2100" in text
    assert "b.yml" in text and "YAML okunamadı" in text
