"""The panel's sections, in the order the menu and the home page show them; their names and
descriptions are in texts.yml (nav)."""

from __future__ import annotations

from dataclasses import dataclass

from panel.texts import text


@dataclass(frozen=True)
class Section:
    path: str
    key: str  # under nav. in texts.yml
    admin_only: bool  # counselors see the others

    @property
    def label(self) -> str:
        return text(f"nav.{self.key}.label")

    @property
    def about(self) -> str:
        return text(f"nav.{self.key}.about")


NAV = (
    Section("/kuyruk", "queue", False),
    Section("/sss", "faq", True),
    Section("/gelen-kutusu", "inbox", False),
    Section("/istatistik", "figures", True),
    Section("/veriler", "office", True),
    Section("/egitim", "training", True),
)
