"""Getting in and who may do what.

A login link from the bot (/panel) opens a page with one button: opening a link signs
nobody in (Telegram and mail scanners fetch links to preview them), pressing the button
does, once. The session cookie is HttpOnly and SameSite, Secure over https. Every POST
carries the session's CSRF token. Roles are as in Telegram: admins everything; counselors
the queue, their university's requests and the inbox.
"""

from __future__ import annotations

import functools
import hmac
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from aiolimiter import AsyncLimiter

from panel.sections import NAV
from panel.services import services_of
from panel.texts import text
from staj.services.panel_access import LoginRefused, PanelUser, SignedIn

COOKIE = "staj_panel"
USER = web.RequestKey("user", PanelUser)
# Login attempts per address: a link is 256 random bits, so this is hygiene, not the lock.
LOGIN_ATTEMPTS_PER_MINUTE = 10
TRACKED_ADDRESSES = 1024

Handler = Callable[[web.Request, PanelUser], Awaitable[web.StreamResponse]]
Route = Callable[[web.Request], Awaitable[web.StreamResponse]]


class LoginLimiter:
    """One leaky bucket per client address (aiolimiter), the least recently seen forgotten."""

    def __init__(self) -> None:
        self._buckets: OrderedDict[str, AsyncLimiter] = OrderedDict()

    async def allow(self, address: str) -> bool:
        bucket = self._buckets.pop(address, None) or AsyncLimiter(LOGIN_ATTEMPTS_PER_MINUTE, 60)
        self._buckets[address] = bucket
        while len(self._buckets) > TRACKED_ADDRESSES:
            self._buckets.popitem(last=False)
        if not bucket.has_capacity():
            return False
        await bucket.acquire()  # there is room: this does not wait
        return True


LIMITER = web.AppKey("login_limiter", LoginLimiter)


def client_address(request: web.Request) -> str:
    """The browser's address: behind the office's reverse proxy (the panel listens on
    loopback only) the one the proxy names, else the peer's."""
    peer = request.remote or "?"
    forwarded = request.headers.get("X-Forwarded-For", "")
    if forwarded and peer in ("127.0.0.1", "::1"):
        return forwarded.split(",")[-1].strip() or peer
    return peer


def user_of(request: web.Request) -> PanelUser | None:
    return request.get(USER)


def page(request: web.Request, template: str, status: int = 200, **context: Any) -> web.Response:
    """A page of the panel; every template also gets the signed-in user, the session's CSRF
    token, the menu and the request."""
    user = user_of(request)
    shared = {
        "user": user,
        "csrf": user.csrf_token if user else "",
        "path": request.path,
        "nav": NAV,
        "request": request,
    }
    return aiohttp_jinja2.render_template(template, request, {**shared, **context}, status=status)


def notice(request: web.Request, title: str, body: str, status: int) -> web.Response:
    return page(request, "message.html", status=status, title=title, body=body)


def _check_csrf(request: web.Request, user: PanelUser, form: Any) -> bool:
    sent = str(form.get("csrf", "")) if form is not None else ""
    return bool(sent) and hmac.compare_digest(sent.encode(), user.csrf_token.encode())


def staff_page(*, admin: bool) -> Callable[[Handler], Route]:
    """The handler runs for a signed-in staff member (only admins with ``admin``); a POST
    must carry the session's CSRF token."""

    def decorate(handler: Handler) -> Route:
        @functools.wraps(handler)
        async def checked(request: web.Request) -> web.StreamResponse:
            user = user_of(request)
            if user is None:
                raise web.HTTPSeeOther("/giris")
            if admin and not user.member.is_admin:
                return notice(request, text("refused.title"), text("refused.admins_only"), 403)
            if request.method == "POST":
                try:
                    form = await request.post()
                except web.HTTPRequestEntityTooLarge:
                    return notice(
                        request, text("refused.too_large_title"), text("refused.too_large"), 413
                    )
                if not _check_csrf(request, user, form):
                    return notice(request, text("refused.title"), text("refused.csrf"), 403)
            return await handler(request, user)

        return checked

    return decorate


admins_only = staff_page(admin=True)
staff_only = staff_page(admin=False)


@web.middleware
async def signed_in_user(request: web.Request, handler: Route) -> web.StreamResponse:
    token = request.cookies.get(COOKIE, "")
    user = await services_of(request).access.user(token) if token else None
    if user is not None:
        request[USER] = user
    return await handler(request)


async def how_to_sign_in(request: web.Request) -> web.StreamResponse:
    """GET /giris: the panel has no passwords; the bot gives the link."""
    if user_of(request) is not None:
        raise web.HTTPSeeOther("/")
    return page(request, "sign_in_help.html")


async def login_page(request: web.Request) -> web.StreamResponse:
    """GET /giris/{token}: a button that signs in; the link itself changes nothing."""
    return page(request, "login.html", token=request.match_info["token"])


_REFUSALS = {
    LoginRefused.UNKNOWN: "login.unknown",
    LoginRefused.USED: "login.used",
    LoginRefused.EXPIRED: "login.expired",
    LoginRefused.NOT_STAFF: "login.not_staff",
}


async def login(request: web.Request) -> web.StreamResponse:
    """POST /giris/{token}: trade the one-time link for a session cookie."""
    if not await request.app[LIMITER].allow(client_address(request)):
        return notice(request, text("login.title"), text("login.too_many"), 429)
    outcome = await services_of(request).access.sign_in(request.match_info["token"])
    if not isinstance(outcome, SignedIn):
        return notice(request, text("login.title"), text(_REFUSALS[outcome]), 403)
    response = web.HTTPSeeOther("/")
    settings = services_of(request).settings
    response.set_cookie(
        COOKIE,
        outcome.token,
        max_age=int(settings.panel_session_hours * 3600),
        httponly=True,
        samesite="Lax",  # Strict would drop the cookie on the way in from Telegram's link
        secure=settings.panel_over_https,
        path="/",
    )
    raise response


async def logout(request: web.Request) -> web.StreamResponse:
    """POST /cikis (with the CSRF token): end the session here and forget the cookie."""
    user = user_of(request)
    form = await request.post()
    if user is not None and _check_csrf(request, user, form):
        await services_of(request).access.sign_out(request.cookies.get(COOKIE, ""))
    response = web.HTTPSeeOther("/giris")
    response.del_cookie(COOKIE, path="/")
    raise response
