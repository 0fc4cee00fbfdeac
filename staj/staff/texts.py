"""Templates for what staff read (texts.yml next to this file)."""

from __future__ import annotations

from pathlib import Path

from staj.texts import TextBook

text = TextBook(Path(__file__).with_name("texts.yml")).text
