"""The panel through aiohttp's test client, over a real store and a copy of the knowledge
base: a staff list, a moved clock, and helpers to sign in as a given role."""

from __future__ import annotations

import dataclasses
import re
import shutil
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from panel.app import build_panel
from panel.services import PanelServices
from staj.clock import ManualClock
from staj.config import load_settings
from staj.paths import FAQ_DIR
from staj.services.faq_editing import FaqDesk
from staj.services.handoffs import HandoffDesk
from staj.services.panel_access import LinkRefused, PanelAccess
from staj.store import open_database, upgrade_to_head
from staj.store.staff import ADMIN, COUNSELOR, add_staff

ADMIN_ID, COUNSELOR_ID, STRANGER_ID = 7001, 7002, 7003
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@dataclasses.dataclass
class Panel:
    client: TestClient  # type: ignore[type-arg]
    services: PanelServices
    clock: ManualClock

    async def link(self, user_id: int) -> str:
        issued = await self.services.access.issue_link(user_id)
        assert not isinstance(issued, LinkRefused), issued
        return f"/giris/{issued.token}"

    async def sign_in(self, user_id: int) -> str:
        """Sign in as ``user_id``; gives the CSRF token of the session."""
        link = await self.link(user_id)
        response = await self.client.post(link, allow_redirects=False)
        assert response.status == 303, await response.text()
        home = await self.client.get("/")
        return csrf_of(await home.text())

    async def sign_out(self) -> None:
        self.client.session.cookie_jar.clear()


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "no form with a CSRF token on the page"
    return found.group(1)


@pytest.fixture
async def panel(tmp_path: Path) -> AsyncIterator[Panel]:
    url = f"sqlite:///{tmp_path / 'panel.db'}"
    upgrade_to_head(url)
    db = open_database(url)
    faq = tmp_path / "faq"
    shutil.copytree(FAQ_DIR, faq)
    clock = ManualClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    settings = dataclasses.replace(load_settings(), database_url=url, faq_dir=faq)
    await add_staff(db.sessions, ADMIN_ID, ADMIN, "Yönetici Ayşe", None, [], "test")
    await add_staff(db.sessions, COUNSELOR_ID, COUNSELOR, "Danışman Ali", "ktu", [], "test")
    services = PanelServices(
        settings=settings,
        db=db,
        clock=clock,
        access=PanelAccess(db.sessions, clock, timedelta(minutes=10), timedelta(hours=8)),
        faq=FaqDesk(db.sessions, faq),
        handoffs=HandoffDesk(
            db.sessions, clock, reannounce_after=timedelta(minutes=10),
            idle_after=timedelta(minutes=30),
        ),
    )  # fmt: skip
    client = TestClient(TestServer(build_panel(services)))
    await client.start_server()
    try:
        yield Panel(client, services, clock)
    finally:
        await client.close()
        await db.close()
