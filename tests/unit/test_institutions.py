import pytest

from staj.institutions import (
    after_introduction,
    find_institution,
    institution_meant,
    names_another_university,
    names_national_programme,
)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("KTÜ'lüyüm", "ktu"),
        ("karadeniz teknikte okuyorum", "ktu"),
        ("Kahramanmaraş Sütçü İmam Üniversitesi", "ksu"),
        ("ksu ogrencisiyim", "ksu"),
        ("BŞEÜ öğrencisiyim", "bseu"),
        ("bilecik seyh edebali", "bseu"),
        ("merhaba", None),
        ("KTÜ mü KSÜ mü bilemedim", None),
    ],
)
def test_find_institution(text: str, code: str | None) -> None:
    assert find_institution(text) == code


@pytest.mark.parametrize(
    ("text", "another"),
    [
        ("İstanbul Üniversitesi'nde okuyorum", True),
        ("odtu unide okuyorum", True),
        ("Ege Ünv. öğrencisiyim", True),
        ("KTÜ öğrencisiyim", False),  # one we know
        ("Karadeniz Teknik Üniversitesi", False),
        ("ben üniversite öğrencisiyim", False),  # names none: asked which
        ("devlet üniversitesinde okuyorum", False),
        ("üniversitede okuyorum", False),
        ("sigorta yapılıyor mu", False),
    ],
)
def test_another_university_is_told_from_none(text: str, another: bool) -> None:
    assert names_another_university(text) is another


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("bys'ye hangi belgeleri yüklüyorum", "ktu"),  # KTÜ's own system
        ("bysde basvurum onaylandi mi", "ktu"),
        ("ebys üzerinden evrak gidiyor", None),  # KSÜ's EBYS is not KTÜ's BYS
        ("KSÜ'lüyüm, bys nedir", "ksu"),  # a named university comes first
        ("sigorta yapılıyor mu", None),
    ],
)
def test_the_university_a_message_is_about(text: str, code: str | None) -> None:
    assert institution_meant(text) == code


def test_naming_a_system_does_not_say_where_the_student_studies() -> None:
    assert find_institution("bys'ye hangi belgeleri yüklüyorum") is None


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Ulusal Staj Programı'nda sigorta var mı", True),
        ("ulusal staj programinda sigorta", True),
        ("usp'de ücret veriliyor mu", True),
        ("uspde ucret", True),
        ("Staj Seferberliği 2024 başvuruları", True),
        ("kariyer kapısında başvurum görünmüyor", False),
        ("ktü'de staj aşamaları", False),
        ("staj ulusal mı", False),
    ],
)
def test_naming_the_national_programme(text: str, named: bool) -> None:
    assert names_national_programme(text) is named


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("ktü öğrencisiyim stajım ne zaman biter", "stajım ne zaman biter"),
        ("ben KTÜ bilgisayar mühendisliği öğrencisiyim, sigorta var mı", "sigorta var mı"),
        ("ksüde okuyorum son tarihlerim ne", "son tarihlerim ne"),
        # Nothing left to ask, a university not known, or no first person: the whole message.
        ("ksü'de okuyorum", "ksü'de okuyorum"),
        (
            "İstanbul Üniversitesi öğrencisiyim staj var mı",
            "İstanbul Üniversitesi öğrencisiyim staj var mı",
        ),
        ("tıp öğrencileri başvurabilir mi", "tıp öğrencileri başvurabilir mi"),
    ],
)
def test_the_question_after_an_introduction(text: str, rest: str) -> None:
    assert after_introduction(text) == rest
