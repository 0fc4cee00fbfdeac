"""Office data: upload a students or applications CSV and read the same row-by-row report
as `stajbot import` (nothing applied when a row is bad); make link codes for a university
and download them once (only their hashes are kept)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import PurePath
from typing import Any

from aiohttp import web

from panel.auth import admins_only, page
from panel.services import services_of
from panel.texts import text
from staj.institutions import all_institutions
from staj.services import office_data
from staj.services.panel_access import PanelUser, actor
from staj.store import links

KIND_LABELS = {kind: text(f"office_kinds.{kind}") for kind in ("students", "applications")}
CODE_DAYS = (7, 14, 30, 60)


def _form_context(**extra: object) -> dict[str, Any]:
    return {
        "kinds": KIND_LABELS,
        "institutions": [(code, i.short) for code, i in all_institutions().items()],
        "days": CODE_DAYS,
        "report": None,
        "rejected": False,
        "error": None,
        **extra,
    }


@admins_only
async def office_page(request: web.Request, user: PanelUser) -> web.StreamResponse:
    return page(request, "office.html", **_form_context())


@admins_only
async def upload(request: web.Request, user: PanelUser) -> web.StreamResponse:
    form = await request.post()
    kind = str(form.get("kind", ""))
    upload = form.get("file")
    if kind not in office_data.KINDS or not isinstance(upload, web.FileField):
        return page(
            request, "office.html", status=400, **_form_context(error=text("office.no_file"))
        )
    name = PurePath(upload.filename or "dosya.csv").name[:80]
    # Parsed in memory: the upload (names, student numbers) is never written to disk.
    outcome = await office_data.import_file(
        services_of(request).db.sessions,
        kind,  # type: ignore[arg-type]
        upload.file.read(),
        f"{actor(user.member)} · içe aktarma: {name}",
    )
    rejected = isinstance(outcome, office_data.Rejected)
    return page(
        request,
        "office.html",
        status=422 if rejected else 200,
        **_form_context(report=office_data.report(name, outcome), rejected=rejected),
    )


@admins_only
async def link_codes(request: web.Request, user: PanelUser) -> web.StreamResponse:
    """POST: new one-time link codes for a university's students, as a CSV download."""
    svc = services_of(request)
    form = await request.post()
    institution = str(form.get("institution", ""))
    raw_days = str(form.get("days", ""))
    if (
        institution not in all_institutions()
        or not raw_days.isdigit()
        or int(raw_days) not in CODE_DAYS
    ):
        return page(
            request, "office.html", status=400, **_form_context(error=text("office.bad_codes"))
        )
    issued, _ = await links.issue_codes(
        svc.db.sessions,
        institution,
        None,
        timedelta(days=int(raw_days)),
        svc.clock.now(),
        actor(user.member),
        only_unlinked=form.get("unlinked") == "1",
    )
    if not issued:
        return page(
            request, "office.html", status=404, **_form_context(error=text("office.no_students"))
        )
    sheet = office_data.code_sheet(issued, svc.settings.telegram_bot_username)
    name = f"baglanti-kodlari-{institution}-{svc.clock.now().date().isoformat()}.csv"
    return web.Response(
        body=("\ufeff" + sheet).encode("utf-8"),
        content_type="text/csv",
        charset="utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )
