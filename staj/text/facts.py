"""Facts a student states in passing: "Lisans 3. sınıf öğrencisiyim, ortalamam 2.45",
"20 iş günlük, haftada 5 gün". Parsed from Turkish-folded text; bad values are kept so the
assistant can say what was wrong instead of silently ignoring them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from staj.text.turkish import fold_turkish

_ORDINALS = {"birinci": 1, "ikinci": 2, "ucuncu": 3, "dorduncu": 4, "besinci": 5, "altinci": 6}
_GPA_WORDS = r"(?:ortalama\w*|gno\w*|agno\w*|gano\w*|not ort\w*|ortalamam)"


def _fold(text: str) -> str:
    return " ".join(fold_turkish(text).replace("'", "").split())


@dataclass(frozen=True)
class ProfileFacts:
    level: str | None = None  # "lisans" | "on_lisans"
    year_of_study: int | None = None
    gpa: float | None = None
    excluded_field: str | None = None  # "tip" | "ogretmenlik"
    graduating: bool = False
    double_major: bool = False
    bad_year_of_study: str | None = None  # a class the student gave that cannot be right
    bad_gpa: str | None = None  # an average that cannot be right
    graduate_student: bool = False  # yüksek lisans / doktora
    open_education: bool = False  # açıköğretim: not the formal (örgün) education the rule asks
    abroad: bool = False  # studies in the KKTC or abroad
    # "year_of_study" or "gpa": the message asks what the rule requires of it ("hangi
    # sınıflar başvurabilir", "ortalama kaç olmalı"), whatever it says of the student's own.
    asked_rule: str | None = None

    @property
    def about_the_student(self) -> bool:
        """Level, class or average: the facts a verdict is computed from."""
        return any(
            v is not None
            for v in (
                self.level,
                self.year_of_study,
                self.gpa,
                self.bad_year_of_study,
                self.bad_gpa,
            )
        )

    @property
    def single_fact(self) -> str | None:
        """A fact asked about on its own, with none of level, class or average."""
        if (
            self.about_the_student
            or self.excluded_field
            or self.graduate_student
            or self.open_education
        ):
            return None
        return next(iter(self.entry_facts), None)

    @property
    def entry_facts(self) -> tuple[str, ...]:
        """The facts stated that have a FAQ entry of their own (data/rules/eligibility.yml)."""
        return tuple(
            name for name in ("abroad", "graduating", "double_major") if getattr(self, name)
        )

    @property
    def anything(self) -> bool:
        return (
            any(
                v not in (None, False)
                for v in (
                    self.level,
                    self.year_of_study,
                    self.gpa,
                    self.excluded_field,
                    self.bad_year_of_study,
                    self.bad_gpa,
                )
            )
            or self.graduate_student
            or self.open_education
        )


def parse_level(folded: str) -> str | None:
    if re.search(
        r"\b(on ?-?lisans|onlisans|myo|meslek yuksek ?okul\w*|2 yillik|iki yillik)", folded
    ):
        return "on_lisans"
    if re.search(
        r"(?<!yuksek )(?<!on )(?<!on-)\blisans\b|\blisans\w+|4 yillik|dort yillik|fakulte", folded
    ):
        return "lisans"
    return None


# After "1. sınıf": the class's students in general ("1. sınıflar", "2. sınıftakiler", "3.
# sınıf öğrencileri", "4. sınıfta okuyanlar"), not the student's own class.
# "1. sınıf öğrencileriyiz" is the students' own class again.
_GENERAL_CLASS = re.compile(
    r"(?:lar|ler|\w*(?:taki|daki|teki|deki)\w*|\w* ogrenciler(?:i|in|inin)?|\w* okuyanlar)\b"
)
# A question about what the rule asks ("hangi sınıflar", "kaçıncı sınıftan itibaren", "not
# ortalaması kaç olmalı", "ortalama şartı var mı"), in folded form.
_CLASS_RULE = re.compile(
    r"\b(?:hangi|kacinci|kac)\s*(?:\.|inci|nci)?\s*sinif|\bsinif (?:sart|sinir|kosul)"
)
_GPA_RULE = re.compile(
    r"\b(?:ortalama|gno|agno|gano)\w*\s+(?:kac|ne kadar|en az|minimum|sart|sinir|kosul"
    r"|bakil|onemli|gerek|istenir|isteniyor)|\bkac (?:ortalama|gno|agno|gano)"
    r"|\b(?:minimum|en az|en dusuk|gereken|gerekli|istenen) (?:not )?(?:ortalama|gno|agno|gano)"
)


def _is_general_class(folded: str, match: re.Match[str]) -> bool:
    return _GENERAL_CLASS.match(folded, match.end()) is not None


def asked_rule(folded: str) -> str | None:
    """ "year_of_study" or "gpa" when the message asks what the rule requires of it, rather
    than stating the student's own."""
    if _CLASS_RULE.search(folded) or any(
        _is_general_class(folded, m) for m in re.finditer(r"sin[iı]f", folded)
    ):
        return "year_of_study"
    if _GPA_RULE.search(folded):
        return "gpa"
    return None


def parse_year_of_study(folded: str, level: str | None) -> tuple[int | None, str | None]:
    """(class, bad value). "son sınıf" needs the level to mean 4 or 2; a class's students in
    general ("1. sınıflar başvurabilir mi") are not the student's own class."""
    if re.search(r"\bhazirlik", folded):
        return 0, None  # the preparatory year: a real answer, just not an eligible class
    numbered = re.search(r"\b(\d{1,2})\s*\.?\s*(?:inci|nci|uncu|ncu|nci)?\s*sin[iı]f", folded)
    if numbered and _is_general_class(folded, numbered):
        return None, None
    match = numbered or re.search(r"\bsinif\w*\s*(?:da|ta|de|te)?\s*:?\s*(\d{1,2})\b", folded)
    if match:
        value = int(match.group(1))
        return (value, None) if 1 <= value <= 6 else (None, match.group(1))
    # Chat spelling without "sınıf": "lisans 1 deyim", "3 teyim", "myo 2. sinif" is above.
    said = re.search(r"\b(\d)\s*\.?\s*(?:de|da|te|ta)y[iu]m\b", folded) or re.search(
        r"\b(?:on ?lisans|onlisans|lisans|myo)\s+(\d)"
        r"(?![.,]\d|\d|\s*\.?\s*(?:yil|sene|donem|ay\b|aylik|gun|hafta))",
        folded,
    )
    if said:
        value = int(said.group(1))
        return (value, None) if 1 <= value <= 6 else (None, said.group(1))
    words = re.search(r"\b(" + "|".join(_ORDINALS) + r")\s+sinif", folded)
    if words and _is_general_class(folded, words):
        return None, None
    if words:
        return _ORDINALS[words.group(1)], None
    if re.search(r"\bson sinif", folded):
        return ({"lisans": 4, "on_lisans": 2}.get(level or ""), None)
    return None, None


def parse_gpa(folded: str, bare_number_is_gpa: bool = False) -> tuple[float | None, str | None]:
    """(average on the 4-point scale, bad value)."""
    match = re.search(
        _GPA_WORDS + r"\s*(?:im|m|si|sı|:|=|de|da)?\s*(\d+(?:[.,]\d+)?)", folded
    ) or re.search(r"(\d(?:[.,]\d{1,2})?)\s*/\s*4\b", folded)
    if match is None and bare_number_is_gpa:
        match = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*", folded)
    if match is None:
        # "ortalamam abc": the student meant an average but gave none we can use.
        said = re.search(rf"({_GPA_WORDS})\s*(im|m|si|:)?\s*(\S+)?", folded)
        if said and said.group(3) and _states_an_average(said, folded):
            return None, said.group(3).rstrip("?.!") or said.group(3)
        lone_number = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*", folded)
        if bare_number_is_gpa and lone_number:
            return None, lone_number.group(1)
        return None, None
    raw = match.group(1)
    value = float(raw.replace(",", "."))
    if not 0 <= value <= 4:
        return None, raw
    return round(value, 2), None


def _states_an_average(said: re.Match[str], folded: str) -> bool:
    """The word after "ortalama" is meant as the student's average: it has a digit
    ("2.5.1"), or the student gives their own ("ortalamam abc", "gno: iyi") and says nothing
    after it. "not ortalaması şartı var mı" and "ortalamam yeterli mi" state none."""
    word, suffix, value = said.group(1), said.group(2), said.group(3)
    if any(ch.isdigit() for ch in value):
        return True
    own = suffix in ("im", "m", ":") or re.search(r"m(?:iz)?$", word) is not None
    return own and not folded[said.end(3) :].strip(" ?.!")


def parse_profile(text: str, bare_number: str | None = None) -> ProfileFacts:
    """Everything the message says about the student. ``bare_number`` names the fact a lone
    number answers ("gpa" or "year_of_study"), when the assistant has just asked for it."""
    folded = _fold(text)
    level = parse_level(folded)
    year, bad_year = parse_year_of_study(folded, level)
    if year is None and bad_year is None and bare_number == "year_of_study":
        lone = re.fullmatch(r"\s*(\d{1,2})\s*\.?\s*", folded)
        if lone:
            value = int(lone.group(1))
            year, bad_year = (value, None) if 1 <= value <= 6 else (None, lone.group(1))
    gpa, bad_gpa = parse_gpa(folded, bare_number_is_gpa=bare_number == "gpa")
    field = None
    if re.search(r"\btip\b|\btipta|\btip fakult|\btip ogrenc|\btip okuy", folded):
        field = "tip"
    elif re.search(r"ogretmenlig|ogretmenlik", folded):
        field = "ogretmenlik"
    return ProfileFacts(
        level=level,
        year_of_study=year,
        gpa=gpa,
        excluded_field=field,
        graduating=bool(re.search(r"mezun (olacag|oluyor|olucam|oldum|olmus|olunca)", folded)),
        double_major=bool(re.search(r"cift ?ana ?dal|\bcap\b", folded)),
        bad_year_of_study=bad_year,
        bad_gpa=bad_gpa,
        graduate_student=bool(re.search(r"yuksek lisans|doktora", folded)),
        open_education=bool(
            re.search(
                r"acik ?ogretim|\baof|\bacik ?ve uzaktan|uzaktan (egitim|ogretim) ?(ogrenc|program|bolum)",
                folded,
            )
        ),
        abroad=bool(re.search(r"\bkktc|\bkibris|yurt ?dis|\bdisarida okuy", folded)),
        asked_rule=asked_rule(folded),
    )


@dataclass(frozen=True)
class InternshipLength:
    working_days: int | None = None
    days_per_week: int | None = None
    bad_days_per_week: str | None = None
    bad_working_days: str | None = None


# The working week in words, in folded form: Saturdays off ("cumartesi hariç", "hafta içi",
# "pazartesi-cuma") or worked ("cumartesi dahil", "cumartesileri de çalışıyorum").
_FIVE_DAY_WEEK = re.compile(
    r"cumartesi\w*\s+(?:haric|yok|calism|tatil|izin)|hafta ?sonu\w*\s+(?:haric|yok|calism|tatil)"
    r"|pazartesi\s*(?:-|ile|ila|den|dan)?\s*cuma\b|\bsadece hafta ?ici|\bhafta ?ici (?:her gun|calis)"
)
_SIX_DAY_WEEK = re.compile(
    r"cumartesi\w*\s+(?:dahil|de\b|da\b|gunleri de|calis)|pazartesi\s*(?:-|ile|ila|den|dan)?\s*"
    r"cumartesi|hafta ?ici (?:ve|\+) cumartesi"
)


def _worded_week(folded: str) -> int | None:
    if _FIVE_DAY_WEEK.search(folded):
        return 5
    if _SIX_DAY_WEEK.search(folded):
        return 6
    return None


def parse_length(text: str, bare_number: str | None = None) -> InternshipLength:
    """Working days and days per week: "20 iş günlük, haftada 5 gün", "30 gün", "6 günlük hafta"."""
    folded = _fold(text)
    per_week = re.search(
        r"haftada\s*(\d{1,2})|(\d{1,2})\s*gun\w*\s*(?:hafta|calis)|haftalik\s*(\d)", folded
    )
    days_per_week = bad_week = None
    if per_week:
        raw = next(g for g in per_week.groups() if g)
        days_per_week, bad_week = (int(raw), None) if raw in ("5", "6") else (None, raw)
        folded_rest = folded[: per_week.start()] + " " + folded[per_week.end() :]
    else:
        folded_rest = folded
        days_per_week = _worded_week(folded)
    length = re.search(r"(\d{1,3})\s*(?:is\s*gun\w*|gun\w*)", folded_rest)
    working_days = bad_days = None
    if length:
        value = int(length.group(1))
        working_days, bad_days = (value, None) if 1 <= value <= 400 else (None, length.group(1))
    lone = re.fullmatch(r"\s*(\d{1,3})\s*", folded)
    if lone and bare_number == "working_days" and working_days is None:
        value = int(lone.group(1))
        working_days, bad_days = (value, None) if 1 <= value <= 400 else (None, lone.group(1))
    if lone and bare_number == "days_per_week" and days_per_week is None:
        raw = lone.group(1)
        days_per_week, bad_week = (int(raw), None) if raw in ("5", "6") else (None, raw)
    return InternshipLength(working_days, days_per_week, bad_week, bad_days)
