"""FAQ pages: list and filter, preview and save an answer, phrasings, year, history with a
diff and rollback, a new entry; each change through the same desk as the Telegram flow."""

from __future__ import annotations

import asyncio
import re

from staj.faq.presentation import answer_message
from staj.text.telegram_html import to_html
from tests.panel.conftest import ADMIN_ID, Panel, csrf_of

SEED = "003_e5248fd725775385.txt"


def version_of(html: str) -> str:
    found = re.search(r'name="version" value="([^"]*)"', html)
    assert found
    return found.group(1)


async def test_entries_are_listed_and_filtered(panel: Panel) -> None:
    await panel.sign_in(ADMIN_ID)
    everything = await (await panel.client.get("/sss")).text()
    total = len(await panel.services.faq.entries())
    assert f"{total} kayıt gösteriliyor" in everything
    found = await (await panel.client.get("/sss", params={"q": "sigorta"})).text()
    assert 'href="/sss/usp-sigorta"' in found
    ktu = await (await panel.client.get("/sss", params={"universite": "ktu"})).text()
    shown = re.findall(r'href="/sss/([a-z0-9-]+)"', ktu)
    entries = {e.id: e for e in await panel.services.faq.entries()}
    listed = [i for i in shown if i in entries]
    assert listed and all(any(a.institution == "ktu" for a in entries[i].answers) for i in listed)
    by_year = await (await panel.client.get("/sss", params={"yil": "2024"})).text()
    assert all(
        any(a.year == 2024 for a in entries[i].answers)
        for i in re.findall(r'href="/sss/([a-z0-9-]+)"', by_year)
        if i in entries
    )
    nothing = await (await panel.client.get("/sss", params={"q": "zzzz qqqq"})).text()
    assert "uyan kayıt yok" in nothing


async def test_the_preview_is_the_students_message_and_saving_makes_it_live(panel: Panel) -> None:
    csrf = await panel.sign_in(ADMIN_ID)
    page = await (await panel.client.get("/sss/usp-sigorta")).text()
    entry = await panel.services.faq.entry("usp-sigorta")
    assert entry is not None
    today = panel.clock.now().date()
    assert to_html(answer_message(entry, None, today).body) in page

    draft = "Stajda sigortan **işveren** tarafından yapılır <script>."
    previewed = await panel.client.post(
        "/sss/usp-sigorta/cevap/0",
        data={"csrf": csrf, "text": draft, "do": "preview", "version": version_of(page)},
    )
    body = await previewed.text()
    assert previewed.status == 200
    assert "<b>işveren</b>" in body and "&lt;script&gt;" in body and "<script>" not in body
    unchanged = await panel.services.faq.entry("usp-sigorta")
    assert unchanged == entry  # a preview writes nothing

    saved = await panel.client.post(
        "/sss/usp-sigorta/cevap/0",
        data={"csrf": csrf, "text": draft, "do": "save", "version": version_of(page)},
    )
    assert saved.status == 200 and "Cevap kaydedildi" in await saved.text()
    live = await panel.services.faq.entry("usp-sigorta")
    assert live is not None and live.answers[0].text == draft
    [change] = await panel.services.faq.history("usp-sigorta")
    assert change.actor == "panel:Yönetici Ayşe"


async def test_an_edit_from_a_stale_page_is_refused_with_the_draft_kept(panel: Panel) -> None:
    csrf = await panel.sign_in(ADMIN_ID)
    page = await (await panel.client.get("/sss/usp-ucret")).text()
    stale = version_of(page)
    first = await panel.client.post(
        "/sss/usp-ucret/cevap/0",
        data={"csrf": csrf, "text": "Birinci metin burada.", "do": "save", "version": stale},
    )
    assert first.status == 200
    second = await panel.client.post(
        "/sss/usp-ucret/cevap/0",
        data={"csrf": csrf, "text": "İkinci metin burada.", "do": "save", "version": stale},
    )
    text = await second.text()
    assert second.status == 409 and "başka biri tarafından değiştirildi" in text
    assert "İkinci metin burada." in text  # the admin's draft is still in the form
    entry = await panel.services.faq.entry("usp-ucret")
    assert entry is not None and entry.answers[0].text == "Birinci metin burada."


async def test_concurrent_saves_of_one_entry_apply_once(panel: Panel) -> None:
    csrf = await panel.sign_in(ADMIN_ID)
    version = version_of(await (await panel.client.get("/sss/usp-ucret")).text())
    responses = await asyncio.gather(
        *(
            panel.client.post(
                "/sss/usp-ucret/cevap/0",
                data={
                    "csrf": csrf,
                    "text": f"Eşzamanlı metin {n}.",
                    "do": "save",
                    "version": version,
                },
            )
            for n in range(3)
        )
    )
    assert sorted(r.status for r in responses) == [200, 409, 409]
    assert len(await panel.services.faq.history("usp-ucret")) == 1


async def test_an_empty_answer_is_refused_and_nothing_changes(panel: Panel) -> None:
    csrf = await panel.sign_in(ADMIN_ID)
    before = await panel.services.faq.entry("usp-sigorta")
    response = await panel.client.post(
        "/sss/usp-sigorta/cevap/0", data={"csrf": csrf, "text": "   ", "do": "save"}
    )
    assert response.status == 409 and "boş olamaz" in await response.text()
    assert await panel.services.faq.entry("usp-sigorta") == before
    missing = await panel.client.post(
        "/sss/usp-sigorta/cevap/9", data={"csrf": csrf, "text": "x", "do": "save"}
    )
    assert missing.status == 400
    assert (await panel.client.get("/sss/boyle-bir-kayit-yok")).status == 404


async def test_phrasings_are_added_and_removed_with_the_files_checks(panel: Panel) -> None:
    csrf = await panel.sign_in(ADMIN_ID)
    added = await panel.client.post(
        "/sss/usp-sigorta/kalip/ekle",
        data={"csrf": csrf, "questions": "- staj sigortami kim oduyor\n\nsgk girisimi kim yapar"},
    )
    page = await added.text()
    assert added.status == 200 and "Soru kalıpları eklendi" in page
    assert "eğitim" in page.lower()  # retraining is started, or the admin is told how
    entry = await panel.services.faq.entry("usp-sigorta")
    assert entry is not None and "sgk girisimi kim yapar" in entry.questions
    # A phrasing another entry already owns is refused, as in the files.
    clash = await panel.client.post(
        "/sss/usp-ucret/kalip/ekle", data={"csrf": csrf, "questions": "sgk girisimi kim yapar"}
    )
    assert clash.status == 409 and "usp-sigorta" in await clash.text()
    removed = await panel.client.post(
        "/sss/usp-sigorta/kalip/sil", data={"csrf": csrf, "question": "sgk girisimi kim yapar"}
    )
    assert removed.status == 200 and "çıkarıldı" in await removed.text()
    entry = await panel.services.faq.entry("usp-sigorta")
    assert entry is not None and "sgk girisimi kim yapar" not in entry.questions


async def test_the_year_is_set_and_the_history_shows_a_diff_that_rolls_back(panel: Panel) -> None:
    csrf = await panel.sign_in(ADMIN_ID)
    before = await panel.services.faq.entry("usp-sigorta")
    assert before is not None
    response = await panel.client.post(
        "/sss/usp-sigorta/yil/0", data={"csrf": csrf, "year": "2026"}
    )
    page = await response.text()
    assert "Program yılı kaydedildi" in page and "2026 programına ait" in page
    assert "+    year: 2026" in page or "year: 2026" in page
    [change] = await panel.services.faq.history("usp-sigorta")
    back = await panel.client.post(f"/sss/geri-al/{change.id}", data={"csrf": csrf})
    assert back.status == 200 and "geri alındı" in await back.text()
    assert await panel.services.faq.entry("usp-sigorta") == before
    bad = await panel.client.post("/sss/usp-sigorta/yil/0", data={"csrf": csrf, "year": "yirmi"})
    assert bad.status == 400


async def test_a_new_entry_needs_its_phrasings_and_a_known_source(panel: Panel) -> None:
    csrf = await panel.sign_in(ADMIN_ID)
    form = await (await panel.client.get("/sss/yeni")).text()
    assert csrf_of(form) == csrf and SEED in form
    question = "Staj defterimi kaybettim ne yapmalıyım"
    few = await panel.client.post(
        "/sss/yeni",
        data={"csrf": csrf, "question": question, "phrasings": "defter kayboldu",
              "answer": "Kariyer merkezine başvur.", "seed": SEED, "part": "Staj defteri"},
    )  # fmt: skip
    text = await few.text()
    assert few.status == 409 and "en az" in text and "defter kayboldu" in text
    phrasings = "\n".join(
        ["staj defteri kayboldu", "defterimi kaybettim", "staj defterim yok oldu",
         "defteri bulamiyorum ne yapayim", "staj defteri kaybolursa ne olur",
         "kaybolan staj defteri icin ne yapilir", "yeni staj defteri nasil alinir",
         "staj defterimi yitirdim"]
    )  # fmt: skip
    made = await panel.client.post(
        "/sss/yeni",
        data={"csrf": csrf, "question": question, "phrasings": phrasings,
              "answer": "Kariyer merkezine başvur.", "seed": SEED, "part": "Staj defteri"},
    )  # fmt: skip
    assert made.status == 200 and "Yeni kayıt oluşturuldu" in await made.text()
    created = [
        e for e in await panel.services.faq.entries() if e.title.startswith("Staj defterimi")
    ]
    assert created and created[0].answers[0].source.part == "Staj defteri"
    unknown = await panel.client.post(
        "/sss/yeni",
        data={"csrf": csrf, "question": "Başka bir soru", "phrasings": phrasings,
              "answer": "Cevap.", "seed": "uydurma.txt"},
    )  # fmt: skip
    assert unknown.status == 409 and "bilinen bir kaynak değil" in await unknown.text()
