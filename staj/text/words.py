"""A message as folded words (ı→i, ü→u, ..., lower case, no punctuation), for the word and
word-start lists in data/."""

from __future__ import annotations

import re

from staj.text.turkish import fold_turkish


def folded_words(text: str) -> list[str]:
    """The message's words, folded and without punctuation."""
    return re.sub(r"[^\w]+", " ", fold_turkish(text)).split()


def word_starts(text: str) -> str:
    """The folded words joined by spaces after a leading one, apostrophes dropped first
    ("KTÜ'lüyüm" → " ktuluyum"): a phrase starts a word where " " + phrase occurs."""
    return " " + " ".join(folded_words(text.replace("'", "")))
