"""Parse questions with a trained Rasa model (runs in .venv-rasa, Python 3.10).

Usage: rasa_parse.py MODEL QUESTIONS.json  → one JSON parse result per line, in order.
"""

import asyncio
import json
import logging
import sys


async def main(model: str, questions: list) -> None:
    from rasa.core.agent import Agent

    agent = Agent.load(model)
    for question in questions:
        parsed = await agent.parse_message(question)
        keep = {k: parsed.get(k) for k in ("text", "intent", "intent_ranking", "response_selector")}
        print(json.dumps(keep, ensure_ascii=False, default=float), flush=True)


if __name__ == "__main__":
    logging.disable(logging.WARNING)
    with open(sys.argv[2], encoding="utf-8") as handle:
        asyncio.run(main(sys.argv[1], json.load(handle)))
