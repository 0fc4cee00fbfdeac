"""`stajbot`: the one command that runs, trains, chats, asks and checks the FAQ."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path

from staj.config import ConfigError, Settings, load_settings
from staj.institutions import institution_codes

log = logging.getLogger("stajbot")


def _setup_logging(level: str) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Request-level logs of HTTP clients would reveal tokens and chat ids: keep them quiet.
    for noisy in (
        "httpx",
        "httpcore",
        "telegram.ext.Updater",
        "apscheduler",
        "alembic",
        "matplotlib",
    ):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # KVKK: at DEBUG these libraries log whole updates, API calls and trackers, message
    # texts included; DEBUG is for our own code, which logs no texts.
    for payloads in ("telegram", "aiohttp", "aiosqlite", "sqlalchemy", "rasa_sdk", "sanic"):
        logger = logging.getLogger(payloads)
        logger.setLevel(max(logger.getEffectiveLevel(), logging.INFO))


def _stack(settings: Settings):  # type: ignore[no-untyped-def]
    from cli.processes import assistant_stack
    from staj.model.training import ensure_model
    from staj.store import upgrade_to_head

    upgrade_to_head(settings.database_url)
    return assistant_stack(settings, ensure_model(settings.faq_dir))


ROLES = ("all", "bot", "rasa", "actions")


def _until_stopped() -> None:
    import signal

    stop_signals = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    signal.sigwait(stop_signals)


def _run_role(settings: Settings, role: str) -> int:
    """One part alone, for deployments over several machines or containers (deploy/)."""
    from cli.processes import Stack, action_server, rasa_server
    from staj.model.training import ensure_model
    from staj.store import upgrade_to_head

    upgrade_to_head(settings.database_url)
    if role == "bot":
        if not settings.telegram_bot_token:
            log.error("--role bot için TELEGRAM_BOT_TOKEN gerekli.")
            return 2
        _serve_telegram(settings)
        return 0
    process = (
        action_server(settings)
        if role == "actions"
        else rasa_server(settings, ensure_model(settings.faq_dir))
    )
    with Stack([process]):
        log.info("%s çalışıyor (%s). Durdurmak için Ctrl-C.", role, settings.bind_host)
        _until_stopped()
    return 0


def _serve_telegram(settings: Settings) -> None:
    if settings.telegram_webhook_url:
        from cli.webhook_run import run_webhook

        log.info("Telegram webhook ile dinleniyor. Durdurmak için Ctrl-C.")
        asyncio.run(run_webhook(settings))
        return
    from bot.app import build_application

    log.info("Telegram'a bağlanılıyor (long polling). Durdurmak için Ctrl-C.")
    assert settings.telegram_bot_token
    build_application(settings, settings.telegram_bot_token).run_polling(
        allowed_updates=["message", "callback_query"], close_loop=False
    )


def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    """Start Rasa, the action server and the bot (Telegram, or a terminal chat without a
    token); with --role, one of them alone."""
    if getattr(args, "role", "all") != "all":
        return _run_role(settings, args.role)
    with _stack(settings):
        if settings.telegram_bot_token:
            _serve_telegram(settings)
        else:
            log.info("TELEGRAM_BOT_TOKEN yok: terminal sohbeti açılıyor (aynı bot, aynı Rasa).")
            from cli.chat import run_terminal_chat

            asyncio.run(run_terminal_chat(settings))
    return 0


def cmd_chat(settings: Settings, args: argparse.Namespace) -> int:
    from cli.chat import run_terminal_chat

    with _stack(settings):
        asyncio.run(run_terminal_chat(settings))
    return 0


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    """Keep Rasa and the action server running (no bot), e.g. for many `stajbot ask` runs."""
    with _stack(settings):
        log.info("Rasa %s ve eylem sunucusu çalışıyor. Durdurmak için Ctrl-C.", settings.rasa_url)
        _until_stopped()
    return 0


def cmd_train(settings: Settings, args: argparse.Namespace) -> int:
    from staj.model.training import ensure_model

    print(ensure_model(settings.faq_dir, force=args.force))
    return 0


def _questions(args: argparse.Namespace) -> list[str]:
    if args.file:
        lines = Path(args.file).read_text(encoding="utf-8").splitlines()
        return [line.strip() for line in lines if line.strip()]
    return [" ".join(args.text)]


def cmd_ask(settings: Settings, args: argparse.Namespace) -> int:
    from cli.ask import as_json_line, as_reading, ask_all

    questions = _questions(args)
    if not questions or not any(questions):
        print("Sorulacak soru yok: bir metin ya da --file ile bir dosya verin.", file=sys.stderr)
        return 2
    with _stack(settings):
        results = asyncio.run(
            ask_all(settings.rasa_url, settings.internal_secret, questions, args.institution)
        )
    for result in results:
        print(as_json_line(result) if args.json else as_reading(result), flush=True)
    return 0


def cmd_faq_validate(settings: Settings | None, args: argparse.Namespace) -> int:
    from staj.faq.loader import check_knowledge_base
    from staj.paths import FAQ_DIR

    kb, errors = check_knowledge_base(settings.faq_dir if settings else FAQ_DIR)
    for error in errors:
        print(error)
    if errors:
        print(f"{len(errors)} hata bulundu.", file=sys.stderr)
        return 1
    print(f"data/faq/ geçerli: {len(kb)} kayıt, {sum(len(e.questions) for e in kb)} soru kalıbı.")
    return 0


def cmd_rules_validate(settings: Settings | None, args: argparse.Namespace) -> int:
    from staj.faq.sources import source_documents
    from staj.paths import REPO_ROOT, RULES_DIR
    from staj.rules.validation import check_rules

    seeds = Path(args.seeds) if args.seeds else REPO_ROOT.parent / "shared" / "seeds"
    years = {seed: document.year for seed, document in source_documents().items()}
    errors = check_rules(RULES_DIR, years, seeds if seeds.is_dir() else None)
    for error in errors:
        print(error)
    if errors:
        print(f"{len(errors)} hata bulundu.", file=sys.stderr)
        return 1
    checked = (
        "alıntılar kaynak belgelerde bulundu"
        if seeds.is_dir()
        else (f"alıntılar denetlenmedi: {seeds} yok")
    )
    print(f"data/rules/ geçerli: her kuralın kaynağı, sahibi ve yılı var; {checked}.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stajbot", description="Staj Asistanı")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="asistanı çalıştırır (token yoksa terminal sohbeti)")
    run.add_argument(
        "--role",
        choices=ROLES,
        default="all",
        help="yalnızca bir parça: bot, rasa ya da actions (birden çok makinede; deploy/)",
    )
    run.set_defaults(func=cmd_run)
    sub.add_parser("chat", help="terminal sohbeti").set_defaults(func=cmd_chat)
    sub.add_parser("serve", help="yalnızca Rasa ve eylem sunucusu (bot olmadan)").set_defaults(
        func=cmd_serve
    )
    train = sub.add_parser("train", help="eğitim verisi değiştiyse Rasa modelini eğitir")
    train.add_argument("--force", action="store_true", help="değişiklik olmasa da yeniden eğit")
    train.set_defaults(func=cmd_train)
    ask = sub.add_parser("ask", help="soruları yeni bir öğrencinin ilk mesajı olarak sorar")
    ask.add_argument("text", nargs="*", help="soru metni")
    ask.add_argument("--file", help="her boş olmayan satırı bir soru olan dosya")
    ask.add_argument(
        "--institution",
        choices=sorted(institution_codes()),
        help="bu üniversitenin öğrencisi olarak sor",
    )
    ask.add_argument("--json", action="store_true", help="her soru için bir JSON satırı yaz")
    ask.set_defaults(func=cmd_ask)
    faq = sub.add_parser("faq", help="bilgi tabanı işlemleri")
    faq_sub = faq.add_subparsers(dest="faq_command", required=True)
    faq_sub.add_parser("validate", help="data/faq/ dosyalarını şemaya göre denetler").set_defaults(
        func=cmd_faq_validate, needs_settings=False
    )
    rules = sub.add_parser("rules", help="kural dosyaları (data/rules/) işlemleri")
    rules_sub = rules.add_subparsers(dest="rules_command", required=True)
    rules_validate = rules_sub.add_parser(
        "validate", help="her kuralın kaynağını, alıntısını, sahibini ve yılını denetler"
    )
    rules_validate.add_argument(
        "--seeds", help="kaynak belgelerin klasörü (varsayılan: ../shared/seeds, varsa)"
    )
    rules_validate.set_defaults(func=cmd_rules_validate, needs_settings=False)
    from cli.staff import add_staff_parsers
    from cli.stats import add_stats_parser
    from cli.students import add_parsers

    add_parsers(sub)
    add_staff_parsers(sub)
    add_stats_parser(sub)
    return parser


# KVKK: the database, logs, link-code CSVs and keys this command and the servers it starts
# create are readable by this user only (0600 files, 0700 directories).
PRIVATE_UMASK = 0o077


def main(argv: list[str] | None = None) -> int:
    os.umask(PRIVATE_UMASK)
    args = build_parser().parse_args(argv)
    if args.command == "ask" and bool(args.text) == bool(args.file):
        print("Ya bir soru metni ya da --file verin (ikisi birden değil).", file=sys.stderr)
        return 2
    if not getattr(args, "needs_settings", True):
        _setup_logging("WARNING")
        return int(args.func(None, args))
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"Yapılandırma hatası: {exc}", file=sys.stderr)
        return 2
    _setup_logging(settings.log_level if args.command != "ask" else "WARNING")
    try:
        return int(args.func(settings, args))
    except KeyboardInterrupt:
        print("\nDurduruldu.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
