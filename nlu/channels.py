"""The channel the bot talks to Rasa through: Rasa's REST channel, but only for callers that
know the installation's internal secret (header X-Staj-Secret), and safe to send to twice.

Rasa's --auth-token guards its HTTP API, not the channel webhooks, so without the secret any
local process could write as any student and read their status. Named in credentials.yml;
served at /webhooks/staj/.

When a Rasa replica dies while it handles a message, the bot cannot know whether the turn
was done and saved. It then sends the message again, to another replica, with the same
``message_id`` and ``resend: true``: under the conversation's lock (Redis, shared by the
replicas) this channel looks for that message in the shared tracker store and, if the turn
is there, replays the replies it gave instead of taking the turn a second time.
"""

from __future__ import annotations

import hmac
import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.lock_store import LOCK_LIFETIME
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

SECRET_HEADER = "X-Staj-Secret"
log = logging.getLogger(__name__)


def replies_to(events: list[Any], message_id: str) -> list[dict[str, Any]] | None:
    """The bot's replies to the user message ``message_id`` in a conversation's events, or
    None when that message was never taken."""
    for index in range(len(events) - 1, -1, -1):
        event = events[index]
        if isinstance(event, UserUttered) and event.message_id == message_id:
            replies: list[dict[str, Any]] = []
            for later in events[index + 1 :]:
                if isinstance(later, UserUttered):
                    break
                if isinstance(later, BotUttered):
                    replies.append(later.message())
            return replies
    return None


class SecretRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "staj"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)
        secret = os.environ.get("STAJ_INTERNAL_SECRET", "")

        @webhook.on_request  # type: ignore[misc]
        async def only_the_bot(request: Request) -> Any:
            given = request.headers.get(SECRET_HEADER, "")
            if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
                return response.json({"error": "unauthorized"}, status=401)
            return None

        @webhook.route("/", methods=["GET"])  # type: ignore[misc]
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])  # type: ignore[misc]
        async def receive(request: Request) -> HTTPResponse:
            body = request.json if isinstance(request.json, dict) else {}
            sender = body.get("sender")
            if not isinstance(sender, str) or not sender:
                return response.json({"error": "sender missing"}, status=400)
            message_id = body.get("message_id")
            collector = CollectingOutputChannel()
            message = UserMessage(
                body.get("message"),
                collector,
                sender,
                input_channel=self.name(),
                metadata=self.get_metadata(request),
                message_id=str(message_id) if message_id else None,
            )
            try:
                if body.get("resend") and message_id:
                    await _take_once(request.app.ctx.agent, message, collector)
                else:
                    await on_new_message(message)
            except Exception:  # the bot sees no reply and apologises; the text is not logged
                log.exception("the turn failed")
            return response.json(collector.messages)

        return webhook


async def _take_once(agent: Any, message: UserMessage, collector: CollectingOutputChannel) -> None:
    """Take the turn unless the shared tracker store shows it was taken; then replay it."""
    if not agent.is_ready():
        return
    # The dead server's ticket for this conversation may have been issued a moment ago: ours
    # must outlive it, or it expires while waiting and is never served (Rasa's ticket locks
    # serve only a ticket that still exists).
    async with agent.lock_store.lock(message.sender_id, lock_lifetime=2 * LOCK_LIFETIME):
        tracker = await agent.tracker_store.retrieve(message.sender_id)
        done = replies_to(list(tracker.events), message.message_id) if tracker else None
        if done is None:
            await agent.processor.handle_message(message)
            return
        log.info("A resent message was already taken: its replies are replayed")
        for reply in done:
            await collector.send_response(message.sender_id, reply)
