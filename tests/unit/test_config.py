import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from staj.config import ConfigError, load_settings


def test_defaults_need_no_configuration() -> None:
    settings = load_settings({})
    assert settings.telegram_bot_token is None
    assert settings.database_url.startswith("sqlite:///")
    assert settings.rasa_url == "http://127.0.0.1:5005"


def test_postgres_url_is_normalised_for_psycopg() -> None:
    settings = load_settings({"DATABASE_URL": "postgres://u:p@localhost/staj"})
    assert settings.database_url == "postgresql+psycopg://u:p@localhost/staj"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"RASA_PORT": "abc"}, "RASA_PORT"),
        ({"ACTION_SERVER_PORT": "70000"}, "ACTION_SERVER_PORT"),
        ({"TELEGRAM_BOT_TOKEN": "not-a-token"}, "TELEGRAM_BOT_TOKEN"),
        ({"TELEGRAM_API_BASE_URL": "ftp://x"}, "TELEGRAM_API_BASE_URL"),
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
        ({"RASA_TIMEOUT_SECONDS": "-1"}, "RASA_TIMEOUT_SECONDS"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        ({"STAJ_INTERNAL_SECRET": "short"}, "STAJ_INTERNAL_SECRET"),
        ({"RETRAIN_EPOCH_FRACTION": "1.5"}, "RETRAIN_EPOCH_FRACTION"),
        ({"RETRAIN_EPOCH_FRACTION": "0"}, "RETRAIN_EPOCH_FRACTION"),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(env)


def test_token_is_never_echoed_in_the_error() -> None:
    with pytest.raises(ConfigError) as error:
        load_settings({"TELEGRAM_BOT_TOKEN": "secret-value"})
    assert "secret-value" not in str(error.value)


def test_dotenv_file_is_read_and_environment_wins(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    env_file = tmp_path / ".env"
    env_file.write_text("RASA_PORT=6001\nACTION_SERVER_PORT=6002\n")
    monkeypatch.setenv("RASA_PORT", "6003")
    monkeypatch.delenv("ACTION_SERVER_PORT", raising=False)
    settings = load_settings(dotenv=env_file)
    assert (settings.rasa_port, settings.action_server_port) == (6003, 6002)


def test_the_internal_secret_is_made_once_and_kept_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STAJ_VAR_DIR", str(tmp_path))
    first, again = load_settings({}), load_settings({})
    assert len(first.internal_secret) >= 32 and first.internal_secret == again.internal_secret
    assert (tmp_path / "internal-secret").stat().st_mode & 0o777 == 0o600
    given = load_settings({"STAJ_INTERNAL_SECRET": "s" * 20})
    assert given.internal_secret == "s" * 20


def _secret_when_released(var: str, start: Any) -> str:
    os.environ["STAJ_VAR_DIR"] = var
    start.wait()
    return load_settings({}).internal_secret


def test_parts_starting_at_once_read_one_secret_never_an_empty_one(tmp_path: Path) -> None:
    """The bot, Rasa and the action server start together on a fresh installation: each
    reads the secret the first of them wrote, never the file half made."""
    for attempt in range(20):
        var = tmp_path / str(attempt)
        var.mkdir()
        with multiprocessing.Manager() as manager, ProcessPoolExecutor(8) as pool:
            start = manager.Event()
            secrets = [pool.submit(_secret_when_released, str(var), start) for _ in range(8)]
            start.set()
            got = {future.result() for future in secrets}
        assert len(got) == 1 and len(got.pop()) >= 32
        assert [p.name for p in var.iterdir()] == ["internal-secret"]  # no draft left behind


def test_a_retraining_fine_tunes_in_the_configured_share_of_the_epochs() -> None:
    assert load_settings({}).retrain_epoch_fraction == 0.3
    assert load_settings({"RETRAIN_EPOCH_FRACTION": "0.05"}).retrain_epoch_fraction == 0.05


def test_with_redis_locks_a_dead_servers_lock_is_freed_before_the_bot_gives_up() -> None:
    from cli.processes import lock_lifetime_seconds, rasa_server

    with_redis = load_settings({"REDIS_URL": "redis://127.0.0.1:6379/0"})
    assert lock_lifetime_seconds(with_redis) == 20 < with_redis.rasa_timeout_seconds
    server = rasa_server(with_redis, Path("model.tar.gz"))
    assert server.env["TICKET_LOCK_LIFETIME"] == "20"
    patient = load_settings({"REDIS_URL": "redis://r:6379/0", "RASA_TIMEOUT_SECONDS": "90"})
    assert lock_lifetime_seconds(patient) == 60
    # One server, locks in memory: Rasa's own lifetime.
    assert "TICKET_LOCK_LIFETIME" not in rasa_server(load_settings({}), Path("m.tar.gz")).env
