"""The installation's keys: apart from the database, private, stable, rotatable."""

from __future__ import annotations

from pathlib import Path

import pytest

from staj import keys


@pytest.fixture
def key_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("STAJ_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("STAJ_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.delenv("STAJ_STATS_KEY", raising=False)
    return tmp_path / "keys"


def test_a_key_is_made_once_private_and_stays(key_dir: Path) -> None:
    first = keys.key(keys.STATS)
    assert len(first) == 32 and keys.key(keys.STATS) == first
    assert (key_dir / "stats.key").stat().st_mode & 0o777 == 0o600
    assert key_dir.stat().st_mode & 0o777 == 0o700
    assert keys.key(keys.LINK_CODES) != first  # one key per purpose


def test_rotation_and_the_environment(key_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = keys.key(keys.STATS)
    keys.rotate(keys.STATS)
    assert keys.key(keys.STATS) != old
    assert (key_dir / "stats.key").stat().st_mode & 0o777 == 0o600
    monkeypatch.setenv("STAJ_STATS_KEY", "ab" * 32)
    assert keys.key(keys.STATS) == bytes.fromhex("ab" * 32)
    monkeypatch.setenv("STAJ_STATS_KEY", "short")
    with pytest.raises(ValueError, match="STAJ_STATS_KEY"):
        keys.key(keys.STATS)


def test_the_old_stats_key_beside_the_database_moves_to_the_key_directory(
    key_dir: Path, tmp_path: Path
) -> None:
    legacy = tmp_path / "var" / "stats.key"
    legacy.parent.mkdir(parents=True, exist_ok=True)
    legacy.write_text("cd" * 32, encoding="ascii")
    assert keys.key(keys.STATS) == bytes.fromhex("cd" * 32)
    assert not legacy.exists() and (key_dir / "stats.key").exists()
