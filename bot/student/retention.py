"""The retention job: the KVKK retention policy (staj/services/retention.py) applied every
few hours: old conversation history, closed handoffs' messages, unanswered questions'
texts, old statistics rows, expired button tokens and link attempts."""

from __future__ import annotations

import logging

from bot.context import BotContext

log = logging.getLogger(__name__)
EVERY_SECONDS = 6 * 3600


async def retention_job(context: BotContext) -> None:
    try:
        if not await context.services.retention_lease.take():
            return  # another bot process runs the retention pass
        removed = await context.services.retention.run()
    except Exception:  # the next pass tries again
        log.exception("The retention pass failed")
        return
    done = {kind: count for kind, count in removed.items() if count}
    if done:
        log.info("Retention removed: %s", ", ".join(f"{k} {n}" for k, n in done.items()))
