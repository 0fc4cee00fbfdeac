"""Decide whether a student's text can go to Rasa, and clean it first.

Rasa must never see text that breaks it or that pretends to be a button payload: a
message starting with "/" is an intent in Rasa's syntax, so typed slashes are refused
here (real commands have their own handlers) and only our buttons send payloads.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_CHARS = 1000

_EMOJI_OR_SYMBOL = {
    "So",
    "Sk",
    "Sm",
    "Mn",
    "Me",
    "Cf",
    "Zs",
    "Po",
    "Ps",
    "Pe",
    "Pd",
    "Pi",
    "Pf",
    "Sc",
}


@dataclass(frozen=True)
class Verdict:
    text: str | None  # cleaned text to send to Rasa, or None
    reply_key: str | None  # bot text to answer with instead
    values: dict[str, int] | None = None


def clean(text: str) -> str:
    """Drop control characters, normalise Unicode and collapse white space."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch if unicodedata.category(ch)[0] != "C" or ch in "\n\t" else " " for ch in text)
    return re.sub(r"\s+", " ", text).strip()


def _only_emoji(text: str) -> bool:
    categories = [unicodedata.category(ch) for ch in text if not ch.isspace()]
    return all(c in _EMOJI_OR_SYMBOL for c in categories) and any(
        c in ("So", "Sk") for c in categories
    )


def check_message(raw: str | None) -> Verdict:
    text = clean(raw or "")
    if not text:
        return Verdict(None, "empty")
    if len(text) > MAX_CHARS:
        return Verdict(None, "too_long", {"length": len(text), "limit": MAX_CHARS})
    if not any(ch.isalnum() for ch in text):
        return Verdict(None, "emoji_only" if _only_emoji(text) else "no_words")
    if text.startswith("/"):
        return Verdict(None, "unknown_command")
    return Verdict(text, None)
