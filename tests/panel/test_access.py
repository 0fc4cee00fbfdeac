"""Getting into the panel: one-time links, sessions, roles, CSRF and the login limit."""

from __future__ import annotations

from datetime import timedelta

from panel.auth import COOKIE
from staj.services.panel_access import LINKS_PER_WINDOW, LinkRefused
from staj.store.staff import remove_staff
from tests.panel.conftest import ADMIN_ID, COUNSELOR_ID, STRANGER_ID, Panel


async def test_without_a_session_every_page_sends_you_to_the_sign_in_help(panel: Panel) -> None:
    for path in ("/", "/sss", "/sss/usp-sigorta", "/sss/yeni"):
        response = await panel.client.get(path, allow_redirects=False)
        assert response.status == 303 and response.headers["Location"] == "/giris"
    help_page = await (await panel.client.get("/giris")).text()
    assert "/panel" in help_page and "şifre" in help_page


async def test_a_login_link_works_once_and_sets_a_safe_cookie(panel: Panel) -> None:
    link = await panel.link(ADMIN_ID)
    # Opening the link (as Telegram's preview would) signs nobody in.
    opened = await panel.client.get(link)
    assert opened.status == 200 and "Giriş yap" in await opened.text()
    assert COOKIE not in {c.key for c in panel.client.session.cookie_jar}
    response = await panel.client.post(link, allow_redirects=False)
    assert response.status == 303
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and int(cookie["max-age"]) == 8 * 3600
    home = await panel.client.get("/")
    assert home.status == 200 and "Yönetici Ayşe" in await home.text()
    # The same link again: refused, whoever tries it.
    await panel.sign_out()
    again = await panel.client.post(link, allow_redirects=False)
    assert again.status == 403 and "daha önce kullanılmış" in await again.text()


async def test_an_expired_or_unknown_link_is_refused(panel: Panel) -> None:
    link = await panel.link(ADMIN_ID)
    panel.clock.advance(timedelta(minutes=11))
    expired = await panel.client.post(link, allow_redirects=False)
    assert expired.status == 403 and "süresi dolmuş" in await expired.text()
    unknown = await panel.client.post("/giris/uydurma-bir-bağlantı", allow_redirects=False)
    assert unknown.status == 403 and "geçerli değil" in await unknown.text()


async def test_a_session_ends_when_it_expires_when_signed_out_or_when_the_role_goes(
    panel: Panel,
) -> None:
    csrf = await panel.sign_in(ADMIN_ID)
    panel.clock.advance(timedelta(hours=8, minutes=1))
    assert (await panel.client.get("/sss", allow_redirects=False)).status == 303

    csrf = await panel.sign_in(ADMIN_ID)
    out = await panel.client.post("/cikis", data={"csrf": csrf}, allow_redirects=False)
    assert out.status == 303
    assert (await panel.client.get("/sss", allow_redirects=False)).status == 303

    await panel.sign_in(COUNSELOR_ID)
    await remove_staff(panel.services.db.sessions, COUNSELOR_ID, "test")
    assert (await panel.client.get("/", allow_redirects=False)).status == 303


async def test_links_are_only_for_staff_and_limited(panel: Panel) -> None:
    assert await panel.services.access.issue_link(STRANGER_ID) is LinkRefused.NOT_STAFF
    for _ in range(LINKS_PER_WINDOW):
        await panel.link(COUNSELOR_ID)
    assert await panel.services.access.issue_link(COUNSELOR_ID) is LinkRefused.TOO_MANY
    panel.clock.advance(timedelta(minutes=11))
    assert not isinstance(await panel.services.access.issue_link(COUNSELOR_ID), LinkRefused)


async def test_a_role_taken_away_after_the_link_was_sent_gets_no_session(panel: Panel) -> None:
    link = await panel.link(COUNSELOR_ID)
    await remove_staff(panel.services.db.sessions, COUNSELOR_ID, "test")
    refused = await panel.client.post(link, allow_redirects=False)
    assert refused.status == 403 and "yetkisi yok" in await refused.text()


async def test_counselors_cannot_open_the_admins_pages(panel: Panel) -> None:
    csrf = await panel.sign_in(COUNSELOR_ID)
    for path in ("/sss", "/sss/usp-sigorta", "/sss/yeni"):
        response = await panel.client.get(path)
        assert response.status == 403 and "yalnızca yöneticiler" in await response.text()
    posted = await panel.client.post(
        "/sss/usp-sigorta/cevap/0", data={"csrf": csrf, "text": "x", "do": "save"}
    )
    assert posted.status == 403
    home = await (await panel.client.get("/")).text()
    assert 'href="/sss"' not in home


async def test_a_form_without_the_sessions_csrf_token_changes_nothing(panel: Panel) -> None:
    await panel.sign_in(ADMIN_ID)
    before = await panel.services.faq.entry("usp-sigorta")
    for data in ({}, {"csrf": "başka-bir-oturumun-belirteci"}):
        response = await panel.client.post(
            "/sss/usp-sigorta/cevap/0", data={**data, "text": "Değiştirilmiş metin.", "do": "save"}
        )
        assert response.status == 403 and "Form süresi dolmuş" in await response.text()
    assert await panel.services.faq.entry("usp-sigorta") == before


async def test_logins_from_one_address_are_rate_limited(panel: Panel) -> None:
    statuses = [
        (await panel.client.post(f"/giris/yanlis-{n}", allow_redirects=False)).status
        for n in range(15)
    ]
    assert statuses[:10] == [403] * 10 and statuses[-1] == 429


async def test_pages_carry_strict_security_headers(panel: Panel) -> None:
    response = await panel.client.get("/giris")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    css = await panel.client.get("/static/panel.css")
    assert css.status == 200


async def test_unknown_and_forged_addresses_get_a_turkish_page(panel: Panel) -> None:
    missing = await panel.client.get("/boyle-bir-sayfa-yok")
    body = await missing.text()
    assert missing.status == 404 and missing.content_type == "text/html"
    assert "Sayfa bulunamadı" in body and "Not Found" not in body
    assert "default-src 'self'" in missing.headers["Content-Security-Policy"]
    await panel.sign_in(ADMIN_ID)
    wrong_method = await panel.client.get("/gelen-kutusu/kapat")
    assert wrong_method.status == 405 and "Bu işlem yapılamaz" in await wrong_method.text()
    assert "POST" in wrong_method.headers["Allow"]
    forged = await panel.client.get("/sss/<script>yok")
    text = await forged.text()
    assert forged.status == 404 and "kimlikli bir kayıt yok" in text and "<script>yok" not in text
    assert "Menü" in text or 'href="/sss"' in text  # the panel's own page, with its menu


async def test_expired_links_and_sessions_go_with_the_retention_pass(panel: Panel) -> None:
    from staj.services.retention import RetentionDesk

    await panel.sign_in(ADMIN_ID)
    await panel.link(COUNSELOR_ID)
    panel.clock.advance(timedelta(hours=9))
    desk = RetentionDesk(panel.services.db.sessions, panel.services.settings, panel.clock)
    removed = await desk.run(dry_run=True)
    assert removed["expired panel login links"] == 2
    assert removed["expired panel sessions"] == 1
