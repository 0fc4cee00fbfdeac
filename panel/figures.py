"""Figures: the statistics of /istatistik over a chosen date range, with its chart and a CSV
of the daily figures (semicolon-separated, as spreadsheets set to Turkish expect)."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import date, timedelta

from aiohttp import web

from panel.auth import admins_only, page
from panel.services import PanelServices, services_of
from panel.texts import text
from staj.clock import LOCAL
from staj.faq.loader import load_knowledge_base
from staj.services import statistics
from staj.services.panel_access import PanelUser
from staj.staff.report import report
from staj.staff.stats import Stats, chart_png
from staj.text.telegram_html import to_html

DEFAULT_DAYS = 30
LONGEST_DAYS = 366


class BadRange(ValueError):
    pass


def period(request: web.Request, svc: PanelServices) -> tuple[date, date]:
    """?bas=2026-02-01&bit=2026-03-02 (the browser's date fields); by default the last 30
    days."""
    today = svc.clock.now().astimezone(LOCAL).date()
    raw_first, raw_last = request.query.get("bas", ""), request.query.get("bit", "")
    try:
        last = date.fromisoformat(raw_last) if raw_last else today
        first = date.fromisoformat(raw_first) if raw_first else last - timedelta(DEFAULT_DAYS - 1)
    except ValueError as exc:
        raise BadRange(text("figures.bad_date")) from exc
    if first > last:
        raise BadRange(text("figures.reversed"))
    if (last - first).days >= LONGEST_DAYS:
        raise BadRange(text("figures.too_long", days=LONGEST_DAYS))
    return first, last


async def _figures(request: web.Request) -> tuple[Stats, str]:
    svc = services_of(request)
    first, last = period(request, svc)
    figures = await statistics.compute(svc.db.sessions, first, last)
    query = f"bas={first.isoformat()}&bit={last.isoformat()}"
    return figures, query


async def _figures_or_400(request: web.Request) -> Stats:
    """For the chart and the CSV: a bad range is a bad request (the page explains it)."""
    try:
        figures, _ = await _figures(request)
    except BadRange as exc:
        raise web.HTTPBadRequest(text=str(exc)) from exc
    return figures


@admins_only
async def figures_page(request: web.Request, user: PanelUser) -> web.StreamResponse:
    svc = services_of(request)
    try:
        figures, query = await _figures(request)
    except BadRange as exc:
        today = svc.clock.now().astimezone(LOCAL).date()
        return page(request, "figures.html", status=400, error=str(exc), report=None,
                    first=request.query.get("bas", ""), last=request.query.get("bit", today.isoformat()),
                    query="")  # fmt: skip
    kb = await asyncio.to_thread(load_knowledge_base, svc.settings.faq_dir)
    return page(
        request,
        "figures.html",
        error=None,
        report=to_html(report(figures, kb)),
        first=figures.first_day.isoformat(),
        last=figures.last_day.isoformat(),
        query=query,
    )


@admins_only
async def chart(request: web.Request, user: PanelUser) -> web.StreamResponse:
    figures = await _figures_or_400(request)
    png = await asyncio.to_thread(chart_png, figures)
    return web.Response(body=png, content_type="image/png")


def daily_csv(figures: Stats) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["tarih", "mesaj", "cevaplanamayan"])
    for day, count in figures.messages_per_day.items():
        writer.writerow([day.strftime("%d.%m.%Y"), count, figures.fallbacks_per_day.get(day, 0)])
    return out.getvalue()


@admins_only
async def daily_figures(request: web.Request, user: PanelUser) -> web.StreamResponse:
    figures = await _figures_or_400(request)
    name = f"staj-asistani-{figures.first_day.isoformat()}-{figures.last_day.isoformat()}.csv"
    return web.Response(
        # A byte-order mark: spreadsheets then read the Turkish letters right.
        body=("\ufeff" + daily_csv(figures)).encode("utf-8"),
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
