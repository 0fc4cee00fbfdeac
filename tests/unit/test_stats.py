"""Usage statistics from the logs, and the chart."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from staj.clock import LOCAL
from staj.faq.loader import load_knowledge_base
from staj.services import statistics
from staj.staff.report import report
from staj.staff.stats import chart_png
from staj.store import handoffs, open_database, upgrade_to_head, usage


def _at(day: int, hour: int) -> datetime:
    return datetime(2027, 6, day, hour, tzinfo=LOCAL)


async def test_figures_for_a_period(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.db'}"
    upgrade_to_head(url)
    db = open_database(url)
    try:
        for day, sender in ((1, 1), (1, 1), (1, 2), (2, 3), (5, 4)):
            await usage.log_message(db.sessions, sender, _at(day, 10))
        await usage.log_message(db.sessions, 9, _at(1, 1))  # 31 May 22:00 UTC: still 1 June locally
        # The bot's clock runs in UTC: 21:30 UTC on 31 May is 00:30 on 1 June in Turkey.
        await usage.log_message(db.sessions, 10, datetime(2027, 5, 31, 21, 30, tzinfo=UTC))
        await usage.log_message(db.sessions, 9, _at(7, 10))  # outside the period
        for outcome, entry, day in (
            ("answered", "usp-sigorta", 1),
            ("answered", "usp-sigorta", 2),
            ("answered", "usp-staj-ucreti", 2),
            ("fallback", None, 2),
            ("out_of_scope", None, 5),
        ):
            await usage.log_question(db.sessions, "1", outcome, entry, "soru", "ktu", _at(day, 11))
        for minutes in (5, 15, None):
            async with db.sessions.begin() as session:
                handoff = await handoffs.create(session, 1, "ktu", None, _at(3, 9))
                if minutes is not None:
                    handoff.first_reply_at = _at(3, 9) + timedelta(minutes=minutes)
        figures = await statistics.compute(db.sessions, date(2027, 6, 1), date(2027, 6, 5))
    finally:
        await db.close()
    assert figures.messages == 7 and figures.messages_per_day[date(2027, 6, 1)] == 5
    assert figures.distinct_students == 6
    assert figures.top_questions == [("usp-sigorta", 2), ("usp-staj-ucreti", 1)]
    assert figures.fallback_rate == 0.25 and figures.out_of_scope == 1
    assert figures.handoffs == 3 and figures.median_first_reply == timedelta(minutes=10)
    text = report(figures, load_knowledge_base())
    assert "Mesaj: 7" in text and "%25,0 (1/4)" in text and "(medyan): 10 dk" in text
    png = chart_png(figures)
    assert png.startswith(b"\x89PNG") and len(png) > 5000
