"""The bridge to Rasa: one aiohttp session, the REST channel and the tracker API."""

from __future__ import annotations

import logging
from typing import Any

import aiohttp

log = logging.getLogger(__name__)

RasaReply = dict[str, Any]


class RasaUnavailable(Exception):
    """Rasa (or the action server behind it) did not answer in time or answered badly."""


# Rasa takes a student's message only with the internal secret (nlu/channels.py), and
# answers its HTTP API only with it as ``token`` (rasa run --auth-token).
CHANNEL_WEBHOOK = "/webhooks/staj/webhook"
SECRET_HEADER = "X-Staj-Secret"
# Names the conversation, so a balancer in front of several Rasa servers can keep one
# student's turns on one of them (deploy/nginx.conf hashes on it).
SENDER_HEADER = "X-Staj-Sender"

# A Rasa that is down refuses the connection at once; one that is busy accepts it and
# answers late. Only the second is worth waiting for (the student sees "typing…").
CONNECT_TIMEOUT_SECONDS = 3.0


class RasaClient:
    def __init__(self, base_url: str, timeout_seconds: float, secret: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = aiohttp.ClientTimeout(
            total=timeout_seconds, sock_connect=min(CONNECT_TIMEOUT_SECONDS, timeout_seconds)
        )
        self._secret = secret
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=self.timeout)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None:
            raise RuntimeError("RasaClient.start() was not awaited")
        return self._session

    async def send(
        self, sender: str, message: str, metadata: dict[str, Any] | None = None
    ) -> list[RasaReply]:
        """Send one student message; return Rasa's replies (text, buttons, image, custom)."""
        body = {"sender": sender, "message": message, "metadata": metadata or {}}
        try:
            async with self.session.post(
                f"{self.base_url}{CHANNEL_WEBHOOK}",
                json=body,
                headers={SECRET_HEADER: self._secret, SENDER_HEADER: sender},
            ) as response:
                if response.status != 200:
                    raise RasaUnavailable(f"Rasa answered HTTP {response.status}")
                replies = await response.json()
        except (TimeoutError, aiohttp.ClientError, ValueError) as exc:
            raise RasaUnavailable(f"{type(exc).__name__}: {exc}") from exc
        if not isinstance(replies, list):
            raise RasaUnavailable("Rasa answered with something other than a list")
        if not replies:
            # Every turn of ours says something; silence means an action failed behind Rasa.
            raise RasaUnavailable("Rasa answered with no message (is the action server up?)")
        return [r for r in replies if isinstance(r, dict)]

    async def tracker(self, sender: str) -> dict[str, Any]:
        """The conversation state (needs `rasa run --enable-api`)."""
        url = f"{self.base_url}/conversations/{sender}/tracker"
        try:
            async with self.session.get(
                url, params={"include_events": "AFTER_RESTART", "token": self._secret}
            ) as response:
                response.raise_for_status()
                data: dict[str, Any] = await response.json()
                return data
        except (TimeoutError, aiohttp.ClientError, ValueError) as exc:
            raise RasaUnavailable(f"{type(exc).__name__}: {exc}") from exc

    async def replace_model(self, model_file: str, timeout: float = 600.0) -> None:
        """Load another model into the running server (`PUT /model`): Rasa keeps answering
        with the old model until the new one is loaded, so students see no downtime."""
        url = f"{self.base_url}/model"
        async with self.session.put(
            url,
            json={"model_file": model_file},
            params={"token": self._secret},
            timeout=aiohttp.ClientTimeout(total=timeout),
        ) as response:
            if response.status >= 300:
                raise RasaUnavailable(f"model replace failed: HTTP {response.status}")

    async def model_file(self) -> str | None:
        """The model the server is serving now (`GET /status`)."""
        async with self.session.get(
            f"{self.base_url}/status", params={"token": self._secret}
        ) as response:
            response.raise_for_status()
            data: dict[str, Any] = await response.json()
            value = data.get("model_file")
            return str(value) if value else None
