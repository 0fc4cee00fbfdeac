"""The panel's sections, in the order the menu and the home page show them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    path: str
    label: str
    about: str
    admin_only: bool  # counselors see the others


NAV = (
    Section(
        "/kuyruk", "Kuyruk", "Bekleyen ve görüşmedeki danışman talepleri, çalışma saatleri.", False
    ),
    Section("/sss", "SSS", "Cevapları düzenleyin, soru kalıpları ekleyin, geçmişe bakın.", True),
    Section("/gelen-kutusu", "Gelen kutusu", "Cevaplanamayan ve 👎 alan soruları işleyin.", False),
    Section("/istatistik", "İstatistik", "Bir dönemin kullanım sayıları, grafik ve CSV.", True),
    Section(
        "/veriler", "Veriler", "Öğrenci ve başvuru CSV'si yükleyin, bağlantı kodu üretin.", True
    ),
    Section("/egitim", "Eğitim", "Çalışan model, son eğitimlerin sonuçları; yeni eğitim.", True),
)
