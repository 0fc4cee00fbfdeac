"""A small local Telegram Bot API server (aiohttp) and the students who talk to it.

The unmodified python-telegram-bot Application talks to it over HTTP through ``base_url``,
exactly as it talks to api.telegram.org. The terminal chat (`stajbot chat`) uses it so that a
newcomer needs no token, and the tests use it to act as one or many students and to record
everything the bot sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import json
import re
import socket
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_USER = {
    "id": 7000000001,
    "is_bot": True,
    "first_name": "Staj Asistanı",
    "username": "staj_asistani_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
# Fields that python-telegram-bot sends JSON-encoded inside form data.
_JSON_FIELDS = {
    "reply_markup",
    "commands",
    "allowed_updates",
    "entities",
    "caption_entities",
    "link_preview_options",
    "reply_parameters",
    "scope",
}
_TAG = re.compile(r"<[^>]+>")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def plain_text(html_text: str) -> str:
    """What the student reads: HTML tags removed, entities resolved."""
    return html.unescape(_TAG.sub("", html_text))


# How long a chat must stay quiet before a turn's replies count as complete; paid once per
# message a test sends. A turn's messages arrive within ~12 ms of each other (the largest
# gap over the whole e2e suite; a chart rendered between two messages took 0,14 s, and that
# test waits for both by count), so 0,15 s leaves a wide margin.
SETTLE_SECONDS = 0.15


@dataclass
class SentMessage:
    """A message the bot sent (as it stands now, after any edits)."""

    message_id: int
    chat_id: int
    text: str = ""
    parse_mode: str | None = None
    reply_markup: dict[str, Any] | None = None
    photo: str | None = None
    document: str | None = None
    caption: str | None = None
    message_thread_id: int | None = None
    edits: int = 0

    @property
    def plain(self) -> str:
        body = self.text or self.caption or ""
        return plain_text(body) if self.parse_mode == "HTML" else body

    @property
    def buttons(self) -> list[dict[str, Any]]:
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [button for row in rows for button in row]

    @property
    def button_titles(self) -> list[str]:
        return [str(b.get("text", "")) for b in self.buttons]

    def as_telegram(self) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": self.message_id,
            "date": int(time.time()),
            "chat": {"id": self.chat_id, "type": "private" if self.chat_id > 0 else "supergroup"},
            "from": BOT_USER,
        }
        if self.text:
            message["text"] = plain_text(self.text) if self.parse_mode == "HTML" else self.text
        if self.reply_markup:
            message["reply_markup"] = self.reply_markup
        if self.photo:
            message["photo"] = [
                {"file_id": self.photo, "file_unique_id": self.photo[:32], "width": 1, "height": 1}
            ]
        if self.document:
            message["document"] = {"file_id": self.document, "file_unique_id": self.document[:32]}
        if self.caption:
            message["caption"] = self.caption
        if self.message_thread_id:
            message["message_thread_id"] = self.message_thread_id
        return message


# Update ids grow across every fake server of a process, as a real bot's do: a webhook
# bot's store remembers the ids it took in, and a new server must not reuse one.
_UPDATE_IDS = itertools.count(int(time.time() * 1000))


@dataclass
class LocalTelegram:
    """The server's state: queued updates for the bot, and what the bot sent to each chat."""

    token: str = "123456789:LOCAL-TEST-TOKEN-abcdefghijklmnop"
    updates: list[dict[str, Any]] = field(default_factory=list)
    sent: list[SentMessage] = field(default_factory=list)
    # The same messages by chat: tests ask per chat, thousands of times in a long run.
    sent_to: dict[int, list[SentMessage]] = field(default_factory=dict)
    chat_actions: list[tuple[int, str]] = field(default_factory=list)
    callback_answers: list[dict[str, Any]] = field(default_factory=list)
    commands: list[dict[str, Any]] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    # What users sent (for copyMessage), and the forum topics the bot opened and closed.
    incoming: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    topics: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    # As Telegram's flood control does: every n-th send is refused with 429 (0: never).
    too_many_requests_every: int = 0
    retry_after_seconds: int = 1
    refused_sends: int = 0
    # Chats the bot can no longer write to (removed from the group, blocked by the user).
    unreachable: set[int] = field(default_factory=set)
    # Forum topics (chat id, thread id) someone deleted: sends there fail.
    deleted_topics: set[tuple[int, int]] = field(default_factory=set)
    # Webhook mode: where updates are posted (setWebhook), with the secret, and what the bot
    # answered to each delivery.
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_statuses: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._update_ids = _UPDATE_IDS
        self._message_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._new_update = asyncio.Condition()
        self._new_message = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._deliveries: set[asyncio.Task[int]] = set()
        self.port = 0

    # ---- the HTTP side (what the bot calls) ---------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self, port: int = 0) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_post("/bot{token}/{method}", self._handle)
        app.router.add_get("/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        self.port = port or free_port()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.can_read_body:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    params[key] = f"uploaded:{value.filename}"
                else:
                    params[key] = value
        for key in _JSON_FIELDS & params.keys():
            if isinstance(params[key], str):
                params[key] = json.loads(params[key])
        return params

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        self.calls.append(method)
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return web.json_response(
                {
                    "ok": False,
                    "error_code": 404,
                    "description": f"Not Found: method {method} is not implemented",
                },
                status=404,
            )
        params = await self._params(request)
        if method.startswith(("send", "copy")) and self._flood_control():
            return web.json_response(
                {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {self.retry_after_seconds}",
                    "parameters": {"retry_after": self.retry_after_seconds},
                },
                status=429,
            )
        if method.startswith(("send", "copy")) and self._in_deleted_topic(params):
            return web.json_response(
                {"ok": False, "error_code": 400, "description": "Bad Request: message thread not found"},
                status=400,
            )  # fmt: skip
        if method.startswith(("send", "copy", "createForumTopic")) and self._unreachable(params):
            return web.json_response(
                {"ok": False, "error_code": 403, "description": "Forbidden: bot was kicked"},
                status=403,
            )
        try:
            result = await handler(params)
        except _ApiError as exc:
            return web.json_response(
                {"ok": False, "error_code": 400, "description": exc.description}, status=400
            )
        return web.json_response({"ok": True, "result": result})

    def _in_deleted_topic(self, params: dict[str, Any]) -> bool:
        try:
            thread = int(params.get("message_thread_id") or 0)
            return (int(params.get("chat_id", 0)), thread) in self.deleted_topics
        except ValueError:
            return False

    def _unreachable(self, params: dict[str, Any]) -> bool:
        try:
            return int(params.get("chat_id", 0)) in self.unreachable
        except ValueError:
            return False

    def _flood_control(self) -> bool:
        if not self.too_many_requests_every:
            return False
        self._sends = getattr(self, "_sends", 0) + 1
        if self._sends % self.too_many_requests_every:
            return False
        self.refused_sends += 1
        return True

    async def _api_getMe(self, params: dict[str, Any]) -> Any:
        return BOT_USER

    async def _api_setWebhook(self, params: dict[str, Any]) -> Any:
        self.webhook_url = str(params.get("url") or "") or None
        self.webhook_secret = params.get("secret_token")
        return True

    async def _api_deleteWebhook(self, params: dict[str, Any]) -> Any:
        self.webhook_url = None
        return True

    async def _api_getWebhookInfo(self, params: dict[str, Any]) -> Any:
        return {"url": self.webhook_url or "", "has_custom_certificate": False,
                "pending_update_count": 0}  # fmt: skip

    async def deliver(
        self, update: dict[str, Any], url: str | None = None, secret: str | None = None
    ) -> int:
        """Post ``update`` to the webhook, as Telegram does (again, for a redelivery); the
        HTTP status the bot answered. ``url``/``secret``: another address or secret."""
        import aiohttp

        headers = {}
        token = secret if secret is not None else self.webhook_secret
        if token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = str(token)
        async with (
            aiohttp.ClientSession() as session,
            session.post(url or str(self.webhook_url), json=update, headers=headers) as response,
        ):
            self.webhook_statuses.append(response.status)
            return response.status

    async def _api_setMyCommands(self, params: dict[str, Any]) -> Any:
        self.commands = list(params.get("commands") or [])
        return True

    async def _api_getMyCommands(self, params: dict[str, Any]) -> Any:
        return self.commands

    async def _api_close(self, params: dict[str, Any]) -> Any:
        return True

    async def _api_getUpdates(self, params: dict[str, Any]) -> Any:
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = min(float(params.get("timeout") or 0), 10.0)
        # Updates before the offset have been confirmed by the bot: forget them.
        self.updates = [u for u in self.updates if u["update_id"] >= offset]
        if timeout > 0:
            async with self._new_update:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        self._new_update.wait_for(lambda: bool(self.updates)), timeout
                    )
        return self.updates[:limit]

    async def _record(self, message: SentMessage) -> dict[str, Any]:
        self.sent.append(message)
        self.sent_to.setdefault(message.chat_id, []).append(message)
        async with self._new_message:
            self._new_message.notify_all()
        return message.as_telegram()

    def _chat_id(self, params: dict[str, Any]) -> int:
        try:
            return int(params["chat_id"])
        except (KeyError, ValueError) as exc:
            raise _ApiError("Bad Request: chat not found") from exc

    async def _api_sendMessage(self, params: dict[str, Any]) -> Any:
        body = str(params.get("text") or "")
        if not body.strip():
            raise _ApiError("Bad Request: message text is empty")
        if len(plain_text(body) if params.get("parse_mode") == "HTML" else body) > 4096:
            raise _ApiError("Bad Request: message is too long")
        return await self._record(
            SentMessage(
                message_id=next(self._message_ids),
                chat_id=self._chat_id(params),
                text=body,
                parse_mode=params.get("parse_mode"),
                reply_markup=params.get("reply_markup"),
                message_thread_id=int(params["message_thread_id"])
                if params.get("message_thread_id")
                else None,
            )
        )

    async def _send_media(self, kind: str, params: dict[str, Any]) -> Any:
        message = SentMessage(
            message_id=next(self._message_ids),
            chat_id=self._chat_id(params),
            caption=params.get("caption"),
            parse_mode=params.get("parse_mode"),
            reply_markup=params.get("reply_markup"),
            message_thread_id=int(params["message_thread_id"])
            if params.get("message_thread_id")
            else None,
        )
        setattr(message, kind, str(params.get(kind)))
        return await self._record(message)

    async def _api_sendPhoto(self, params: dict[str, Any]) -> Any:
        return await self._send_media("photo", params)

    async def _api_sendDocument(self, params: dict[str, Any]) -> Any:
        return await self._send_media("document", params)

    def _find(self, params: dict[str, Any]) -> SentMessage:
        chat_id, message_id = self._chat_id(params), int(params.get("message_id") or 0)
        for message in self.sent_to.get(chat_id, []):
            if message.message_id == message_id:
                return message
        raise _ApiError("Bad Request: message to edit not found")

    async def _api_editMessageText(self, params: dict[str, Any]) -> Any:
        message = self._find(params)
        message.text = str(params.get("text") or "")
        message.parse_mode = params.get("parse_mode")
        message.reply_markup = params.get("reply_markup")
        message.edits += 1
        return message.as_telegram()

    async def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        message = self._find(params)
        message.reply_markup = params.get("reply_markup")
        message.edits += 1
        return message.as_telegram()

    async def _api_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        self.callback_answers.append(params)
        return True

    async def _api_createForumTopic(self, params: dict[str, Any]) -> Any:
        chat_id = self._chat_id(params)
        if chat_id > 0:
            raise _ApiError("Bad Request: the chat is not a forum")
        thread_id = next(self._message_ids)
        topic = {
            "message_thread_id": thread_id,
            "name": str(params.get("name")),
            "icon_color": 7322096,
        }
        self.topics[(chat_id, thread_id)] = {**topic, "closed": False}
        return topic

    async def _api_closeForumTopic(self, params: dict[str, Any]) -> Any:
        key = (self._chat_id(params), int(params.get("message_thread_id") or 0))
        if key not in self.topics:
            raise _ApiError("Bad Request: TOPIC_ID_INVALID")
        self.topics[key]["closed"] = True
        return True

    async def _api_reopenForumTopic(self, params: dict[str, Any]) -> Any:
        key = (self._chat_id(params), int(params.get("message_thread_id") or 0))
        if key not in self.topics:
            raise _ApiError("Bad Request: TOPIC_ID_INVALID")
        self.topics[key]["closed"] = False
        return True

    async def _api_copyMessage(self, params: dict[str, Any]) -> Any:
        source = self.incoming.get((int(params["from_chat_id"]), int(params["message_id"])))
        if source is None:
            raise _ApiError("Bad Request: message to copy not found")
        copy = SentMessage(
            message_id=next(self._message_ids),
            chat_id=self._chat_id(params),
            text=str(source.get("text") or ""),
            caption=params.get("caption", source.get("caption")),
            parse_mode=params.get("parse_mode"),
            message_thread_id=int(params["message_thread_id"])
            if params.get("message_thread_id")
            else None,
        )
        if source.get("photo"):
            copy.photo = str(source["photo"][-1]["file_id"])
        if source.get("document"):
            copy.document = str(source["document"]["file_id"])
        await self._record(copy)
        return {"message_id": copy.message_id}

    async def _api_sendChatAction(self, params: dict[str, Any]) -> Any:
        self.chat_actions.append((self._chat_id(params), str(params.get("action"))))
        return True

    # ---- the student side (what a person would do in Telegram) ----------------------------

    async def _push(self, update: dict[str, Any]) -> dict[str, Any]:
        update["update_id"] = next(self._update_ids)
        if "message" in update:
            message = update["message"]
            self.incoming[(message["chat"]["id"], message["message_id"])] = message
        if self.webhook_url:
            # Delivered in the background, as Telegram would: the sender does not wait.
            task = asyncio.create_task(self.deliver(update))
            self._deliveries.add(task)
            task.add_done_callback(self._deliveries.discard)
            return update
        self.updates.append(update)
        async with self._new_update:
            self._new_update.notify_all()
        return update

    @staticmethod
    def _user(user_id: int, first_name: str, language: str) -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": language}

    def new_message_id(self) -> int:
        return next(self._message_ids)

    async def push_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Any update as Telegram would send it (fuzzing builds its own)."""
        return await self._push(update)

    async def send_text(
        self, user_id: int, text: str, *, first_name: str = "Öğrenci", language: str = "tr"
    ) -> dict[str, Any]:
        """The student types ``text`` in their private chat with the bot."""
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": first_name},
            "from": self._user(user_id, first_name, language),
            "text": text,
        }
        command = re.match(r"/[A-Za-z0-9_]+(@\w+)?", text)
        if command:
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(command.group())}
            ]
        return await self._push({"message": message})

    async def send_sticker(self, user_id: int, emoji: str = "😀") -> dict[str, Any]:
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private"},
            "from": self._user(user_id, "Öğrenci", "tr"),
            "sticker": {
                "file_id": "sticker-1",
                "file_unique_id": "sticker-1",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "type": "regular",
                "emoji": emoji,
            },
        }
        return await self._push({"message": message})

    async def send_photo(self, user_id: int, caption: str | None = None) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private"},
            "from": self._user(user_id, "Öğrenci", "tr"),
            "photo": [
                {"file_id": "photo-1", "file_unique_id": "photo-1", "width": 640, "height": 480}
            ],
        }
        if caption:
            message["caption"] = caption
        return await self._push({"message": message})

    async def send_document(self, user_id: int, file_name: str = "belge.pdf") -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private"},
            "from": self._user(user_id, "Öğrenci", "tr"),
            "document": {
                "file_id": f"doc-{file_name}",
                "file_unique_id": file_name,
                "file_name": file_name,
            },
        }
        return await self._push({"message": message})

    async def group_message(
        self,
        chat_id: int,
        user_id: int,
        text: str | None = None,
        *,
        first_name: str = "Danışman",
        thread_id: int | None = None,
        reply_to: SentMessage | None = None,
        photo: bool = False,
        sticker: bool = False,
        forum: bool = True,
    ) -> dict[str, Any]:
        """A member of the (super)group ``chat_id`` writes, in a forum topic or as a reply."""
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {
                "id": chat_id,
                "type": "supergroup",
                "title": "Kariyer Danışmanları",
                "is_forum": forum,
            },
            "from": self._user(user_id, first_name, "tr"),
        }
        if text is not None:
            message["text"] = text
            command = re.match(r"/[A-Za-z0-9_]+(@\w+)?", text)
            if command:
                message["entities"] = [
                    {"type": "bot_command", "offset": 0, "length": len(command.group())}
                ]
        if photo:
            message["photo"] = [
                {"file_id": "group-photo-1", "file_unique_id": "gp1", "width": 640, "height": 480}
            ]
        if sticker:
            message["sticker"] = {
                "file_id": "sticker-1", "file_unique_id": "st1", "width": 512, "height": 512,
                "is_animated": False, "is_video": False, "type": "regular",
            }  # fmt: skip
        if thread_id is not None:
            message["message_thread_id"] = thread_id
            message["is_topic_message"] = True
        if reply_to is not None:
            message["reply_to_message"] = reply_to.as_telegram()
        return await self._push({"message": message})

    async def group_migrated(self, chat_id: int, new_chat_id: int) -> dict[str, Any]:
        """The group ``chat_id`` was upgraded to the supergroup ``new_chat_id``."""
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "group", "title": "Kariyer Danışmanları"},
            "from": self._user(777, "Danışman", "tr"),
            "migrate_to_chat_id": new_chat_id,
        }
        return await self._push({"message": message})

    async def press_button(self, user_id: int, message: SentMessage, title: str) -> dict[str, Any]:
        """The student taps the inline button whose text is (or starts with) ``title``."""
        for button in message.buttons:
            if str(button.get("text", "")).startswith(title):
                return await self.press_callback(user_id, message, str(button["callback_data"]))
        raise AssertionError(
            f"no button {title!r} on message {message.message_id}: {message.button_titles}"
        )

    async def press_callback(self, user_id: int, message: SentMessage, data: str) -> dict[str, Any]:
        """Send a callback query with arbitrary ``data`` (tests use it to forge buttons)."""
        query = {
            "id": str(next(self._callback_ids)),
            "from": self._user(user_id, "Öğrenci", "tr"),
            "chat_instance": str(message.chat_id),
            "message": message.as_telegram(),
            "data": data,
        }
        return await self._push({"callback_query": query})

    # ---- reading what the bot sent ------------------------------------------------------

    def messages_to(self, chat_id: int) -> list[SentMessage]:
        return list(self.sent_to.get(chat_id, []))

    async def wait_for_messages(
        self,
        chat_id: int,
        count: int = 1,
        *,
        after: int = 0,
        timeout: float = 30.0,
        settle: float = SETTLE_SECONDS,
    ) -> list[SentMessage]:
        """Wait until at least ``count`` messages after index ``after`` reached ``chat_id``,
        then until no more arrive for ``settle`` seconds; return those new messages."""
        deadline = asyncio.get_running_loop().time() + timeout

        def new() -> list[SentMessage]:
            return self.messages_to(chat_id)[after:]

        async with self._new_message:
            while len(new()) < count:
                remaining = deadline - asyncio.get_running_loop().time()
                if remaining <= 0:
                    got = [m.plain for m in new()]
                    raise TimeoutError(
                        f"expected {count} message(s) to chat {chat_id}, got {len(got)}: {got}"
                    )
                try:
                    await asyncio.wait_for(self._new_message.wait(), remaining)
                except TimeoutError:
                    continue
        seen = len(new())
        while True:
            await asyncio.sleep(settle)
            if len(new()) == seen:
                return new()
            seen = len(new())


class _ApiError(Exception):
    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description
