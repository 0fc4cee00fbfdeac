"""Career-office CSV files: read, validate row by row, report every bad row by line.

Nothing here touches the store: the result is a list of clean rows or a list of errors, and
staj.store.records applies a file in one transaction only when it has no errors.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Generic, TypeVar

from staj.institutions import institution_codes
from staj.students.statuses import find_status, programmes, status_codes
from staj.text.turkish import fold_turkish

STUDENT_COLUMNS = ("ogrenci_no", "ad_soyad", "universite", "fakulte", "bolum", "program", "sinif")
STUDENT_REQUIRED = ("ogrenci_no", "ad_soyad", "universite", "program")
APPLICATION_COLUMNS = (
    "ogrenci_no",
    "universite",
    "program",
    "yil",
    "durum",
    "teklif_turu",
    "isveren",
    "sehir",
    "baslangic",
    "bitis",
    "cevap_son_gun",
    "isveren_iletisim",
    "red_nedeni",
)
APPLICATION_REQUIRED = ("ogrenci_no", "universite", "program", "yil", "durum")
PROGRAMME_TYPES = {"lisans": "lisans", "onlisans": "onlisans", "on lisans": "onlisans"}
MAX_ROWS = 50_000
RowT = TypeVar("RowT")


@dataclass(frozen=True)
class StudentRow:
    line: int
    institution: str
    student_number: str
    full_name: str
    faculty: str | None
    department: str | None
    programme_type: str
    class_year: int | None


@dataclass(frozen=True)
class ApplicationRow:
    line: int
    institution: str
    student_number: str
    programme: str
    year: int
    status: str
    offer_type: str | None
    employer: str | None
    city: str | None
    start_date: date | None
    end_date: date | None
    answer_by: date | None
    employer_contact: str | None
    rejection_reason: str | None


@dataclass
class ParsedFile(Generic[RowT]):
    rows: list[RowT] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # "satır 4: ..." in file order

    @property
    def ok(self) -> bool:
        return not self.errors


class RowError(ValueError):
    pass


def _read(source: Path | bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and (line number, row) pairs of a file, or of an upload's bytes; UTF-8 with or
    without BOM, comma or semicolon."""
    try:
        raw = source.read_bytes() if isinstance(source, Path) else source
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RowError("dosya UTF-8 değil; Excel'de “CSV UTF-8” olarak kaydedin") from exc
    if not content.strip():
        raise RowError("dosya boş")
    first_line = content.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(content), delimiter=delimiter)
    header = [fold_turkish(h).strip().replace(" ", "_") for h in next(reader)]
    rows: list[tuple[int, dict[str, str]]] = []
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        if len(rows) >= MAX_ROWS:
            raise RowError(f"dosyada {MAX_ROWS} satırdan fazla kayıt var; dosyayı bölün")
        padded = values + [""] * (len(header) - len(values))
        rows.append((reader.line_num, dict(zip(header, (v.strip() for v in padded), strict=False))))
        if len(values) > len(header):
            rows[-1][1]["__extra__"] = "1"
    return header, rows


def _check_header(header: list[str], expected: tuple[str, ...], required: tuple[str, ...]) -> None:
    missing = [c for c in required if c not in header]
    unknown = [c for c in header if c and c not in expected]
    problems = []
    if missing:
        problems.append("eksik sütun: " + ", ".join(missing))
    if unknown:
        problems.append("bilinmeyen sütun: " + ", ".join(unknown))
    if problems:
        raise RowError("başlık satırı hatalı (" + "; ".join(problems) + ")")


def _date(value: str, column: str) -> date | None:
    if not value:
        return None
    for parse in (_dotted, date.fromisoformat):
        try:
            return parse(value)
        except ValueError:
            continue
    raise RowError(f"{column} “{value}” geçerli bir tarih değil (GG.AA.YYYY)")


def _dotted(value: str) -> date:
    day, month, year = value.replace("/", ".").split(".")
    return date(int(year), int(month), int(day))


def _institution(value: str) -> str:
    code = fold_turkish(value).strip()
    if code not in institution_codes():
        raise RowError(f"universite “{value}” tanınmıyor ({', '.join(institution_codes())})")
    return code


def _student_number(value: str) -> str:
    if not value.isalnum() or len(value) > 32:
        raise RowError(f"ogrenci_no “{value[:40]}” geçerli değil (yalnızca harf ve rakam)")
    return value


def _text(row: dict[str, str], column: str, limit: int) -> str | None:
    value = row.get(column, "")
    if len(value) > limit:
        raise RowError(f"{column} {limit} karakterden uzun")
    return value or None


def _parse_student(line: int, row: dict[str, str]) -> StudentRow:
    for column in STUDENT_REQUIRED:
        if not row.get(column):
            raise RowError(f"{column} boş")
    programme_type = PROGRAMME_TYPES.get(fold_turkish(row["program"]).strip())
    if programme_type is None:
        raise RowError(f"program “{row['program']}” geçerli değil (lisans ya da önlisans)")
    class_year = None
    if row.get("sinif"):
        if not row["sinif"].isdigit() or not 1 <= int(row["sinif"]) <= 7:
            raise RowError(f"sinif “{row['sinif']}” geçerli değil (1-7 arası bir sayı)")
        class_year = int(row["sinif"])
    full_name = _text(row, "ad_soyad", 128) or ""
    return StudentRow(
        line=line,
        institution=_institution(row["universite"]),
        student_number=_student_number(row["ogrenci_no"]),
        full_name=" ".join(full_name.split()),
        faculty=_text(row, "fakulte", 128),
        department=_text(row, "bolum", 128),
        programme_type=programme_type,
        class_year=class_year,
    )


def parse_application_row(line: int, row: dict[str, str]) -> ApplicationRow:
    """One application as staff give it (a CSV row, or `stajbot status set`'s options)."""
    for column in APPLICATION_REQUIRED:
        if not row.get(column):
            raise RowError(f"{column} boş")
    institution = _institution(row["universite"])
    programme = fold_turkish(row["program"]).strip()
    if programme not in programmes():
        raise RowError(f"program “{row['program']}” tanınmıyor ({', '.join(programmes())})")
    if not programmes()[programme].open_to(institution):
        raise RowError(f"{programme} programı {institution} öğrencileri için değil")
    if not row["yil"].isdigit() or not 2000 <= int(row["yil"]) <= 2100:
        raise RowError(f"yil “{row['yil']}” geçerli değil (dört haneli bir yıl olmalı)")
    status = find_status(programme, row["durum"])
    if status is None:
        raise RowError(
            f"durum “{row['durum']}” {programme} için geçerli değil "
            f"({', '.join(status_codes(programme))})"
        )
    offer_type = fold_turkish(row.get("teklif_turu", "")).strip() or None
    if offer_type not in (None, "asil", "yedek"):
        raise RowError(f"teklif_turu “{row['teklif_turu']}” geçerli değil (asil ya da yedek)")
    start = _date(row.get("baslangic", ""), "baslangic")
    end = _date(row.get("bitis", ""), "bitis")
    answer_by = _date(row.get("cevap_son_gun", ""), "cevap_son_gun")
    if start and end and end < start:
        raise RowError("bitis, baslangic tarihinden önce")
    if status.phase == "offer" and (offer_type is None or answer_by is None):
        raise RowError("teklif durumunda teklif_turu (asil/yedek) ve cevap_son_gun gerekli")
    if status.bys_phase == "rejected" and not row.get("red_nedeni"):
        raise RowError("reddedilen başvuru için red_nedeni gerekli")
    return ApplicationRow(
        line=line,
        institution=institution,
        student_number=_student_number(row["ogrenci_no"]),
        programme=programme,
        year=int(row["yil"]),
        status=status.code,
        offer_type=offer_type,
        employer=_text(row, "isveren", 256),
        city=_text(row, "sehir", 64),
        start_date=start,
        end_date=end,
        answer_by=answer_by,
        employer_contact=_text(row, "isveren_iletisim", 256),
        rejection_reason=_text(row, "red_nedeni", 2000),
    )


def _parse(
    path: Path | bytes,
    columns: tuple[str, ...],
    required: tuple[str, ...],
    parse_row: object,
    key: object,
) -> ParsedFile[RowT]:
    parsed: ParsedFile[RowT] = ParsedFile()
    try:
        header, rows = _read(path)
        _check_header(header, columns, required)
    except RowError as exc:
        parsed.errors.append(f"satır 1: {exc}")
        return parsed
    except OSError as exc:
        parsed.errors.append(f"dosya okunamadı: {exc.strerror}")
        return parsed
    seen: dict[object, int] = {}
    for line, row in rows:
        try:
            if row.pop("__extra__", None):
                raise RowError("başlıktan fazla sütun var")
            item = parse_row(line, row)  # type: ignore[operator]
            identity = key(item)  # type: ignore[operator]
            if identity in seen:
                raise RowError(f"aynı kayıt {seen[identity]}. satırda da var")
            seen[identity] = line
            parsed.rows.append(item)
        except RowError as exc:
            parsed.errors.append(f"satır {line}: {exc}")
    if not rows and not parsed.errors:
        parsed.errors.append("dosyada başlıktan başka satır yok")
    return parsed


def parse_students(path: Path | bytes) -> ParsedFile[StudentRow]:
    return _parse(
        path,
        STUDENT_COLUMNS,
        STUDENT_REQUIRED,
        _parse_student,
        lambda r: (r.institution, r.student_number),
    )


def parse_applications(path: Path | bytes) -> ParsedFile[ApplicationRow]:
    return _parse(
        path,
        APPLICATION_COLUMNS,
        APPLICATION_REQUIRED,
        parse_application_row,
        lambda r: (r.institution, r.student_number, r.programme, r.year),
    )
