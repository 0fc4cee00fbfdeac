"""Who may use the career office's web panel, and how they get in without a password.

A staff member asks the bot (/panel) and gets a one-time link, valid a few minutes and bound
to their Telegram account. Opening it starts a session (a cookie) that expires; the role is
read from the staff list on every request, so taking someone's role away locks them out at
once. Only hashes of links and cookies are stored: a copy of the database opens nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.clock import Clock
from staj.store import panel
from staj.store.audit import audit
from staj.store.staff import Staff, find_staff

# At most this many links for one account in LINK_WINDOW: a stolen phone cannot mint them
# by the hundred, and a mistyped command a few times does no harm.
LINKS_PER_WINDOW = 5
LINK_WINDOW = timedelta(minutes=10)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def actor(member: Staff) -> str:
    """Who did something in the panel, as the audit log and the FAQ history name them."""
    return f"panel:{member.display_name}"


@dataclass(frozen=True)
class LoginLink:
    token: str
    expires_at: datetime


class LinkRefused(Enum):
    NOT_STAFF = "not_staff"
    TOO_MANY = "too_many"


@dataclass(frozen=True)
class SignedIn:
    token: str  # the cookie's value
    csrf_token: str
    expires_at: datetime
    member: Staff


class LoginRefused(Enum):
    UNKNOWN = "unknown"  # never issued, or long gone
    USED = "used"
    EXPIRED = "expired"
    NOT_STAFF = "not_staff"  # issued, but the role was taken away since


@dataclass(frozen=True)
class PanelUser:
    member: Staff
    csrf_token: str
    expires_at: datetime


class PanelAccess:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        link_lifetime: timedelta,
        session_lifetime: timedelta,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self.link_lifetime = link_lifetime
        self.session_lifetime = session_lifetime

    async def issue_link(self, telegram_user_id: int) -> LoginLink | LinkRefused:
        now = self._clock.now()
        token = secrets.token_urlsafe(32)
        async with self._sessions.begin() as session:
            member = await find_staff(session, telegram_user_id)
            if member is None:
                return LinkRefused.NOT_STAFF
            if (
                await panel.logins_since(session, telegram_user_id, now - LINK_WINDOW)
                >= LINKS_PER_WINDOW
            ):
                return LinkRefused.TOO_MANY
            until = now + self.link_lifetime
            panel.add_login(session, token_hash(token), telegram_user_id, now, until)
            audit(session, actor(member), "panel_link_issued", f"staff:{telegram_user_id}", at=now)
        return LoginLink(token, until)

    async def sign_in(self, link_token: str) -> SignedIn | LoginRefused:
        """Trade a login link for a session: once, before it expires, while still staff."""
        now = self._clock.now()
        hashed = token_hash(link_token)
        async with self._sessions.begin() as session:
            account = await panel.use_login(session, hashed, now)
            if account is None:
                login = await panel.login_state(session, hashed)
                if login is None:
                    return LoginRefused.UNKNOWN
                return LoginRefused.USED if login.used_at is not None else LoginRefused.EXPIRED
            member = await find_staff(session, account)
            if member is None:
                return LoginRefused.NOT_STAFF
            token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
            until = now + self.session_lifetime
            panel.add_session(session, token_hash(token), account, csrf, now, until)
            audit(session, actor(member), "panel_signed_in", f"staff:{account}", at=now)
        return SignedIn(token, csrf, until, member)

    async def user(self, session_token: str) -> PanelUser | None:
        """The signed-in staff member behind a cookie; None when it expired, was signed out,
        or its owner is no longer staff."""
        if not session_token:
            return None
        async with self._sessions() as session:
            found = await panel.live_session(session, token_hash(session_token), self._clock.now())
            if found is None:
                return None
            member = await find_staff(session, found.telegram_user_id)
            if member is None:
                return None
            return PanelUser(member, found.csrf_token, found.expires_at)

    async def sign_out(self, session_token: str) -> None:
        async with self._sessions.begin() as session:
            await panel.end_session(session, token_hash(session_token))

    async def record(self, member: Staff, action: str, subject: str | None = None) -> None:
        """An action taken in the panel that leaves no other trace of who did it."""
        async with self._sessions.begin() as session:
            audit(session, actor(member), action, subject, at=self._clock.now())
