"""Settings from environment variables (and an optional .env), validated at start."""

from __future__ import annotations

import hashlib
import ipaddress
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from staj.paths import FAQ_DIR, REPO_ROOT, var_dir


class ConfigError(ValueError):
    """A setting has a value the assistant cannot use; the message says which and why."""


@dataclass(frozen=True)
class Settings:
    telegram_bot_token: str | None
    telegram_api_base_url: str | None
    database_url: str
    rasa_url: str
    rasa_port: int
    action_server_port: int
    rasa_timeout_seconds: float
    log_level: str
    # How often the bot looks for reminders that are due (seconds).
    reminder_interval_seconds: float = 60.0
    # The bot's @username, for t.me deep links in link codes (optional).
    telegram_bot_username: str | None = None
    # A handoff nobody took is announced again after this; an open one with no message
    # for this long is closed (minutes).
    handoff_reannounce_minutes: float = 10.0
    handoff_idle_minutes: float = 30.0
    # Admin changes to phrasings or entries start a gated retraining on their own.
    retrain_after_edits: bool = True
    # Share of the configured epochs a retraining runs when it fine-tunes the serving model
    # (only phrasings changed): Rasa's --epoch-fraction (RETRAIN_EPOCH_FRACTION).
    retrain_epoch_fraction: float = 0.3
    # The knowledge base the assistant answers from and admins edit (STAJ_FAQ_DIR).
    faq_dir: Path = FAQ_DIR
    # Where Rasa keeps conversations (forms, slots, history), so that a restart or a model
    # swap loses none (RASA_TRACKER_STORE_URL; by default beside the store).
    tracker_store_url: str = ""
    # Redis for Rasa's per-conversation locks when several Rasa processes serve (REDIS_URL);
    # None: one process, locks in memory.
    lock_store_url: str | None = None
    # Conversation history older than this is deleted from the tracker store (days).
    conversation_retention_days: float = 30.0
    # KVKK retention (days): a closed handoff's messages; the texts of questions the
    # assistant could not answer (inbox, statistics, 👎); the statistics' rows.
    handoff_text_retention_days: float = 90.0
    unanswered_text_retention_days: float = 180.0
    usage_log_retention_days: float = 365.0
    # Telegram's flood limits: messages per second overall and per minute to one group; a
    # send refused with 429 waits the time Telegram names and is tried again this often.
    telegram_messages_per_second: float = 30.0
    telegram_group_messages_per_minute: float = 20.0
    telegram_send_retries: int = 5
    # Who is responsible for the students' data (KVKK "veri sorumlusu"), with a contact,
    # as the privacy notice names it (STAJ_DATA_CONTROLLER).
    data_controller: str = "bu asistanı öğrencilerine sunan üniversitenin kariyer merkezi"
    # The secret the bot, Rasa and the action server share so that each takes requests only
    # from the others (STAJ_INTERNAL_SECRET; by default made once and kept in var/, 0600).
    internal_secret: str = ""
    # The career office's web panel (panel/): served by the bot process on a loopback port,
    # reached from outside through the office's reverse proxy at ``panel_public_url``.
    panel_enabled: bool = True
    panel_port: int = 8080
    panel_public_url: str = ""
    panel_link_minutes: float = 10.0
    panel_session_hours: float = 8.0
    # Webhook mode (instead of long polling): the public https address Telegram posts
    # updates to (TELEGRAM_WEBHOOK_URL), the loopback port the bot listens on behind the
    # reverse proxy, and the secret Telegram sends back in a header.
    telegram_webhook_url: str | None = None
    telegram_webhook_port: int = 8081
    telegram_webhook_secret: str = ""
    # Where Rasa, the action server, the panel and the webhook listen: loopback on one
    # machine; 0.0.0.0 in a container or behind a balancer (STAJ_BIND_HOST).
    bind_host: str = "127.0.0.1"
    # The action server Rasa calls: this machine's, or a balancer in front of several
    # (ACTION_SERVER_URL, ending in /webhook).
    action_server_endpoint: str | None = None

    @property
    def webhook_secret(self) -> str:
        """The secret Telegram must send with every update (derived when not given)."""
        if self.telegram_webhook_secret:
            return self.telegram_webhook_secret
        return hashlib.sha256(f"telegram-webhook:{self.internal_secret}".encode()).hexdigest()

    @property
    def panel_url(self) -> str:
        """Where staff open the panel (login links start with it)."""
        return self.panel_public_url or f"http://127.0.0.1:{self.panel_port}"

    @property
    def panel_over_https(self) -> bool:
        return self.panel_url.startswith("https://")

    @property
    def action_server_url(self) -> str:
        return self.action_server_endpoint or f"http://127.0.0.1:{self.action_server_port}/webhook"


_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def _port(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= 65535:
        raise ConfigError(f"{name}={raw!r} geçerli bir port değil (1-65535 arası bir sayı olmalı).")
    return int(raw)


def _url(env: Mapping[str, str], name: str, default: str | None) -> str | None:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    parsed = urlparse(raw)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(
            f"{name}={raw!r} geçerli bir adres değil (http:// veya https:// ile başlamalı)."
        )
    return raw.rstrip("/")


def _urls(env: Mapping[str, str], name: str, default: str) -> str:
    """One address, or several separated by commas (servers sharing the work)."""
    parts = [p.strip() for p in env.get(name, "").split(",") if p.strip()]
    if not parts:
        return default
    return ",".join(_url({name: part}, name, None) or "" for part in parts)


def _positive_float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if value <= 0:
        raise ConfigError(f"{name}={raw!r} geçerli değil (sıfırdan büyük bir sayı olmalı).")
    return value


def _fraction(env: Mapping[str, str], name: str, default: float) -> float:
    value = _positive_float(env, name, default)
    if value > 1:
        raise ConfigError(f"{name}={value!r} geçerli değil (0 ile 1 arasında olmalı, ör. 0,3).")
    return value


def _token(env: Mapping[str, str]) -> str | None:
    raw = env.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not raw:
        return None
    bot_id, _, secret = raw.partition(":")
    if not bot_id.isdigit() or len(secret) < 10:
        # Never echo the token itself: it is a secret.
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN biçimi hatalı: BotFather'ın verdiği '123456:ABC...' biçiminde olmalı."
        )
    return raw


def _database_url(env: Mapping[str, str]) -> str:
    raw = env.get("DATABASE_URL", "").strip()
    if not raw:
        return f"sqlite:///{var_dir() / 'staj.db'}"
    if raw.startswith("postgres://"):
        raw = "postgresql://" + raw.removeprefix("postgres://")
    if raw.startswith("postgresql://"):
        raw = "postgresql+psycopg://" + raw.removeprefix("postgresql://")
    if not raw.startswith(("sqlite://", "postgresql+psycopg://")):
        raise ConfigError(
            "DATABASE_URL yalnızca sqlite:///dosya.db veya postgresql://kullanici@sunucu/veritabani olabilir."
        )
    return raw


def _faq_dir(env: Mapping[str, str]) -> Path:
    raw = env.get("STAJ_FAQ_DIR", "").strip()
    path = Path(raw) if raw else FAQ_DIR
    if not path.is_dir():
        raise ConfigError(
            f"STAJ_FAQ_DIR={raw!r} bir klasör değil (data/faq/ gibi bir klasör olmalı)."
        )
    return path


def _tracker_store_url(env: Mapping[str, str], database_url: str) -> str:
    """Rasa's own SQLAlchemy 1.4 with psycopg2: the same PostgreSQL server as the store, or a
    SQLite file of its own beside it."""
    raw = env.get("RASA_TRACKER_STORE_URL", "").strip()
    if raw:
        if not raw.startswith(("sqlite:///", "postgresql://")):
            raise ConfigError(
                "RASA_TRACKER_STORE_URL yalnızca sqlite:///dosya.db veya postgresql://... olabilir."
            )
        return raw
    if database_url.startswith("postgresql+psycopg://"):
        return "postgresql://" + database_url.removeprefix("postgresql+psycopg://")
    return f"sqlite:///{var_dir() / 'rasa-trackers.db'}"


def _redis_url(env: Mapping[str, str]) -> str | None:
    raw = env.get("REDIS_URL", "").strip()
    if not raw:
        return None
    if not raw.startswith(("redis://", "rediss://")) or not urlparse(raw).hostname:
        raise ConfigError(f"REDIS_URL={raw!r} geçerli değil (redis://sunucu:6379/0 gibi olmalı).")
    return raw


def _internal_secret(env: Mapping[str, str]) -> str:
    raw = env.get("STAJ_INTERNAL_SECRET", "").strip()
    if raw:
        if len(raw) < 16:
            raise ConfigError("STAJ_INTERNAL_SECRET en az 16 karakter olmalı.")
        return raw
    path = var_dir() / "internal-secret"
    if not path.exists():
        # Made on first start; every part of this installation reads the same file. Written
        # aside and linked into place, so a process starting at the same moment never reads
        # it empty: the first link wins, the others read the winner's secret.
        draft = path.with_name(f".internal-secret.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as file:
            file.write(secrets.token_urlsafe(32))
        try:
            os.link(draft, path)
        except FileExistsError:  # another process made it a moment ago
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


def _webhook_secret(env: Mapping[str, str]) -> str:
    """Telegram's secret_token: 1-256 of A-Z a-z 0-9 _ -; by default one derived from the
    internal secret (every bot replica of the installation has the same)."""
    raw = env.get("TELEGRAM_WEBHOOK_SECRET", "").strip()
    if not raw:
        return ""
    if not re.fullmatch(r"[A-Za-z0-9_-]{16,256}", raw):
        raise ConfigError(
            "TELEGRAM_WEBHOOK_SECRET 16-256 karakter olmalı ve yalnızca harf, rakam, _ ve - içermeli."
        )
    return raw


def _bind_host(env: Mapping[str, str]) -> str:
    raw = env.get("STAJ_BIND_HOST", "").strip()
    if not raw:
        return "127.0.0.1"
    try:
        ipaddress.ip_address(raw)
    except ValueError as exc:
        raise ConfigError(
            f"STAJ_BIND_HOST={raw!r} bir IP adresi olmalı (127.0.0.1 ya da 0.0.0.0 gibi)."
        ) from exc
    return raw


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    return raw not in ("0", "false", "no", "off", "hayir", "hayır", "kapali", "kapalı")


def load_settings(env: Mapping[str, str] | None = None, dotenv: Path | None = None) -> Settings:
    """Read and validate settings; raises ConfigError with a clear Turkish message."""
    if env is None:
        env_file = dotenv or REPO_ROOT / ".env"
        merged: dict[str, str] = {}
        if env_file.is_file():
            from dotenv import dotenv_values

            merged.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
        merged.update(os.environ)  # the real environment wins over .env
        env = merged
    rasa_port = _port(env, "RASA_PORT", 5005)
    level = env.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
    if level not in _LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL={level!r} geçerli değil ({', '.join(_LOG_LEVELS)}).")
    database_url = _database_url(env)
    return Settings(
        telegram_bot_token=_token(env),
        telegram_api_base_url=_url(env, "TELEGRAM_API_BASE_URL", None),
        database_url=database_url,
        rasa_url=_urls(env, "RASA_URL", f"http://127.0.0.1:{rasa_port}"),
        rasa_port=rasa_port,
        action_server_port=_port(env, "ACTION_SERVER_PORT", 5055),
        rasa_timeout_seconds=_positive_float(env, "RASA_TIMEOUT_SECONDS", 30.0),
        log_level=level,
        reminder_interval_seconds=_positive_float(env, "REMINDER_INTERVAL_SECONDS", 60.0),
        telegram_bot_username=env.get("TELEGRAM_BOT_USERNAME", "").strip().lstrip("@") or None,
        handoff_reannounce_minutes=_positive_float(env, "HANDOFF_REANNOUNCE_MINUTES", 10.0),
        handoff_idle_minutes=_positive_float(env, "HANDOFF_IDLE_MINUTES", 30.0),
        retrain_after_edits=_flag(env, "RETRAIN_AFTER_EDITS", True),
        retrain_epoch_fraction=_fraction(env, "RETRAIN_EPOCH_FRACTION", 0.3),
        faq_dir=_faq_dir(env),
        tracker_store_url=_tracker_store_url(env, database_url),
        lock_store_url=_redis_url(env),
        conversation_retention_days=_positive_float(env, "CONVERSATION_RETENTION_DAYS", 30.0),
        handoff_text_retention_days=_positive_float(env, "HANDOFF_TEXT_RETENTION_DAYS", 90.0),
        unanswered_text_retention_days=_positive_float(
            env, "UNANSWERED_TEXT_RETENTION_DAYS", 180.0
        ),
        usage_log_retention_days=_positive_float(env, "USAGE_LOG_RETENTION_DAYS", 365.0),
        telegram_messages_per_second=_positive_float(env, "TELEGRAM_MESSAGES_PER_SECOND", 30.0),
        telegram_group_messages_per_minute=_positive_float(
            env, "TELEGRAM_GROUP_MESSAGES_PER_MINUTE", 20.0
        ),
        internal_secret=_internal_secret(env),
        data_controller=env.get("STAJ_DATA_CONTROLLER", "").strip() or Settings.data_controller,
        panel_enabled=_flag(env, "PANEL_ENABLED", True),
        panel_port=_port(env, "PANEL_PORT", 8080),
        panel_public_url=_url(env, "PANEL_PUBLIC_URL", None) or "",
        panel_link_minutes=_positive_float(env, "PANEL_LINK_MINUTES", 10.0),
        panel_session_hours=_positive_float(env, "PANEL_SESSION_HOURS", 8.0),
        telegram_webhook_url=_url(env, "TELEGRAM_WEBHOOK_URL", None),
        telegram_webhook_port=_port(env, "TELEGRAM_WEBHOOK_PORT", 8081),
        telegram_webhook_secret=_webhook_secret(env),
        bind_host=_bind_host(env),
        action_server_endpoint=_url(env, "ACTION_SERVER_URL", None),
    )
