"""Universities and programmes the assistant knows (data/institutions.yml,
data/programmes.yml) and spotting a university in text."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from staj.paths import REPO_ROOT
from staj.text.turkish import fold_turkish
from staj.text.words import word_starts

# The scope of a rule or answer that holds for every university (else a university's code).
NATIONAL_SCOPE = "national"


@dataclass(frozen=True)
class Institution:
    code: str
    name: str
    short: str
    aliases: tuple[str, ...]
    contact: str  # where its students turn when the assistant cannot help
    systems: tuple[str, ...] = ()  # its own systems (KTÜ's BYS), folded


@cache
def _raw() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (REPO_ROOT / "data" / "institutions.yml").read_text(encoding="utf-8")
    )
    return data


@cache
def all_institutions() -> dict[str, Institution]:
    return {
        code: Institution(
            code,
            item["name"],
            item["short"],
            tuple(item["aliases"]),
            item["contact"]["text"],
            tuple(item.get("systems", ())),
        )
        for code, item in _raw()["institutions"].items()
    }


@cache
def _programmes_raw() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (REPO_ROOT / "data" / "programmes.yml").read_text(encoding="utf-8")
    )
    return data


def institution_codes() -> tuple[str, ...]:
    return tuple(all_institutions())


def programme_names() -> dict[str, str]:
    """Programme code → the name a student reads."""
    return {code: item["name"] for code, item in _programmes_raw()["programmes"].items()}


def national_programme() -> str:
    """The code of the programme that speaks for every university."""
    return str(_programmes_raw()["national"])


def national_label() -> str:
    """The name of the programme that speaks for every university."""
    return programme_names()[national_programme()]


def short_name(code: str | None) -> str:
    """ "KTÜ" for ``ktu``; the national programme's name for the national scope or None."""
    institution = all_institutions().get(code or "")
    return institution.short if institution else national_label()


def contact_for(code: str | None) -> str:
    """Whom a student of ``code`` (None: not known) should turn to, in a sentence."""
    institution = all_institutions().get(code or "")
    return institution.contact if institution else str(_raw()["national_contact"]["text"])


def _codes_naming(text: str, phrases: Callable[[Institution], tuple[str, ...]]) -> set[str]:
    """The universities one of whose ``phrases`` starts a word of ``text``: Turkish suffixes
    may follow ("ktuluyum", "bilecikte", "bysye")."""
    starts = word_starts(text)
    return {
        code
        for code, institution in all_institutions().items()
        if any(f" {phrase}" in starts for phrase in phrases(institution))
    }


def _named_codes(text: str) -> set[str]:
    return _codes_naming(text, lambda institution: (institution.code, *institution.aliases))


def find_institution(text: str) -> str | None:
    """The code of the university named in ``text`` ("KTÜ'lüyüm" → "ktu"), if exactly one."""
    found = _named_codes(text)
    return found.pop() if len(found) == 1 else None


def names_another_university(text: str) -> bool:
    """The message names a university, and none the assistant knows ("İstanbul
    Üniversitesi'nde okuyorum")."""
    if _named_codes(text):
        return False
    words = word_starts(text).split()
    university_words = tuple(_raw()["university_words"])
    not_names = set(_raw()["not_university_names"])
    return any(
        word.startswith(university_words) and index > 0 and words[index - 1] not in not_names
        for index, word in enumerate(words)
    )


def systems_named(text: str) -> set[str]:
    """The universities whose own system the message names ("bys'ye" → KTÜ)."""
    return _codes_naming(text, lambda institution: institution.systems)


def institution_meant(text: str) -> str | None:
    """The university a message is about: the one it names, or else the one whose own
    system it names ("bys'ye ne yüklüyorum" is about KTÜ)."""
    named = find_institution(text)
    if named is not None:
        return named
    meant = systems_named(text)
    return meant.pop() if len(meant) == 1 else None


def says_where_one_studies(text: str) -> bool:
    """The message has a word of "I study at ..." ("öğrencisiyim", "okuyorum"; data/
    institutions.yml introduction_words)."""
    starts = word_starts(text)
    return any(f" {word}" in starts for word in _raw()["introduction_words"])


# "ben KTÜ bilgisayar mühendisliği öğrencisiyim, ...", "ksü'de okuyorum ...": a leading clause
# in the first person that says where the student studies (folded).
_LEADING_INTRODUCTION = re.compile(
    r"^(?P<clause>.{0,80}?)\b(?:ogrencisiyim|ogrenciyim|okuyorum|okuyom|okumaktayim)\b[\W_]*"
)


def after_introduction(text: str) -> str:
    """The message after a leading clause that says which known university the student is
    at ("ktü öğrencisiyim stajım ne zaman biter" → "stajım ne zaman biter"); the whole
    message when it has none, or when too little would be left to be a question."""
    found = _LEADING_INTRODUCTION.match(fold_turkish(text))
    if found is None or not _named_codes(found.group("clause")):
        return text
    rest = text[found.end() :]
    return rest if len(rest.split()) >= 2 else text


def names_national_programme(text: str) -> bool:
    """The message names the national programme ("ulusal staj programında", "usp'de")."""
    starts = word_starts(text)
    return any(f" {name}" in starts for name in _programmes_raw()["national_names"])
