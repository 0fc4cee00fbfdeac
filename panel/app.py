"""The panel as an aiohttp application: server-rendered Jinja2 pages, local static files,
strict security headers, and every route in one table."""

from __future__ import annotations

from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from panel import auth, faq, figures, inbox, office, queue, training
from panel.auth import LIMITER, LoginLimiter, staff_only
from panel.services import SERVICES, PanelServices
from panel.texts import text
from staj.services.panel_access import PanelUser

HERE = Path(__file__).parent
# Pages load nothing from elsewhere and run no inline script; nobody may frame them.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)


@web.middleware
async def security_headers(request: web.Request, handler: auth.Route) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        response = exc
        _secure(response)
        raise
    _secure(response)
    return response


def _secure(response: web.StreamResponse) -> None:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    # A login link in a URL must never travel on to another site.
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if response.content_type == "text/html":
        response.headers.setdefault("Cache-Control", "no-store")


# An error aiohttp (or a handler) raises is shown as a page of the panel, in Turkish; a
# handler's own message is kept, aiohttp's English default ("404: Not Found") is replaced.
_ERROR_TEXTS = {404: "not_found", 405: "not_allowed", 400: "bad_request"}


@web.middleware
async def error_pages(request: web.Request, handler: auth.Route) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        name = _ERROR_TEXTS.get(exc.status, "other")
        own = exc.text and exc.text != f"{exc.status}: {exc.reason}"
        body = exc.text if own else text(f"errors.{name}")
        response = auth.notice(request, text(f"errors.{name}_title"), body or "", exc.status)
        if "Allow" in exc.headers:
            response.headers["Allow"] = exc.headers["Allow"]
        return response


@staff_only
async def home(request: web.Request, user: PanelUser) -> web.StreamResponse:
    return auth.page(request, "home.html")


def routes() -> list[web.AbstractRouteDef]:
    return [
        web.get("/", home),
        web.get("/giris", auth.how_to_sign_in),
        web.get("/giris/{token}", auth.login_page),
        web.post("/giris/{token}", auth.login),
        web.post("/cikis", auth.logout),
        web.get("/sss", faq.entry_list),
        web.get("/sss/yeni", faq.new_entry_form),
        web.post("/sss/yeni", faq.create_entry),
        web.post("/sss/geri-al/{change_id}", faq.rollback),
        web.get("/sss/{entry_id}", faq.show_entry),
        web.post("/sss/{entry_id}/cevap/{index}", faq.save_answer),
        web.post("/sss/{entry_id}/yil/{index}", faq.save_year),
        web.post("/sss/{entry_id}/kalip/ekle", faq.add_phrasings),
        web.post("/sss/{entry_id}/kalip/sil", faq.remove_phrasing),
        web.get("/gelen-kutusu", inbox.inbox_page),
        web.post("/gelen-kutusu/ekle", inbox.add_to_entry),
        web.post("/gelen-kutusu/kapat", inbox.dismiss),
        web.get("/kuyruk", queue.queue_page),
        web.get("/istatistik", figures.figures_page),
        web.get("/istatistik/grafik.png", figures.chart),
        web.get("/istatistik.csv", figures.daily_figures),
        web.get("/veriler", office.office_page),
        web.post("/veriler/yukle", office.upload),
        web.post("/veriler/kodlar", office.link_codes),
        web.get("/egitim", training.training_page),
        web.post("/egitim/baslat", training.start_run),
        web.static("/static", HERE / "static", append_version=True),
    ]


# A CSV of a few thousand students is well under this; anything larger is a mistake.
MAX_REQUEST_BYTES = 5 * 1024 * 1024


def build_panel(services: PanelServices) -> web.Application:
    app = web.Application(
        middlewares=[security_headers, auth.signed_in_user, error_pages],
        client_max_size=MAX_REQUEST_BYTES,
    )
    app[SERVICES] = services
    app[LIMITER] = LoginLimiter()
    aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=jinja2.select_autoescape(default=True),
        undefined=jinja2.StrictUndefined,
    )
    app.add_routes(routes())
    return app


class PanelServer:
    """The panel on a loopback port, started and stopped with the process that serves it."""

    def __init__(self, services: PanelServices, host: str = "127.0.0.1") -> None:
        self.services = services
        self.host = host
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        runner = web.AppRunner(build_panel(self.services), access_log=None)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.services.settings.panel_port).start()
        except OSError:
            await runner.cleanup()
            raise
        self._runner = runner

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
