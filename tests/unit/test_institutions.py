import pytest

from staj.institutions import find_institution


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
