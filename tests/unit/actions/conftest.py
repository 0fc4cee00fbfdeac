"""Actions tested as RasaHQ/financial-demo does: each action run with rasa-sdk's
CollectingDispatcher and a real Tracker, against a store of its own."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.resources import ActionResources, use
from staj.config import load_settings
from staj.paths import FAQ_DIR
from staj.store import upgrade_to_head

STUDENT = "7001"  # a Telegram user id: the actions log and remember for these


@pytest.fixture
async def resources(tmp_path: Path) -> AsyncIterator[ActionResources]:
    url = f"sqlite:///{tmp_path / 'actions.db'}"
    upgrade_to_head(url)
    settings = dataclasses.replace(load_settings({}), database_url=url, faq_dir=FAQ_DIR)
    made = ActionResources(settings)
    use(made)
    try:
        yield made
    finally:
        use(None)
        await made.database.close()


def tracker(
    text: str = "",
    *,
    intent: str = "faq",
    confidence: float = 0.99,
    faq: dict[str, float] | None = None,
    entities: dict[str, str] | None = None,
    slots: dict[str, Any] | None = None,
    sender: str = STUDENT,
    metadata: dict[str, Any] | None = None,
    events: list[dict[str, Any]] | None = None,
    out_of_scope: float = 0.0,
) -> Tracker:
    """A tracker whose latest message is ``text`` as the NLU would parse it."""
    ranking = [{"name": intent, "confidence": confidence}]
    if out_of_scope:
        ranking.append({"name": "out_of_scope", "confidence": out_of_scope})
    latest: dict[str, Any] = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "intent_ranking": ranking,
        "entities": [{"entity": k, "value": v} for k, v in (entities or {}).items()],
        "metadata": metadata or {},
    }
    if faq:
        latest["response_selector"] = {
            "faq": {
                "ranking": [
                    {"intent_response_key": f"faq/{key}", "confidence": value}
                    for key, value in faq.items()
                ]
            }
        }
    user_event = {"event": "user", "text": text, "parse_data": latest}
    return Tracker(
        sender_id=sender,
        slots=slots or {},
        latest_message=latest,
        events=[*(events or []), user_event],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


async def run(action: Action, given: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The messages the action sent and the events it returned."""
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, given, {})
    return dispatcher.messages, [dict(e) for e in events]


def slot_events(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def followup(events: list[dict[str, Any]]) -> str | None:
    return next((e["name"] for e in events if e.get("event") == "followup"), None)
