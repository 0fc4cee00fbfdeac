"""Figures in the panel: the /istatistik report for a chosen range, its chart, and the
daily figures as CSV; a bad range is told in Turkish."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from staj.staff.stats import ANSWERED, FALLBACK
from staj.store import usage
from tests.panel.conftest import ADMIN_ID, COUNSELOR_ID, Panel


async def fill(panel: Panel) -> None:
    sessions = panel.services.db.sessions
    day = datetime(2026, 2, 20, 10, 0, tzinfo=UTC)
    for n in range(3):
        await usage.log_message(sessions, 9200 + n, day)
        await usage.log_question(sessions, str(9200 + n), ANSWERED, "usp-sigorta", at=day)
    await usage.log_message(sessions, 9300, day + timedelta(days=1))
    await usage.log_question(
        sessions, "9300", FALLBACK, question="kantin kacta", at=day + timedelta(days=1)
    )


async def test_the_report_chart_and_csv_for_a_range(panel: Panel) -> None:
    await fill(panel)
    await panel.sign_in(ADMIN_ID)
    query = {"bas": "2026-02-19", "bit": "2026-02-22"}
    page = await (await panel.client.get("/istatistik", params=query)).text()
    assert "19.02.2026" in page and "22.02.2026" in page
    assert "bas=2026-02-19&amp;bit=2026-02-22" in page
    chart = await panel.client.get("/istatistik/grafik.png", params=query)
    assert chart.status == 200 and (await chart.read()).startswith(b"\x89PNG")
    csv = await panel.client.get("/istatistik.csv", params=query)
    assert csv.status == 200 and "attachment" in csv.headers["Content-Disposition"]
    body = (await csv.read()).decode("utf-8-sig").splitlines()
    assert body[0] == "tarih;mesaj;cevaplanamayan"
    assert "20.02.2026;3;0" in body and "21.02.2026;1;1" in body and len(body) == 5


async def test_a_bad_range_is_explained(panel: Panel) -> None:
    await panel.sign_in(ADMIN_ID)
    reversed_range = await panel.client.get(
        "/istatistik", params={"bas": "2026-03-01", "bit": "2026-02-01"}
    )
    assert reversed_range.status == 400 and "bitişten sonra" in await reversed_range.text()
    too_long = await panel.client.get(
        "/istatistik", params={"bas": "2024-01-01", "bit": "2026-02-01"}
    )
    assert too_long.status == 400 and "366" in await too_long.text()
    nonsense = await panel.client.get("/istatistik", params={"bas": "31.02.2026"})
    assert nonsense.status == 400 and "anlaşılamadı" in await nonsense.text()
    assert (await panel.client.get("/istatistik.csv", params={"bas": "x"})).status == 400


async def test_figures_are_for_admins(panel: Panel) -> None:
    await panel.sign_in(COUNSELOR_ID)
    assert (await panel.client.get("/istatistik")).status == 403
    assert (await panel.client.get("/istatistik.csv")).status == 403
