"""Reply templates for the actions, loaded from texts.yml."""

from __future__ import annotations

from pathlib import Path

from staj.texts import TextBook

text = TextBook(Path(__file__).with_name("texts.yml")).text
