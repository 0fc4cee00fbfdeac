"""Rasa's replies as the student should see them.

Rasa's REST channel cuts every text at blank lines into separate messages, and each
utter_message is a message of its own. A student should get one message per thought:
consecutive plain texts are joined again, and a message with buttons or an image closes
the group it ends.
"""

from __future__ import annotations

from typing import Any

RasaReply = dict[str, Any]


def group_replies(replies: list[RasaReply]) -> list[RasaReply]:
    grouped: list[RasaReply] = []
    pending: list[str] = []

    def flush(extra: RasaReply | None = None) -> None:
        texts = [*pending]
        message: RasaReply = dict(extra or {})
        if message.get("text"):
            texts.append(str(message["text"]))
        joined = "\n\n".join(t.strip() for t in texts if t.strip())
        if joined:
            message["text"] = joined
        else:
            message.pop("text", None)
        if message:
            grouped.append(message)
        pending.clear()

    for reply in replies:
        if reply.get("buttons") or reply.get("image") or reply.get("custom"):
            flush(reply)
        elif reply.get("text"):
            pending.append(str(reply["text"]))
    flush()
    return grouped
