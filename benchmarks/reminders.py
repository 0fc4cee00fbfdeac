"""Cost of one reminder pass over many linked students (plan from the store, claim the due
ones; no Telegram), and peak memory.

    .venv/bin/python benchmarks/reminders.py [--students 2000] [--database-url URL]

Builds a throwaway SQLite database (or uses --database-url, e.g. a PostgreSQL database made
for this), imports N students with an offer each, links them all, then times: a pass where
every student has one reminder due, and a pass where nothing is due (the usual case).
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from staj.store import open_database, record_views, records, upgrade_to_head  # noqa: E402
from staj.store import reminders as reminder_store  # noqa: E402
from staj.store.models import TelegramLink  # noqa: E402
from staj.students.importing import ApplicationRow, StudentRow  # noqa: E402
from staj.students.reminders import plan  # noqa: E402

START = datetime(2027, 6, 1, 7, 0, tzinfo=UTC)  # 10:00 in Istanbul


async def build(url: str, count: int) -> None:
    db = open_database(url)
    students = [
        StudentRow(i, "ktu", f"{100000 + i}", f"Öğrenci {i}", None, None, "lisans", 3)
        for i in range(count)
    ]
    await records.apply_students(db.sessions, students, "bench")
    applications = [
        ApplicationRow(
            i,
            "ktu",
            f"{100000 + i}",
            "usp",
            2027,
            "teklif",
            "asil",
            "Örnek A.Ş.",
            "Trabzon",
            date(2027, 7, 5),
            date(2027, 8, 13),
            date(2027, 6, 10),
            "staj@ornek.test",
            None,
        )
        for i in range(count)
    ]
    summary = await records.apply_applications(db.sessions, applications, "bench", START)
    assert summary.ok, summary.errors[:3]
    async with db.sessions.begin() as session:
        for student_id in range(1, count + 1):
            session.add(
                TelegramLink(
                    telegram_user_id=5_000_000 + student_id,
                    student_id=student_id,
                    reminders_enabled=True,
                    linked_at=START - timedelta(days=1),
                )
            )
    await db.close()


async def one_pass(url: str, now: datetime) -> tuple[float, int]:
    db = open_database(url)
    began = time.perf_counter()
    claimed = 0
    for record in await record_views.linked_records(db.sessions):
        items = await reminder_store.claim_due(
            db.sessions, record.student_id, plan(record, now), now
        )
        for item in items:
            await reminder_store.mark(db.sessions, item.id, reminder_store.SENT, now)
        claimed += len(items)
    elapsed = time.perf_counter() - began
    await db.close()
    return elapsed, claimed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=2000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        upgrade_to_head(url)
        began = time.perf_counter()
        asyncio.run(build(url, args.students))
        print(
            f"setup: {args.students} students imported and linked in {time.perf_counter() - began:.1f} s"
        )
        for label, now in (
            ("news of the offer due for everyone", START + timedelta(hours=1)),
            ("nothing due (usual pass)", START + timedelta(hours=2)),
            ("offer reminder (−3 days) due for everyone", datetime(2027, 6, 7, 7, 0, tzinfo=UTC)),
        ):
            elapsed, claimed = asyncio.run(one_pass(url, now))
            per = elapsed / args.students * 1000
            print(f"pass, {label}: {elapsed:.2f} s ({per:.2f} ms per student), {claimed} claimed")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak:.0f} MB")


if __name__ == "__main__":
    main()
