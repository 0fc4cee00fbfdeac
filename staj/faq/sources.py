"""The catalogue of source documents that answers cite (data/sources.yml)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

import yaml

from staj.paths import REPO_ROOT


@dataclass(frozen=True)
class SourceDocument:
    seed: str
    title: str
    institution: str  # national, a university code, or career_centre
    year: int | None = None  # the programme year the document belongs to


@cache
def source_documents() -> dict[str, SourceDocument]:
    raw = yaml.safe_load((REPO_ROOT / "data" / "sources.yml").read_text(encoding="utf-8"))
    return {
        seed: SourceDocument(seed, item["title"], item["institution"], item.get("year"))
        for seed, item in raw["sources"].items()
    }


def source_label(seed: str) -> str:
    """ "KTÜ BYS kullanım kılavuzu (002)": the title and the seed's number, for citations."""
    document = source_documents().get(seed)
    number = seed.split("_", 1)[0]
    return f"{document.title} ({number})" if document else number


def answer_years(today: date) -> list[int]:
    """The programme years an admin may give an answer: its sources' years, this year and
    the next."""
    years = {d.year for d in source_documents().values() if d.year is not None}
    return sorted(years | {today.year, today.year + 1})
