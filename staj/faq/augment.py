"""Spellings students use for a question, added to the training data at export time so the
FAQ files stay readable: chat forms ("yapılıyor mu" → "yapiliyomu", "yapacağım" → "yapicam",
"nasıl" → "nasi") and one dropped letter, as a hurried thumb types it. Deterministic: the
same files always give the same training data (and the same model fingerprint)."""

from __future__ import annotations

import hashlib
import re

from staj.text.turkish import fold_turkish

# (pattern, replacement) on Turkish-folded text, applied in order.
_CHAT = (
    (re.compile(r"(\w)iyor mu\b"), r"\1iyomu"),
    (re.compile(r"(\w)uyor mu\b"), r"\1uyomu"),
    (re.compile(r"(\w)(i|u)yor(um|sun)?\b"), r"\1\2yo\3"),
    (re.compile(r"(\w)(a|e)cag(im|iz)\b"), r"\1icam"),
    (re.compile(r"(\w)(a|e)ceg(im|iz)\b"), r"\1icem"),
    (re.compile(r"\bnasil\b"), "nasi"),
    (re.compile(r"\bne zaman\b"), "ne zmn"),
    (re.compile(r"\bmisin\b"), "msn"),
    (re.compile(r"(\w) (mi|mu|mı|mü)\b"), r"\1\2"),
)


def chat_spelling(question: str) -> str | None:
    """The question as typed in a chat, when that differs from the folded question."""
    folded = " ".join(fold_turkish(question).split())
    chatty = folded
    for pattern, replacement in _CHAT:
        chatty = pattern.sub(replacement, chatty)
    return chatty if chatty != folded else None


def with_typo(question: str) -> str | None:
    """One letter dropped from the question's longest word (which letter: from its hash)."""
    words = question.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]), default=None)
    if longest is None or len(words[longest]) < 6:
        return None
    word = words[longest]
    seed = int(hashlib.sha256(question.encode()).hexdigest(), 16)
    at = 2 + seed % (len(word) - 3)  # never the first two letters, never the last
    words[longest] = word[:at] + word[at + 1 :]
    return " ".join(words)


def spellings(question: str) -> list[str]:
    """Other spellings of ``question`` to train on (none that equal it once folded)."""
    found = [v for v in (chat_spelling(question), with_typo(question)) if v]
    own = fold_turkish(" ".join(question.split()))
    return [v for v in dict.fromkeys(found) if fold_turkish(v) != own]
