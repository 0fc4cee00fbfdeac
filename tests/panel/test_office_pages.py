"""Office data in the panel: a CSV upload reports row by row like the CLI and applies
nothing when a row is bad; link codes for a university come down once, as a CSV."""

from __future__ import annotations

from aiohttp import FormData

from staj.store import record_views
from tests.panel.conftest import ADMIN_ID, COUNSELOR_ID, Panel

STUDENTS = (
    "ogrenci_no;ad_soyad;universite;fakulte;bolum;program;sinif\n"
    "2020101;Deniz Kaya;ktu;Mühendislik;Bilgisayar;lisans;3\n"
    "2020102;Ece Demir;ktu;Mühendislik;Makine;lisans;4\n"
)
APPLICATIONS = (
    "ogrenci_no,universite,program,yil,durum,teklif_turu,isveren,sehir,baslangic,bitis,"
    "cevap_son_gun,isveren_iletisim,red_nedeni\n"
    "2020101,ktu,usp,2027,tamamlanan,,,,,,,,\n"
    "2020102,ktu,ktu-bys,2027,bys_reddedildi,,,,,,,,\n"
    "1,ktu,usp,2027,tamamlanan,,,,,,,,\n"
)


def upload(csrf: str, kind: str, content: str | bytes, name: str = "liste.csv") -> FormData:
    form = FormData()
    form.add_field("csrf", csrf)
    form.add_field("kind", kind)
    form.add_field("file", content.encode() if isinstance(content, str) else content,
                   filename=name, content_type="text/csv")  # fmt: skip
    return form


async def test_a_good_file_is_applied_and_a_bad_one_reported_row_by_row(panel: Panel) -> None:
    csrf = await panel.sign_in(ADMIN_ID)
    page = await (await panel.client.get("/veriler")).text()
    assert "CSV yükle" in page and "Bağlantı kodları" in page
    good = await panel.client.post(
        "/veriler/yukle", data=upload(csrf, "students", STUDENTS, "ogrenciler.csv")
    )
    text = await good.text()
    assert (
        good.status == 200
        and "ogrenciler.csv: 2 öğrenci; 2 yeni, 0 güncellendi, 0 değişmedi." in text
    )
    again = await panel.client.post("/veriler/yukle", data=upload(csrf, "students", STUDENTS))
    assert "0 yeni, 0 güncellendi, 2 değişmedi" in await again.text()

    bad = await panel.client.post(
        "/veriler/yukle", data=upload(csrf, "applications", APPLICATIONS, "basvurular.csv")
    )
    report = await bad.text()
    assert bad.status == 422
    assert "basvurular.csv: 2 hatalı satır; dosyadan hiçbir değişiklik uygulanmadı." in report
    assert "satır 3: reddedilen başvuru için red_nedeni gerekli" in report
    assert "satır 4: ktu öğrencisi 1 kayıtlı değil" in report
    # Row 2 was good, but nothing from a file with a bad row is applied.
    assert await record_views.staff_view(panel.services.db.sessions, "ktu", "2020102") == []


async def test_unreadable_and_missing_files_are_explained(panel: Panel) -> None:
    csrf = await panel.sign_in(ADMIN_ID)
    latin = await panel.client.post(
        "/veriler/yukle",
        data=upload(csrf, "students", STUDENTS.replace("ü", "u").encode() + "ğ".encode("cp1254")),
    )
    assert latin.status == 422 and "UTF-8" in await latin.text()
    empty = await panel.client.post("/veriler/yukle", data=upload(csrf, "students", ""))
    assert empty.status == 422 and "dosya boş" in await empty.text()
    nothing = await panel.client.post("/veriler/yukle", data={"csrf": csrf, "kind": "students"})
    assert nothing.status == 400 and "Bir dosya" in await nothing.text()
    huge = await panel.client.post(
        "/veriler/yukle", data=upload(csrf, "students", b"a" * (6 * 1024 * 1024))
    )
    assert huge.status == 413 and "5 MB" in await huge.text()


async def test_link_codes_come_down_once_as_a_csv(panel: Panel) -> None:
    csrf = await panel.sign_in(ADMIN_ID)
    await panel.client.post("/veriler/yukle", data=upload(csrf, "students", STUDENTS))
    response = await panel.client.post(
        "/veriler/kodlar", data={"csrf": csrf, "institution": "ktu", "days": "14", "unlinked": "1"}
    )
    assert response.status == 200 and "attachment" in response.headers["Content-Disposition"]
    rows = (await response.read()).decode("utf-8-sig").splitlines()
    assert rows[0] == "ogrenci_no;kod;baglanti;son_gecerlilik"
    assert len(rows) == 3 and all(";STAJ-" in r for r in rows[1:])
    none = await panel.client.post(
        "/veriler/kodlar", data={"csrf": csrf, "institution": "ksu", "days": "14"}
    )
    assert none.status == 404 and "kayıtlı öğrencisi yok" in await none.text()
    forged = await panel.client.post(
        "/veriler/kodlar", data={"csrf": csrf, "institution": "ktu", "days": "3650"}
    )
    assert forged.status == 400


async def test_office_data_is_for_admins(panel: Panel) -> None:
    csrf = await panel.sign_in(COUNSELOR_ID)
    assert (await panel.client.get("/veriler")).status == 403
    response = await panel.client.post("/veriler/yukle", data=upload(csrf, "students", STUDENTS))
    assert response.status == 403
