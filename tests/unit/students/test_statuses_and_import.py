"""The statuses the seeds name, and reading the career office's CSV files."""

from __future__ import annotations

from pathlib import Path

import pytest

from staj.faq.sources import source_documents
from staj.students import importing
from staj.students.codes import code_hash, code_in, new_code
from staj.students.statuses import find_status, statuses

SEED_LABELS = {
    "usp": [
        "Yarım Kalan Başvuru",
        "Tamamlanan Başvuru",
        "Yetenek Havuzuna Eklendiniz",
        "Staj Teklifi",
        "Teklif zaman aşımına uğradı",
        "Teklifi kabul ettin",
        "Ek Değerleme / Mülakat",
        "İşveren son onayı verdi",
        "Sigorta girişin yapıldı",
        "Staj devam ediyor",
        "Stajı İptal Edilmiştir",
        "Stajını Yarıda Bıraktı/Tamamlamadı",
        "Staj tamamlandı",
    ],
    "ktu-bys": [
        "Başvuru yapıldı",
        "Staj Komisyonu'nda",
        "Reddedildi",
        "Onaylandı",
        "Erteleme / uzatma / durdurma talebi",
        "Sonlandırılacak",
        "Sonlandırıldı",
    ],
}


def test_every_status_the_seeds_name_is_explained_with_a_next_step_and_source() -> None:
    for programme, labels in SEED_LABELS.items():
        assert [s.label for s in statuses().values() if s.programme == programme] == labels
    for status in statuses().values():
        assert len(status.explanation) > 30 and len(status.next_step) > 30
        assert status.seeds and all(seed in source_documents() for seed in status.seeds)


def test_staff_may_name_a_status_by_code_or_label_without_turkish_letters() -> None:
    assert find_status("usp", "Stajı İptal Edilmiştir") is statuses()["iptal"]
    assert find_status("usp", "staji iptal edilmistir") is statuses()["iptal"]
    assert find_status("ktu-bys", "bys_reddedildi") is statuses()["bys_reddedildi"]
    assert find_status("usp", "bys_reddedildi") is None  # another programme's status


def test_link_codes_are_recognised_as_students_paste_them() -> None:
    code = new_code()
    assert code_in(code) == code
    assert code_in("  " + code.lower().replace("-", " ") + " ") == code
    assert code_in(code.replace("-", "")) == code
    assert code_in(f"kodum bu: {code} teşekkürler") == code
    assert code_in("başvurular") is None and code_in("staj yerim belli") is None
    assert code_in("STAJ-YERIM-BELLI") is None  # no digit: never an issued code
    key = b"k" * 32
    assert code_hash(code.lower(), key) == code_hash(code, key) and len(code_hash(code, key)) == 64
    assert code_hash(code, key) != code_hash(code, b"x" * 32)  # without the key, no match


def _write(tmp_path: Path, content: str, name: str = "f.csv") -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8-sig")
    return path


def test_students_file_with_semicolons_and_bom_is_read(tmp_path: Path) -> None:
    parsed = importing.parse_students(
        _write(
            tmp_path,
            "Öğrenci No;Ad Soyad;Üniversite;Fakülte;Bölüm;Program;Sınıf\n"
            "1;Ayşe  Yılmaz;KTÜ;Mühendislik;Bilgisayar;Ön Lisans;2\n",
        )
    )
    assert parsed.ok, parsed.errors
    [row] = parsed.rows
    assert (row.institution, row.full_name, row.programme_type, row.class_year) == (
        "ktu",
        "Ayşe Yılmaz",
        "onlisans",
        2,
    )


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("2,ktu,usp,2027,teklif,,,,,,,,", "teklif durumunda teklif_turu"),
        ("3,ktu,ktu-bys,2027,bys_reddedildi,,,,,,,,", "red_nedeni gerekli"),
        ("4,ksu,ktu-bys,2027,bys_basvuru,,,,,,,,", "ksu öğrencileri için değil"),
        ("5,odtu,usp,2027,tamamlanan,,,,,,,,", "universite “odtu” tanınmıyor"),
        ("6,ktu,usp,27,tamamlanan,,,,,,,,", "yil “27” geçerli değil"),
        ("7,ktu,usp,2027,tamamlanan,,,,31.02.2027,,,,", "“31.02.2027” geçerli bir tarih değil"),
        ("8,ktu,usp,2027,tamamlanan,,,,10.07.2027,01.07.2027,,,", "bitis, baslangic"),
        ("9,ktu,usp,2027,tamamlanan,kismi,,,,,,,", "teklif_turu “kismi”"),
        ("1 0,ktu,usp,2027,tamamlanan,,,,,,,,", "ogrenci_no “1 0” geçerli değil"),
        (",ktu,usp,2027,tamamlanan,,,,,,,,", "ogrenci_no boş"),
        ("11,ktu,usp,2027,tamamlanan,,,,,,,,,fazla", "başlıktan fazla sütun"),
    ],
)
def test_each_bad_application_row_is_reported_with_its_line(
    tmp_path: Path, line: str, error: str
) -> None:
    header = ",".join(importing.APPLICATION_COLUMNS)
    good = "1,ktu,usp,2027,tamamlanan,,,,,,,,"
    parsed = importing.parse_applications(_write(tmp_path, f"{header}\n{good}\n{line}\n"))
    assert len(parsed.rows) == 1
    assert len(parsed.errors) == 1 and parsed.errors[0].startswith("satır 3: ")
    assert error in parsed.errors[0]


def test_header_problems_and_duplicates_are_reported(tmp_path: Path) -> None:
    parsed = importing.parse_students(_write(tmp_path, "ogrenci_no,isim\n1,Ayşe\n"))
    assert parsed.errors == [
        "satır 1: başlık satırı hatalı (eksik sütun: ad_soyad, universite, program; "
        "bilinmeyen sütun: isim)"
    ]
    header = ",".join(importing.STUDENT_COLUMNS)
    duplicate = importing.parse_students(
        _write(tmp_path, f"{header}\n1,A B,ktu,,,lisans,3\n\n1,A B,ktu,,,lisans,3\n")
    )
    assert duplicate.errors == ["satır 4: aynı kayıt 2. satırda da var"]
    assert importing.parse_students(_write(tmp_path, "")).errors == ["satır 1: dosya boş"]
    latin = tmp_path / "latin.csv"
    latin.write_bytes("ogrenci_no,ad_soyad\n1,Ay\xfe\xe7\n".encode("latin-1"))
    assert "UTF-8" in importing.parse_students(latin).errors[0]
