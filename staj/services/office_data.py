"""The career office's own data into the store: a students or applications CSV, checked row
by row, applied all at once or not at all; and link-code sheets. The CLI and the web panel
both come here, and report the outcome in the same words."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.clock import LOCAL
from staj.staff.texts import text
from staj.store import records
from staj.store.links import IssuedCode
from staj.students import importing
from staj.students.codes import deep_link

Kind = Literal["students", "applications"]
KINDS: tuple[Kind, ...] = ("students", "applications")


@dataclass(frozen=True)
class Imported:
    kind: Kind
    rows: int
    summary: records.ImportSummary


@dataclass(frozen=True)
class Rejected:
    """Nothing from the file was applied; every bad row is named, so one round of fixes is
    enough."""

    errors: list[str]


ImportOutcome = Imported | Rejected


def _line_number(error: str) -> int:
    number = error.removeprefix("satır ").split(":", 1)[0]
    return int(number) if number.isdigit() else 0


async def import_file(
    sessions: async_sessionmaker[AsyncSession], kind: Kind, path: Path | bytes, actor: str
) -> ImportOutcome:
    """``path``: a file (the CLI) or an upload's bytes (the panel)."""
    if kind == "students":
        students = importing.parse_students(path)
        if not students.ok:
            return Rejected(students.errors)
        summary = await records.apply_students(sessions, students.rows, actor)
        return Imported(kind, len(students.rows), summary)
    parsed = importing.parse_applications(path)
    if not parsed.ok:
        unknown = await records.unknown_students(sessions, parsed.rows)
        return Rejected(sorted(parsed.errors + unknown, key=_line_number))
    summary = await records.apply_applications(sessions, parsed.rows, actor)
    if not summary.ok:
        return Rejected(summary.errors)
    return Imported(kind, len(parsed.rows), summary)


def report(file_name: str, outcome: ImportOutcome) -> list[str]:
    """What happened, for the admin, a line each."""
    if isinstance(outcome, Rejected):
        return [
            text("office_import.rejected", file=file_name, count=len(outcome.errors)),
            *outcome.errors,
            text("office_import.fix_and_retry"),
        ]
    s = outcome.summary
    counts = {"created": s.created, "updated": s.updated, "unchanged": s.unchanged}
    if outcome.kind == "students":
        return [text("office_import.students", file=file_name, rows=outcome.rows, **counts)]
    return [
        text(
            "office_import.applications",
            file=file_name,
            rows=outcome.rows,
            changes=s.status_changes,
            **counts,
        )
    ]


def code_sheet(issued: list[IssuedCode], bot_username: str | None) -> str:
    """The codes as a semicolon CSV for the office to hand out (shown once: only hashes are
    kept)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["ogrenci_no", "kod", "baglanti", "son_gecerlilik"])
    for item in issued:
        writer.writerow(
            [
                item.student_number,
                item.code,
                deep_link(bot_username, item.code) if bot_username else "",
                local_stamp(item.expires_at),
            ]
        )
    return out.getvalue()


def local_stamp(moment: datetime) -> str:
    return moment.astimezone(LOCAL).strftime("%d.%m.%Y %H:%M")
