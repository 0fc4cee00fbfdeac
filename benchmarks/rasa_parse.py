"""Parse questions with a trained Rasa model (runs in .venv-rasa, Python 3.10).

Usage: rasa_parse.py MODEL QUESTIONS.json [--as-rasa-loads]
→ one JSON parse result per line, in order; the model's loading time and any warning on
stderr.

With --as-rasa-loads, the model loads the way Rasa loads it (a training step before the
saved weights), not the way nlu/components/quick_loading.py does: to compare the two.
"""

import asyncio
import json
import logging
import sys
import time


def load_as_rasa_does() -> None:
    from rasa.nlu.classifiers.diet_classifier import DIET

    from nlu.components import quick_loading

    for served in (
        quick_loading._ServedDIET,
        quick_loading._ServedDIET2BOW,
        quick_loading._ServedDIET2DIET,
    ):
        served.load = classmethod(DIET.load.__func__)  # type: ignore[attr-defined]


async def main(model: str, questions: list) -> None:
    from rasa.core.agent import Agent

    started = time.perf_counter()
    agent = Agent.load(model)
    print(f"load_seconds {time.perf_counter() - started:.2f}", file=sys.stderr, flush=True)
    for question in questions:
        parsed = await agent.parse_message(question)
        keep = {k: parsed.get(k) for k in ("text", "intent", "intent_ranking", "response_selector")}
        print(json.dumps(keep, ensure_ascii=False, default=float), flush=True)


if __name__ == "__main__":
    # Warnings stay on stderr: a model that could not load for serving says so there.
    logging.disable(logging.INFO)
    if "--as-rasa-loads" in sys.argv[3:]:
        load_as_rasa_does()
    with open(sys.argv[2], encoding="utf-8") as handle:
        asyncio.run(main(sys.argv[1], json.load(handle)))
