from datetime import date

import pytest

from staj.text.requests import Computation, computation_in, start_date_in

TODAY = date(2025, 3, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14.07.2025 de başlıyorum 20 iş günü haftada 6 gün, ne zaman biter", Computation.END_DATE),
        ("14/07/2025 başlayan stajım ne zaman biter", Computation.END_DATE),
        ("14 Temmuz 2025'te başlıyorum 30 iş günü", Computation.END_DATE),
        ("14 temmuzda başlıyor stajın bitiş günü ne", Computation.END_DATE),
        ("Stajım 14.07.2025'te başlıyor, BYS başvurusunu en geç ne zaman yapmalıyım?",
         Computation.DEADLINES),
        ("stajım 1 ağustos 2025'te başlıyor, işveren teklifi en geç ne zaman göndermeli",
         Computation.DEADLINES),
        ("staj 01.08.2025 evraklar kaç gün önce gitmeli", Computation.DEADLINES),
        ("16.07.2025", Computation.START_DATE_ONLY),
        ("3. sınıf", Computation.ELIGIBILITY),
        ("lisans", Computation.ELIGIBILITY),
        ("2,45", Computation.ELIGIBILITY),
        ("20 iş günü", Computation.END_DATE),
        ("20 iş günü, haftada 5 gün", Computation.END_DATE),
        ("20 iş günlük stajım ne zaman biter", Computation.END_DATE),
        ("30 iş günü staj ne zaman başlıyor", None),
        ("zorunlu stajım 30 gün bu programda da 30 gün mü yapacağım", None),
        ("31.02.2025'te başlıyorum ne zaman biter", Computation.END_DATE),
        ("tıp fakültesi 3. sınıftayım ortalamam 3.5 başvurabilir miyim", Computation.ELIGIBILITY),
        ("gno 3.10 ile başvurabilir miyim", Computation.ELIGIBILITY),
        ("sigorta yapılıyor mu", None),
        ("staj ücreti ne kadar", None),
        ("bana bir şiir yaz", None),
    ],
)  # fmt: skip
def test_a_message_that_carries_its_facts_names_its_computation(
    text: str, expected: Computation | None
) -> None:
    assert computation_in(text, TODAY) is expected


def test_the_start_date_leaves_an_average_out() -> None:
    assert start_date_in("ortalamam 3.5, stajım 16.07.2025'te başlıyor", TODAY) == date(2025, 7, 16)
    assert start_date_in("ortalamam 3.5 başvurabilir miyim", TODAY) is None
