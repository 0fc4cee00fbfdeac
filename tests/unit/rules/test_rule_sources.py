"""Every rule in data/rules/ says its source (with a quote found in the seed), whose duty it
is and, when its source is dated, its year; the validator refuses a rule that does not."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from staj.faq.sources import source_documents
from staj.paths import REPO_ROOT, RULES_DIR
from staj.rules.sources import comparable
from staj.rules.validation import check_rules

SEEDS = REPO_ROOT.parent / "shared" / "seeds"
YEARS = {seed: document.year for seed, document in source_documents().items()}


def test_the_rules_as_shipped_are_valid() -> None:
    assert [str(e) for e in check_rules(RULES_DIR, YEARS)] == []


@pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"kaynak belgeler yok ({SEEDS}): alıntılar denetlenemez"
)
def test_every_quote_occurs_in_the_seed_it_cites() -> None:
    assert [str(e) for e in check_rules(RULES_DIR, YEARS, SEEDS)] == []


def test_quotes_are_compared_through_wrapping_punctuation_and_misdecoded_letters() -> None:
    seed = "Staj iĢlemlerine iliĢkin “Tüm Staj\nBaĢvuruları” ekranından"
    assert comparable("staj işlemlerine ilişkin Tüm Staj Başvuruları") in comparable(seed)
    assert comparable("staj islemlerine iliskin tum staj") in comparable(seed)


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    shutil.copytree(RULES_DIR, tmp_path / "rules")
    shutil.copy(RULES_DIR.parent / "institutions.yml", tmp_path / "institutions.yml")
    return tmp_path / "rules"


def _edit(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _errors(rules: Path, seeds: Path | None = None) -> list[str]:
    return [str(e) for e in check_rules(rules, YEARS, seeds)]


def test_a_rule_without_owner_or_source_is_refused(rules_copy: Path) -> None:
    def strip(data: dict) -> None:  # type: ignore[type-arg]
        del data["deadlines"][0]["owner"]
        del data["deadlines"][1]["source"]

    _edit(rules_copy / "deadlines.yml", strip)
    errors = _errors(rules_copy)
    assert any("bys-basvuru" in e and "'owner'" in e for e in errors)
    assert any("teklif" in e and "'source' eksik" in e for e in errors)


def test_a_rule_on_a_dated_source_must_say_its_year(rules_copy: Path) -> None:
    _edit(rules_copy / "statuses.yml", lambda d: d["statuses"][0].pop("year"))
    _edit(rules_copy / "deadlines.yml", lambda d: d["deadlines"][1].update(year=2024))
    errors = _errors(rules_copy)
    assert any("yarim_kalan" in e and "2024" in e for e in errors)
    assert any("teklif" in e and "yıl 2024" in e for e in errors)


def test_an_unknown_seed_a_missing_quote_and_a_bad_deadline_reference_are_refused(
    rules_copy: Path,
) -> None:
    def spoil(data: dict) -> None:  # type: ignore[type-arg]
        data["steps"]["usp-edevlet"]["source"] = {"seed": "999_0000000000000000.txt"}
        data["steps"]["usp-staj"]["source"]["quote"] = ""
        data["steps"]["usp-tamamlama"]["deadline"] = "yok-boyle-bir-kural"

    _edit(rules_copy / "checklists.yml", spoil)
    errors = _errors(rules_copy)
    assert any("usp-edevlet" in e and "bilinmeyen kaynak" in e for e in errors)
    assert any("usp-staj" in e and "alıntı (quote) eksik" in e for e in errors)
    assert any("usp-tamamlama" in e and "deadlines.yml'de yok" in e for e in errors)


def test_configuration_must_be_marked_as_such(rules_copy: Path) -> None:
    _edit(rules_copy / "office_hours.yml", lambda d: d.pop("kind"))
    assert any("office_hours.yml" in e and "configuration" in e for e in _errors(rules_copy))


def test_a_quote_the_seed_does_not_contain_is_refused(rules_copy: Path, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for seed in YEARS:
        (seeds / seed).write_text("bu belgede hiçbir alıntı yok", encoding="utf-8")
    errors = _errors(rules_copy, seeds)
    assert any("ksu-evrak" in e and "içinde geçmiyor" in e for e in errors)
