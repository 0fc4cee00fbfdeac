from staj.faq.lexical import normalise
from staj.text import fold_turkish, tr_lower, tr_upper
from staj.text.turkish import question_text, without_opening


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


def test_greetings_before_a_question_are_left_out() -> None:
    assert without_opening("Hocam merhaba, BYS açılmıyor kime yazayım") == (
        "BYS açılmıyor kime yazayım"
    )
    assert without_opening("iyi günler kolay gelsin; staj ücreti var mı") == "staj ücreti var mı"
    assert without_opening("slm abi sigorta yapılıyo mu") == "sigorta yapılıyo mu"
    assert without_opening("hocam kusura bakmayın rahatsız ediyorum, sigorta nasıl oluyor") == (
        "sigorta nasıl oluyor"
    )


def test_a_greeting_with_little_after_it_stays_a_greeting() -> None:
    for text in ("merhaba", "selam nasılsın", "hocam merhaba", "merhaba staj asistanı"):
        assert without_opening(text) == text
    # Words that only begin like a greeting are the question itself.
    assert without_opening("sabah staj var mı yarın") == "sabah staj var mı yarın"
    assert without_opening("salam sandviç yemek istiyorum") == "salam sandviç yemek istiyorum"


def test_thanks_and_requests_for_help_after_a_question_are_left_out() -> None:
    assert question_text("Sigorta yapılıyor mu hocam? Şimdiden teşekkürler!") == (
        "Sigorta yapılıyor mu"
    )
    assert question_text("merhaba, staj ücreti var mı, yardımcı olur musunuz") == (
        "staj ücreti var mı"
    )
    assert question_text("teklifi kaçırdım ne yapabilirim lütfen yardım eder misiniz") == (
        "teklifi kaçırdım ne yapabilirim"
    )
    # The same words as the question itself, or with too little before them, stay.
    assert question_text("ortalamamın yüksek olması yardımcı olur mu") == (
        "ortalamamın yüksek olması yardımcı olur mu"
    )
    for text in (
        "teşekkürler",
        "çok sağ olun hocam",
        "yardımcı olur musun",
        "sağol abi",
        "🙏" * 500,
    ):
        assert question_text(text) == text


def test_the_lexical_vote_sees_the_question_as_the_tokenizer_does() -> None:
    text = "Hocam merhaba, BYS'ye başvurumu nasıl yaparım, yardımcı olabilir misiniz?"
    assert normalise(text) == "bysye basvurumu nasil yaparim"
