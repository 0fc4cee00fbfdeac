from staj.text import fold_turkish, tr_lower, tr_upper


def test_turkish_lowercase_of_dotted_and_dotless_i() -> None:
    assert tr_lower("IŞIK İZMİR") == "ışık izmir"
    assert tr_upper("ışık izmir") == "IŞIK İZMİR"


def test_folding_makes_casual_and_formal_spellings_alike() -> None:
    forms = ["sigorta yapılıyor mu", "SİGORTA YAPILIYOR MU", "sigorta yapiliyor mu"]
    assert {fold_turkish(f) for f in forms} == {"sigorta yapiliyor mu"}


def test_folding_keeps_length_so_offsets_stay_valid() -> None:
    text = "Kariyer Kapısı’na İŞKUR ĞÜŞÇÖ âîû"
    assert len(fold_turkish(text)) == len(text)
    assert fold_turkish(text) == "kariyer kapisi'na iskur gusco aiu"
