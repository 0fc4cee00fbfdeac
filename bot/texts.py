"""The Telegram side's own reply texts, loaded from texts.yml."""

from __future__ import annotations

from pathlib import Path

from staj.texts import TextBook

_BOOK = TextBook(Path(__file__).with_name("texts.yml"))
text = _BOOK.text


def command_menu() -> dict[str, str]:
    menu: dict[str, str] = _BOOK.data["commands"]
    return menu
