"""What a student's message asks the assistant to compute, read from the facts it carries:
"14.07.2025'te başlıyorum, 20 iş günü, ne zaman biter?" wants an end date, "stajım 1 ağustos
2025'te başlıyor, BYS başvurusunu en geç ne zaman yapmalıyım?" the deadlines, "lisans 3.
sınıf ortalamam 2,4" an eligibility verdict."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

from staj.text.dates import DateError, parse_date
from staj.text.facts import parse_length, parse_profile
from staj.text.turkish import fold_turkish


class Computation(StrEnum):
    END_DATE = "end_date"  # the last day from a start date and a length
    DEADLINES = "deadlines"  # the deadlines counted back from a start date
    ELIGIBILITY = "eligibility"  # a verdict from the student's class, level and average
    START_DATE_ONLY = "start_date_only"  # a date and nothing that says what it is for


_END_WORDS = re.compile(r"\bbit(er|is|ecek|iyor|mesi|tigi|tig)|\bson gun(u|um)\b|\bsonu ne")
_DEADLINE_WORDS = re.compile(
    r"son tarih|en gec|\bbys\b|teklif|\bsgk\b|sigorta|evrak|belge|kac gun once|gun once"
    r"|basvur|ne zamana kadar|deadline|gecikme"
)
# A length stated on its own ("20 iş günü, haftada 5 gün", "20 iş günü staj yapacağım"), as
# opposed to a question about lengths or start dates ("30 iş günü staj ne zaman başlıyor",
# "bu programda da 30 gün mü yapacağım"): only the first asks for an end date.
_LENGTH_STATEMENT_WORDS = re.compile(
    r"\b(?:\d+|is|gun\w*|haftada|hafta\w*|staj\w*|toplam|ve|ile|yapacag\w*|surecek|suruyor)\b"
)
_LONE_DECIMAL = re.compile(r"\s*[0-4][.,]\d{1,2}\s*")
_AVERAGE = re.compile(
    r"\b(?:ortalama\w*|gno\w*|agno\w*|gano\w*|not ort\w*|notum)\s*(?:im|m|si|:|=)?\s*\d+(?:[.,]\d+)?"
)


def _folded(text: str) -> str:
    return " ".join(fold_turkish(text).replace("'", "").split())


def start_date_in(text: str, today: date) -> date | None:
    """The date ``text`` names, averages left out ("ortalamam 3.5" is not the 3rd of May).
    Raises DateError for a date that does not exist."""
    return parse_date(_AVERAGE.sub(" ", _folded(text)), today)


def computation_in(text: str, today: date) -> Computation | None:
    """The computation ``text`` asks for with its own facts (None: it asks none)."""
    folded = _folded(text)
    try:
        dated = start_date_in(text, today) is not None
        impossible = False
    except DateError:
        dated, impossible = False, True
    length = parse_length(text)
    has_length = length.working_days is not None or length.days_per_week is not None
    ends, deadlines = bool(_END_WORDS.search(folded)), bool(_DEADLINE_WORDS.search(folded))
    if dated or (impossible and (ends or deadlines or has_length)):
        if has_length or ends:
            return Computation.END_DATE
        if deadlines:
            return Computation.DEADLINES
        return Computation.START_DATE_ONLY if dated else None
    profile = parse_profile(text)
    if profile.level or profile.year_of_study is not None or profile.gpa is not None:
        return Computation.ELIGIBILITY
    if profile.graduate_student or profile.open_education:  # the check says they are outside
        return Computation.ELIGIBILITY
    if _LONE_DECIMAL.fullmatch(folded):  # "2,45" on its own: an average, most likely
        return Computation.ELIGIBILITY
    if has_length and (ends or not _LENGTH_STATEMENT_WORDS.sub(" ", folded).strip(" ,.")):
        return Computation.END_DATE
    return None
