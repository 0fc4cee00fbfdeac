"""`stajbot ask`: each question as the first message of a new, unlinked student's conversation."""

from __future__ import annotations

import asyncio
import json
import uuid
from dataclasses import asdict, dataclass
from typing import Any

from staj.dialogue.rasa_client import RasaClient, RasaUnavailable
from staj.dialogue.replies import group_replies

# Actions that mean "the assistant did not answer the question itself".
_NOT_ANSWERED_OUTCOMES = {"fallback", "out_of_scope"}
_FALLBACK_ACTIONS = {"action_default_fallback", "action_two_stage_fallback", "action_ask_human"}


@dataclass
class AskResult:
    question: str
    replies: list[str]
    intent: str | None
    confidence: float | None
    fallback: bool
    # The FAQ entry the reply answered with: the NLU's intent is not always it (the answer
    # decision also weighs the lexical and classifier votes, and may suggest instead).
    answered: str | None


def reply_as_read(reply: dict[str, Any]) -> str:
    """A Rasa reply as the student reads it: its text, then its buttons."""
    parts = [str(reply.get("text") or "").strip()]
    titles = [str(b.get("title", "")) for b in reply.get("buttons") or []]
    if titles:
        parts.append(" ".join(f"[{t}]" for t in titles))
    if reply.get("image"):
        parts.append(f"(resim: {reply['image']})")
    return "\n".join(p for p in parts if p)


def understanding(
    tracker: dict[str, Any],
) -> tuple[str | None, float | None, bool, str | None]:
    """(intent, confidence, fallback, answered FAQ entry) for the conversation's latest turn."""
    latest = tracker.get("latest_message") or {}
    intent = (latest.get("intent") or {}).get("name")
    confidence = (latest.get("intent") or {}).get("confidence")
    if intent == "faq":
        selected = ((latest.get("response_selector") or {}).get("faq") or {}).get("response") or {}
        if selected.get("intent_response_key"):
            intent = selected["intent_response_key"]
            confidence = selected.get("confidence", confidence)
    events = tracker.get("events") or []
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    fallback = intent == "nlu_fallback"
    answered = None
    for event in events[last_user + 1 :]:
        if event.get("event") == "slot" and event.get("name") == "turn_outcome":
            fallback = event.get("value") in _NOT_ANSWERED_OUTCOMES
        if event.get("event") == "slot" and event.get("name") == "last_faq_id":
            answered = event.get("value")
        if event.get("event") == "action" and event.get("name") in _FALLBACK_ACTIONS:
            fallback = True
    confidence = float(confidence) if confidence is not None else None
    return intent, confidence, fallback, (str(answered) if answered and not fallback else None)


async def ask_one(client: RasaClient, question: str, institution: str | None) -> AskResult:
    sender = f"ask-{uuid.uuid4().hex}"
    metadata = {"institution": institution} if institution else {}
    try:
        replies = await client.send(sender, question, metadata)
        tracker = await client.tracker(sender)
    except RasaUnavailable as exc:
        return AskResult(question, [f"(Rasa cevap vermedi: {exc})"], None, None, True, None)
    intent, confidence, fallback, answered = understanding(tracker)
    replies_read = [reply_as_read(r) for r in group_replies(replies)]
    return AskResult(question, replies_read, intent, confidence, fallback, answered)


async def ask_all(
    rasa_url: str,
    secret: str,
    questions: list[str],
    institution: str | None,
    concurrency: int = 6,
    timeout: float = 60.0,
) -> list[AskResult]:
    client = RasaClient(rasa_url, timeout, secret)
    await client.start()
    limit = asyncio.Semaphore(concurrency)

    async def one(question: str) -> AskResult:
        async with limit:
            return await ask_one(client, question, institution)

    try:
        return list(await asyncio.gather(*(one(q) for q in questions)))
    finally:
        await client.close()


def as_json_line(result: AskResult) -> str:
    return json.dumps(asdict(result), ensure_ascii=False)


def as_reading(result: AskResult) -> str:
    lines = [f"👤 {result.question}"]
    lines += [f"🤖 {reply}".replace("\n", "\n   ") for reply in result.replies]
    return "\n".join(lines) + "\n"
