"""The installation's secret keys: the statistics' pseudonym key and the link-code key.
They are never in the database, so a copy of the database alone can neither re-identify
students in the statistics nor brute-force link codes. Each is a 0600 file in the key
directory (staj.paths.key_dir), made on first use, or comes from the environment
(STAJ_STATS_KEY, STAJ_LINK_CODES_KEY: 64 hex digits)."""

from __future__ import annotations

import os
import secrets
import time

from staj.paths import key_dir, var_dir

STATS = "stats"
LINK_CODES = "link-codes"


def _from_environment(name: str) -> bytes | None:
    raw = os.environ.get(f"STAJ_{name.upper().replace('-', '_')}_KEY", "").strip()
    if not raw:
        return None
    try:
        key = bytes.fromhex(raw)
    except ValueError:
        key = b""
    if len(key) < 16:
        raise ValueError(f"STAJ_{name.upper().replace('-', '_')}_KEY: at least 32 hex digits")
    return key


def key(name: str) -> bytes:
    """The key ``name``, made by the first process that needs it."""
    given = _from_environment(name)
    if given is not None:
        return given
    path = key_dir() / f"{name}.key"
    legacy = var_dir() / f"{name}.key"  # where the stats key lived before keys had their own place
    if not path.exists() and legacy.exists():
        legacy.replace(path)
    for _ in range(50):
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w", encoding="ascii") as new_key:
                new_key.write(secrets.token_hex(32))
        content = path.read_text(encoding="ascii").strip()
        if len(content) == 64:
            return bytes.fromhex(content)
        time.sleep(0.02)  # another process is writing it
    raise RuntimeError(f"{path} is not a valid key")


def rotate(name: str) -> None:
    """A new key ``name`` from now on (pseudonyms made with the old one no longer link)."""
    path = key_dir() / f"{name}.key"
    new = path.with_suffix(".new")
    fd = os.open(new, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as new_key:
        new_key.write(secrets.token_hex(32))
    new.replace(path)
