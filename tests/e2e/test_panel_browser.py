"""The panel in a real browser (headless Chromium from the distribution's packages, driven
by Selenium): login link → edit an answer → the student gets it through the fake Telegram;
an inbox group → phrasings; a CSV with a bad row → its report. Every page is photographed at
desktop and phone widths (the folder is printed at the end of the run)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from staj.services.faq_editing import FaqDesk
from staj.store import inbox, open_database
from tests.e2e.conftest import Conversation, ServedPanel, panel_login_link
from tests.support.chromium import Browser, ChromiumUnavailable, start_browser

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    try:
        started = start_browser()
    except ChromiumUnavailable as exc:
        pytest.skip(str(exc))
    try:
        yield started
    finally:
        started.driver.quit()


async def sign_in(browser: Browser, served: ServedPanel) -> str:
    link = await panel_login_link(served.telegram)
    await browser.open(link)
    await browser.shoot("giris-baglantisi")
    await browser.click("form[action^='/giris/'] button")
    assert "Hoş geldiniz, Panel Yöneticisi" in await browser.text()
    return served.settings.panel_url


async def test_an_answer_edited_in_the_browser_reaches_the_student(
    browser: Browser, served: ServedPanel
) -> None:
    base = await sign_in(browser, served)
    await browser.shoot("ana-sayfa")
    await browser.open(f"{base}/sss?q=ucret")
    await browser.shoot("sss-liste")
    await browser.open(f"{base}/sss/usp-ucret")
    new_text = "Tarayıcıdan güncellendi: **ücreti** işverenle konuşarak öğrenirsin (deneme)."
    await browser.fill("#text-0", new_text)
    await browser.click("button[value='preview']")
    page = await browser.text()
    assert "Tarayıcıdan güncellendi: ücreti işverenle" in page  # bold, without the stars
    await browser.shoot("sss-onizleme")
    await browser.click("button[value='save']")
    assert "Cevap kaydedildi" in await browser.text()
    db = open_database(served.settings.database_url)
    faq = FaqDesk(db.sessions, served.settings.faq_dir)
    change = max(await faq.history("usp-ucret"), key=lambda c: c.id)
    try:
        [answer] = await Conversation(served.telegram, 931_000_001).say("staj ucreti veriliyo mu")
        assert "Tarayıcıdan güncellendi" in answer.plain
    finally:
        await faq.rollback(change.id, "test")
        await db.close()


async def test_an_inbox_group_becomes_phrasings_in_the_browser(
    browser: Browser, served: ServedPanel
) -> None:
    db = open_database(served.settings.database_url)
    questions = [
        "stajda kaza gecirirsem sigorta karsilar mi",
        "stajda kaza gecirirsem sigortam karsilar mi acaba",
    ]
    for question in questions:
        await inbox.add(db.sessions, question, inbox.FALLBACK)
    faq = FaqDesk(db.sessions, served.settings.faq_dir)
    base = await sign_in(browser, served)
    await browser.open(f"{base}/gelen-kutusu")
    await browser.shoot("gelen-kutusu")
    assert questions[0] in await browser.text()
    await browser.fill("#other-1", "usp-sigorta")
    await browser.click("#grup-1 form[action='/gelen-kutusu/ekle'] button[type='submit']")
    assert "grup kapandı" in await browser.text()
    entry = await faq.entry("usp-sigorta")
    assert entry is not None and all(q in entry.questions for q in questions)
    change = max(await faq.history("usp-sigorta"), key=lambda c: c.id)
    assert change.actor == "panel:Panel Yöneticisi"
    await faq.rollback(change.id, "test")
    await db.close()


async def test_a_csv_with_a_bad_row_is_reported_and_every_page_photographed(
    browser: Browser, served: ServedPanel, tmp_path: Path
) -> None:
    base = await sign_in(browser, served)
    applications = tmp_path / "basvurular.csv"
    applications.write_text(
        "ogrenci_no,universite,program,yil,durum\n99999001,ktu,usp,2027,tamamlanan\n",
        encoding="utf-8",
    )
    await browser.open(f"{base}/veriler")
    await browser.shoot("veriler")
    await browser.choose("#kind", "applications")
    await browser.fill("#file", str(applications))
    await browser.click("form[action='/veriler/yukle'] button")
    report = await browser.text()
    assert "basvurular.csv: 1 hatalı satır; dosyadan hiçbir değişiklik uygulanmadı." in report
    assert "satır 2: ktu öğrencisi 99999001 kayıtlı değil" in report
    await browser.shoot("veriler-hatali-dosya")
    for path, name in (("/kuyruk", "kuyruk"), ("/istatistik", "istatistik"),
                       ("/egitim", "egitim"), ("/sss/yeni", "sss-yeni-kayit"),
                       ("/sss/usp-sigorta", "sss-kayit")):  # fmt: skip
        await browser.open(f"{base}{path}")
        assert "Internal Server Error" not in await browser.text()
        await browser.shoot(name)
    await browser.click("header form button")  # sign out
    await browser.open(f"{base}/giris")
    await browser.shoot("giris-yardim")
    assert "/panel" in await browser.text()
