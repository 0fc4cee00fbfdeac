"""Builds the python-telegram-bot Application: all wiring happens here."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import warnings
from collections.abc import AsyncIterator

from telegram import BotCommand
from telegram.ext import (
    AIORateLimiter,
    Application,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    PersistenceInput,
    PicklePersistence,
    filters,
)

from bot.admin import entries, inbox, staff, training
from bot.admin.steps import Step
from bot.buttons import pattern, unknown_button
from bot.context import CONTEXT_TYPES, BotApplication, BotContext, BotServices
from bot.errors import on_error
from bot.ordering import PerUserOrder
from bot.staff import group, panel_link
from bot.student import account, commands, messages, privacy, retention
from bot.student.conversation import rasa_button
from bot.student.reminders import reminder_job
from bot.student.retention import retention_job
from bot.texts import command_menu
from panel.app import PanelServer
from panel.services import PanelServices
from staj.clock import Clock, SystemClock
from staj.config import Settings
from staj.dialogue.rasa_client import PROBE_EVERY_SECONDS, RasaClient
from staj.model.retrainer import Retrainer
from staj.paths import var_dir
from staj.services import retraining_history
from staj.services.faq_sync import PULL_EVERY_SECONDS
from staj.store import open_database, upgrade_to_head

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query"]
PRIVATE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
GROUPS = filters.ChatType.GROUPS & filters.UpdateType.MESSAGE
TEXT = PRIVATE & filters.TEXT & ~filters.COMMAND


async def post_init(application: BotApplication) -> None:
    """Create long-lived clients and register the command menu."""
    data = application.bot_data
    assert data.settings is not None
    settings = data.settings
    await asyncio.to_thread(upgrade_to_head, settings.database_url)
    rasa = RasaClient(settings.rasa_url, settings.rasa_timeout_seconds, settings.internal_secret)
    await rasa.start()
    data.services = BotServices(
        settings=settings,
        rasa=rasa,
        db=open_database(settings.database_url),
        clock=data.clock or SystemClock(),
    )
    data.services.retrainer = Retrainer(
        rasa,
        training.retraining_news(application.bot),
        settings.faq_dir,
        record=retraining_history.recorder(data.services.db.sessions),
        epoch_fraction=settings.retrain_epoch_fraction,
    )
    assert application.job_queue is not None, "python-telegram-bot[job-queue] is required"
    application.job_queue.run_repeating(
        reminder_job, interval=settings.reminder_interval_seconds, first=1.0, name="reminders"
    )
    application.job_queue.run_repeating(
        group.handoff_job, interval=settings.reminder_interval_seconds, first=1.5, name="handoffs"
    )
    application.job_queue.run_repeating(
        retention_job, interval=retention.EVERY_SECONDS, first=60.0, name="retention"
    )
    application.job_queue.run_repeating(
        faq_pull_job, interval=PULL_EVERY_SECONDS, first=0.5, name="faq-sync"
    )
    if len(rasa.replicas) > 1:
        application.job_queue.run_repeating(
            rasa_probe_job,
            interval=PROBE_EVERY_SECONDS,
            first=PROBE_EVERY_SECONDS,
            name="rasa-probe",
        )
    await application.bot.set_my_commands(
        [BotCommand(name, about) for name, about in command_menu().items()]
    )
    if settings.panel_enabled:
        await start_panel(application)


async def faq_pull_job(context: BotContext) -> None:
    """Admins' edits made in another bot process (another host) reach this one."""
    try:
        await context.services.faq_sync.pull()
    except Exception:  # tried again in a moment
        log.warning("Pulling knowledge-base edits failed", exc_info=True)


async def rasa_probe_job(context: BotContext) -> None:
    """Several Rasa servers: find one that is down before a student's message does."""
    silent = await context.services.rasa.probe()
    if silent:
        log.warning("Rasa servers not answering (passed over): %s", ", ".join(silent))


async def start_panel(application: BotApplication) -> None:
    """The career office's web panel, served by this process with the same services."""
    services = application.bot_data.services
    assert services is not None
    server = PanelServer(
        host=services.settings.bind_host,
        services=PanelServices(
            settings=services.settings,
            db=services.db,
            clock=services.clock,
            access=services.panel_access,
            faq=services.faq,
            handoffs=services.handoffs,
            retrainer=services.retrainer,
            rasa=services.rasa,
        ),
    )
    try:
        await server.start()
    except OSError as exc:
        # The students' channel matters more than the office's panel: keep serving them.
        log.error(
            "The web panel could not listen on port %s: %s", services.settings.panel_port, exc
        )
        return
    application.bot_data.panel = server
    log.info("Web paneli: %s", services.settings.panel_url)


async def post_shutdown(application: BotApplication) -> None:
    if application.bot_data.panel is not None:
        await application.bot_data.panel.stop()
        application.bot_data.panel = None
    services = application.bot_data.services
    if services is not None:
        for lease in (services.reminders.lease, services.handoff_lease, services.retention_lease):
            try:
                await lease.release()
            except Exception:  # the lease then expires by itself
                log.warning("The %s lease could not be released", lease.name, exc_info=True)
        await services.rasa.close()
        await services.db.close()


def admin_conversation() -> ConversationHandler:  # type: ignore[type-arg]
    """An admin's multi-step edits: the answer text after "edit", phrasings after "add", and a
    new entry's answer, phrasings and source. Kept across restarts (persistent)."""
    with warnings.catch_warnings():
        # Each step is a new message, so the conversation is per user and chat, not per
        # message: PTB's note about CallbackQueryHandlers under per_message=False is expected.
        warnings.filterwarnings("ignore", message=".*per_message.*")
        return ConversationHandler(
            entry_points=[
                CallbackQueryHandler(entries.entry_button, pattern=pattern("a")),
                CallbackQueryHandler(inbox.inbox_button, pattern=pattern("i")),
                CommandHandler("yeni_kayit", inbox.new_entry_command, filters=PRIVATE),
            ],
            states={
                Step.ANSWER_TEXT: [MessageHandler(TEXT, entries.answer_text_received)],
                Step.PHRASINGS: [MessageHandler(TEXT, entries.phrasings_received)],
                Step.NEW_ANSWER: [MessageHandler(TEXT, inbox.new_answer_received)],
                Step.NEW_PHRASINGS: [MessageHandler(TEXT, inbox.new_phrasings_received)],
                Step.NEW_SOURCE: [CallbackQueryHandler(inbox.source_chosen, pattern=pattern("s"))],
            },
            fallbacks=[CommandHandler("iptal", inbox.cancel_command, filters=PRIVATE)],
            allow_reentry=True,
            name="admin_faq",
            persistent=True,
        )


def handlers() -> list[BaseHandler]:  # type: ignore[type-arg]
    """Every handler, in the order they are tried: the first that matches an update wins."""
    return [
        # Students, in their private chat with the bot.
        CommandHandler("start", commands.start, filters=PRIVATE),
        CommandHandler(["yardim", "help"], commands.help_command, filters=PRIVATE),
        CommandHandler(list(commands.RASA_COMMANDS), commands.rasa_command, filters=PRIVATE),
        CommandHandler("bagla", account.link_command, filters=PRIVATE),
        CommandHandler(["baglantiyi_kaldir", "unlink"], account.unlink_command, filters=PRIVATE),
        CommandHandler("gizlilik", privacy.notice_command, filters=PRIVATE),
        CommandHandler("verilerim", privacy.my_data_command, filters=PRIVATE),
        CommandHandler("verilerimi_sil", privacy.erase_command, filters=PRIVATE),
        CommandHandler("hatirlatmalar", account.reminders_command, filters=PRIVATE),
        CommandHandler("bitir", commands.end_handoff_command, filters=PRIVATE),
        # Admins, in their private chat.
        admin_conversation(),
        CommandHandler("sss", entries.search_command, filters=PRIVATE),
        CommandHandler("gelen_kutusu", inbox.inbox_command, filters=PRIVATE),
        CommandHandler("iptal", inbox.nothing_to_cancel, filters=PRIVATE),
        CommandHandler("egit", training.train_command, filters=PRIVATE),
        CommandHandler("yetki_ver", staff.grant_command, filters=PRIVATE),
        CommandHandler("istatistik", staff.stats_command, filters=PRIVATE),
        CommandHandler("panel", panel_link.panel_command),
        # Counselors, in their group.
        MessageHandler(filters.StatusUpdate.MIGRATE, group.group_migrated),
        CommandHandler("al", group.take_command, filters=GROUPS),
        CommandHandler("kapat", group.close_command, filters=GROUPS),
        CommandHandler("devret", group.hand_back_command, filters=GROUPS),
        CommandHandler("danisman_grubu", group.register_group_command, filters=GROUPS),
        MessageHandler(GROUPS & ~filters.COMMAND, group.group_message),
        # Everything else a student sends.
        MessageHandler(PRIVATE & filters.COMMAND, commands.unknown_command),
        MessageHandler(PRIVATE & filters.TEXT, messages.text_message),
        MessageHandler(PRIVATE, messages.other_message),
        # Buttons by kind (bot/buttons.py); the admin kinds are in the conversation above.
        CallbackQueryHandler(rasa_button, pattern=pattern("r")),
        CallbackQueryHandler(account.account_button, pattern=pattern("b")),
        CallbackQueryHandler(unknown_button),
    ]


def build_application(
    settings: Settings, token: str, api_base_url: str | None = None, clock: Clock | None = None
) -> BotApplication:
    """The bot, talking to Telegram (or to ``api_base_url``, a self-hosted or local Bot API).
    ``clock`` lets tests move time for reminders and link codes."""
    persistence = PicklePersistence(
        var_dir() / "bot-conversations.pickle",
        # Only the admins' drafts and conversation states; the services are made anew.
        store_data=PersistenceInput(bot_data=False, chat_data=False, callback_data=False),
        context_types=CONTEXT_TYPES,
    )
    limiter = AIORateLimiter(
        overall_max_rate=settings.telegram_messages_per_second,
        overall_time_period=1,
        group_max_rate=settings.telegram_group_messages_per_minute,
        group_time_period=60,
        max_retries=settings.telegram_send_retries,
    )
    builder = (
        Application.builder()
        .token(token)
        .context_types(CONTEXT_TYPES)
        .persistence(persistence)
        .concurrent_updates(PerUserOrder(64))
        .rate_limiter(limiter)
    )
    base = api_base_url or settings.telegram_api_base_url
    if base:
        builder = builder.base_url(f"{base}/bot").base_file_url(f"{base}/file/bot")
    application: BotApplication = builder.post_init(post_init).post_shutdown(post_shutdown).build()
    application.bot_data.settings = settings
    application.bot_data.clock = clock
    application.add_handlers(handlers())
    application.add_error_handler(on_error)
    return application


@contextlib.asynccontextmanager
async def polling(application: BotApplication) -> AsyncIterator[BotApplication]:
    """Run the bot inside an existing event loop (terminal chat, tests), as run_polling
    would: initialize, post_init, start polling; on exit stop and post_shutdown."""
    await application.initialize()
    if application.post_init:
        await application.post_init(application)
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(
        poll_interval=0.0, timeout=1, allowed_updates=ALLOWED_UPDATES
    )
    try:
        yield application
    finally:
        if application.updater.running:
            await application.updater.stop()
        await application.stop()
        if application.post_shutdown:
            await application.post_shutdown(application)
        await application.shutdown()
