"""The inbox in the panel: groups with counts; a group becomes phrasings of an entry or a
new entry, or is dismissed; a group someone else handled meanwhile is not handled twice."""

from __future__ import annotations

import re

from staj.store import inbox
from tests.panel.conftest import ADMIN_ID, COUNSELOR_ID, Panel

SEED = "003_e5248fd725775385.txt"
INSURANCE = ["staj sigortami kim yatiriyo", "staj sigortamı kim yatırıyor acaba", "sigortami kim yatirir stajda"]  # fmt: skip


async def fill(panel: Panel) -> None:
    for question in INSURANCE:
        await inbox.add(panel.services.db.sessions, question, inbox.FALLBACK)
    await inbox.add(panel.services.db.sessions, "kantin kaçta açılıyor", inbox.FALLBACK)


def group_ids(html: str, question: str) -> str:
    section = html[html.index(question) :]
    found = re.search(r'name="items" value="([0-9,]+)"', section)
    assert found
    return found.group(1)


async def test_a_counselor_adds_a_group_as_phrasings_and_the_group_closes(panel: Panel) -> None:
    await fill(panel)
    csrf = await panel.sign_in(COUNSELOR_ID)
    page = await (await panel.client.get("/gelen-kutusu")).text()
    assert "2 grup, 4 soru" in page
    assert "Yeni kayıt yap" not in page  # new entries are for admins
    ids = group_ids(page, INSURANCE[-1])
    added = await panel.client.post(
        "/gelen-kutusu/ekle",
        data=[("csrf", csrf), ("items", ids), ("entry", "usp-sigorta"),
              ("question", INSURANCE[0]), ("question", INSURANCE[2])],
    )  # fmt: skip
    body = await added.text()
    assert added.status == 200 and "grup kapandı" in body and "1 grup, 1 soru" in body
    entry = await panel.services.faq.entry("usp-sigorta")
    assert entry is not None
    assert INSURANCE[0] in entry.questions and INSURANCE[2] in entry.questions
    assert INSURANCE[1] not in entry.questions  # unticked
    [change] = await panel.services.faq.history("usp-sigorta")
    assert change.actor == "panel:Danışman Ali"
    # The same form again (a second tab, a double click): nothing happens twice.
    again = await panel.client.post(
        "/gelen-kutusu/ekle",
        data={"csrf": csrf, "items": ids, "entry": "usp-sigorta", "question": INSURANCE[0]},
    )
    assert again.status == 409 and "başka biri tarafından işlendi" in await again.text()


async def test_a_group_is_dismissed(panel: Panel) -> None:
    await fill(panel)
    csrf = await panel.sign_in(ADMIN_ID)
    page = await (await panel.client.get("/gelen-kutusu")).text()
    ids = group_ids(page, "kantin kaçta açılıyor")
    response = await panel.client.post("/gelen-kutusu/kapat", data={"csrf": csrf, "items": ids})
    body = await response.text()
    assert "Grup kapatıldı" in body and "kantin" not in body


async def test_an_admin_makes_a_new_entry_from_a_group(panel: Panel) -> None:
    await fill(panel)
    csrf = await panel.sign_in(ADMIN_ID)
    page = await (await panel.client.get("/gelen-kutusu")).text()
    ids = group_ids(page, "kantin kaçta açılıyor")
    form = await (await panel.client.get(f"/sss/yeni?gelen={ids}")).text()
    assert 'value="kantin kaçta açılıyor"' in form and f'value="{ids}"' in form
    phrasings = "\n".join(
        ["kantin saat kacta acilir", "kantin ne zaman acik", "yemekhane kacta aciliyor",
         "kantin acilis saati", "kantinin saatleri", "kantin kacta kapaniyor",
         "kantin hafta sonu acik mi", "kantin sabah kacta"]
    )  # fmt: skip
    made = await panel.client.post(
        "/sss/yeni",
        data={"csrf": csrf, "question": "kantin kaçta açılıyor", "phrasings": phrasings,
              "answer": "Kantin saatlerini kariyer merkezi bilmez; fakülteye sor.",
              "seed": SEED, "part": "Genel", "settles": ids},
    )  # fmt: skip
    assert made.status == 200 and "Yeni kayıt oluşturuldu" in await made.text()
    after = await (await panel.client.get("/gelen-kutusu")).text()
    assert "kantin" not in after


async def test_a_wrong_entry_id_is_refused_and_the_group_stays(panel: Panel) -> None:
    await fill(panel)
    csrf = await panel.sign_in(ADMIN_ID)
    page = await (await panel.client.get("/gelen-kutusu")).text()
    ids = group_ids(page, INSURANCE[-1])
    response = await panel.client.post(
        "/gelen-kutusu/ekle",
        data={"csrf": csrf, "items": ids, "entry": "usp-sigorta", "other_entry": "yok-boyle"},
    )
    assert response.status == 409 and "yok-boyle" in await response.text()
    assert "2 grup, 4 soru" in await (await panel.client.get("/gelen-kutusu")).text()


async def test_a_long_inbox_shows_the_largest_groups_first(panel: Panel) -> None:
    topics = ["kantin", "otopark", "kutuphane", "yurt", "burs", "spor salonu", "havuz", "servis",
              "mezuniyet", "diploma", "transkript", "harc", "ders kaydi", "yaz okulu", "erasmus",
              "cap", "yandal", "staj defteri", "kimlik karti", "eposta", "wifi", "laboratuvar",
              "sinav", "butunleme", "danisman", "kulup", "yemekhane", "revir", "kayit dondurma",
              "af", "bolum degisikligi", "yatay gecis", "dikey gecis", "muafiyet", "intibak"]  # fmt: skip
    for topic in topics:
        await inbox.add(panel.services.db.sessions, f"{topic} {topic} {topic}", inbox.FALLBACK)
    for _ in range(3):
        await inbox.add(panel.services.db.sessions, "staj sigortami kim yatiriyo", inbox.FALLBACK)
    await panel.sign_in(ADMIN_ID)
    page = await (await panel.client.get("/gelen-kutusu")).text()
    assert f"{len(topics) + 1} grup" in page and "En kalabalık 30 grup gösteriliyor" in page
    first = page.index('id="grup-1"')
    assert page.index("staj sigortami kim yatiriyo", first) < page.index('id="grup-2"')
