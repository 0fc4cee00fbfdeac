"""Templates for the status answer and reminders (texts.yml next to this file)."""

from __future__ import annotations

from pathlib import Path

from staj.texts import TextBook

book = TextBook(Path(__file__).with_name("texts.yml"))
text = book.text
