"""The web panel as the assistant serves it: the bot process listens on its port; /panel in
Telegram gives a staff member a one-time link; an answer edited in the panel is what the next
student gets from the real Rasa and action server."""

from __future__ import annotations

import re

import aiohttp
import pytest

from staj.services.faq_editing import FaqDesk
from staj.store import open_database
from tests.e2e.conftest import LINK, Conversation, ServedPanel, panel_login_link
from tests.e2e.conftest import PANEL_ADMIN_ID as ADMIN_ID

pytestmark = pytest.mark.e2e

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="([^"]+)"')


async def test_panel_login_from_telegram_and_an_edit_students_see(served: ServedPanel) -> None:
    link = await panel_login_link(served.telegram)
    db = open_database(served.settings.database_url)
    faq = FaqDesk(db.sessions, served.settings.faq_dir)
    jar = aiohttp.CookieJar(unsafe=True)  # the panel is on 127.0.0.1 here
    async with aiohttp.ClientSession(cookie_jar=jar) as browser:
        async with browser.get(link) as opened:
            assert "Giriş yap" in await opened.text()
        async with browser.post(link) as signed_in:
            home = await signed_in.text()
            assert signed_in.status == 200 and "Panel Yöneticisi" in home
        csrf = CSRF.search(home).group(1)  # type: ignore[union-attr]
        base = link.split("/giris/")[0]
        async with browser.get(f"{base}/sss/usp-ucret") as entry:
            version = VERSION.search(await entry.text()).group(1)  # type: ignore[union-attr]
        new_text = "Panelden güncellendi: ücret işverenle aranda kararlaştırılır (deneme metni)."
        async with browser.post(
            f"{base}/sss/usp-ucret/cevap/0",
            data={"csrf": csrf, "version": version, "text": new_text, "do": "save"},
        ) as saved:
            assert "Cevap kaydedildi" in await saved.text()
        change = max(await faq.history("usp-ucret"), key=lambda c: c.id)
        assert change.actor == "panel:Panel Yöneticisi"
        try:
            student = Conversation(served.telegram, 930_000_777)
            [answer] = await student.say("stajda ucret aliyo muyuz")
            assert "Panelden güncellendi" in answer.plain
        finally:
            await faq.rollback(change.id, "test")
        # The link was for one sign-in only.
        await browser.post(f"{base}/cikis", data={"csrf": csrf})
        async with browser.post(link) as again:
            assert again.status == 403
    await db.close()


async def test_panel_links_only_for_staff_and_only_in_private(served: ServedPanel) -> None:
    [refused] = await Conversation(served.telegram, 930_000_555).say("/panel")
    assert "yalnızca yetkili personel" in refused.plain
    assert not LINK.search(refused.plain)
    # In a group anyone there could open the link: the bot says to ask in private.
    group = -100_930_000
    await served.telegram.group_message(group, ADMIN_ID, "/panel", forum=False)
    [private_only] = await served.telegram.wait_for_messages(group, 1)
    assert "özelden" in private_only.plain and not LINK.search(private_only.plain)
