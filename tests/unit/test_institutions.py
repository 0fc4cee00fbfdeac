import pytest

from staj.institutions import find_institution, names_another_university


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
