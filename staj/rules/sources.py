"""Where a rule comes from and whose duty it is: the fields every rule in data/rules/ carries."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from staj.text import fold_turkish


class Owner(StrEnum):
    """Whose duty (or whose rule) it is."""

    STUDENT = "student"
    EMPLOYER = "employer"
    UNIVERSITY = "university"
    PROGRAMME = "programme"


@dataclass(frozen=True)
class Quote:
    """A short passage of a seed document that a rule rests on."""

    seed: str
    quote: str


def quotes_of(raw: Any) -> tuple[Quote, ...]:
    """A rule's `source`: one {seed, quote} mapping or a list of them."""
    items = raw if isinstance(raw, list) else [raw]
    return tuple(Quote(str(item["seed"]), str(item.get("quote", ""))) for item in items)


# Seed 002 was decoded with the wrong code page: "Ġ" stands for "İ", "Ģ"/"ģ" for "Ş"/"ş".
_MISDECODED = str.maketrans({"Ġ": "İ", "ġ": "ı", "Ģ": "Ş", "ģ": "ş"})
_WORD = re.compile(r"[a-z0-9]+")


def comparable(text: str) -> str:
    """Text reduced to its words (Turkish-folded, mis-decoded letters repaired, punctuation,
    quotes and line breaks dropped), so a quote can be found in a seed however it was wrapped."""
    return " ".join(_WORD.findall(fold_turkish(text.translate(_MISDECODED))))
