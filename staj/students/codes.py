"""One-time link codes: "STAJ-7KQ2M-9XDP4". Only a keyed hash is stored.

Ten characters from a 31-letter alphabet without look-alikes (0/O, 1/I/L) give about 50 bits:
with 5 wrong tries an hour per Telegram account, guessing one is hopeless.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
DIGITS = "23456789"
PREFIX = "STAJ"
_BODY_LENGTH = 10
# A code as a student pastes it: the whole message (any case, dashes or spaces) or inside a
# sentence (dashes only). Issued codes always hold a digit, so that Turkish words ("staj
# yerim belli") are never taken for a code.
_CODE_MESSAGE = re.compile(
    rf"^\s*{PREFIX}[\s_-]*([A-Z0-9]{{5}})[\s_-]*([A-Z0-9]{{5}})\s*$", re.IGNORECASE
)
_CODE_IN_TEXT = re.compile(rf"\b{PREFIX}-([A-Z0-9]{{5}})-?([A-Z0-9]{{5}})\b", re.IGNORECASE)


def new_code() -> str:
    while True:
        body = "".join(secrets.choice(ALPHABET) for _ in range(_BODY_LENGTH))
        if any(c in DIGITS for c in body):
            return f"{PREFIX}-{body[:5]}-{body[5:]}"


def code_in(text: str) -> str | None:
    """The normalised code if ``text`` is, or plainly contains, a link code."""
    match = _CODE_MESSAGE.match(text or "") or _CODE_IN_TEXT.search(text or "")
    if match is None or not any(c.isdigit() for c in match[1] + match[2]):
        return None
    return f"{PREFIX}-{match[1].upper()}-{match[2].upper()}"


def without_codes(text: str) -> str:
    """``text`` with any link code in it hidden, to pass on or keep."""
    hidden = f"{PREFIX}-•••••-•••••"
    if _CODE_MESSAGE.match(text or ""):
        return hidden
    return _CODE_IN_TEXT.sub(hidden, text or "")


def looks_like_code(text: str) -> bool:
    return code_in(text) is not None


def code_hash(code: str, key: bytes) -> str:
    """What the store keeps of a code: HMAC-SHA256 under the installation's link-code key,
    which is not in the database, so a copy of the database cannot be brute-forced."""
    normalised = code_in(code)
    if normalised is None:
        raise ValueError("not a link code")
    return hmac.new(key, normalised.encode("ascii"), hashlib.sha256).hexdigest()


def legacy_code_hash(code: str) -> str:
    """How codes issued before the link-code key were kept (plain SHA-256); such a code is
    still accepted until it expires."""
    normalised = code_in(code)
    if normalised is None:
        raise ValueError("not a link code")
    return hashlib.sha256(normalised.encode("ascii")).hexdigest()


def deep_link(bot_username: str, code: str) -> str:
    """t.me link that opens the bot and sends /start <code> (allowed chars: A-Z a-z 0-9 _ -)."""
    return f"https://t.me/{bot_username}?start={code}"
