"""The panel's messages (notices after an action, refusals), loaded from texts.yml; page
wording lives in the templates. Staff are addressed as "siz"."""

from __future__ import annotations

from pathlib import Path

from staj.texts import TextBook

text = TextBook(Path(__file__).with_name("texts.yml")).text
