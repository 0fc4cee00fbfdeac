"""The channel the bot talks to Rasa through: Rasa's REST channel, but only for callers that
know the installation's internal secret (header X-Staj-Secret). Rasa's --auth-token guards
its HTTP API, not the channel webhooks, so without this any local process could write as
any student and read their status. Named in credentials.yml; served at /webhooks/staj/."""

from __future__ import annotations

import hmac
import os
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

SECRET_HEADER = "X-Staj-Secret"


class SecretRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "staj"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)
        secret = os.environ.get("STAJ_INTERNAL_SECRET", "")

        @webhook.on_request  # type: ignore[misc]
        async def only_the_bot(request: Request) -> Any:
            given = request.headers.get(SECRET_HEADER, "")
            if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
                return response.json({"error": "unauthorized"}, status=401)
            return None

        return webhook
