"""The action server (rasa-sdk) that takes requests only from our Rasa: every request must
carry the installation's internal secret as ``token`` (Rasa's action endpoint sends it).

    python -m actions.server --port 5055
"""

from __future__ import annotations

import argparse
import hmac
import logging
import os
from functools import partial
from typing import Any

from rasa_sdk import utils
from rasa_sdk.endpoint import create_app_for_serve
from rasa_sdk.executor import ActionExecutor
from sanic import Sanic, response
from sanic.request import Request
from sanic.worker.loader import AppLoader

log = logging.getLogger(__name__)


async def _only_rasa(request: Request) -> Any:
    secret = os.environ.get("STAJ_INTERNAL_SECRET", "")
    given = str(request.args.get("token", ""))
    if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
        return response.json({"error": "unauthorized"}, status=401)
    return None


async def _follow_faq_edits(app: Sanic) -> None:  # type: ignore[type-arg]
    """Admins' edits made on any host reach this server's knowledge base within seconds."""
    from actions.resources import database, resources
    from staj.services.faq_sync import FaqSync

    sync = FaqSync(database().sessions, resources().settings.faq_dir)
    app.add_task(sync.keep_pulling(), name="faq-sync")


def secured_app(action_executor: ActionExecutor) -> Sanic:  # type: ignore[type-arg]
    """rasa-sdk's app with the token check in front of every route."""
    app = create_app_for_serve(action_executor, cors_origins=[])
    app.on_request(_only_rasa)
    app.after_server_start(_follow_faq_edits)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=5055)
    parser.add_argument("--host", default="127.0.0.1", help="0.0.0.0 in a container")
    args = parser.parse_args()
    utils.configure_colored_logging("INFO")
    utils.update_sanic_log_level()
    executor = ActionExecutor()
    executor.register_package("actions")
    loader = AppLoader(factory=partial(secured_app, executor))
    app = loader.load()
    # Loopback only: the parts talk on this machine (rasa-sdk would listen everywhere).
    app.prepare(host=args.host, port=args.port, workers=1)
    log.info("Action server on 127.0.0.1:%d", args.port)
    Sanic.serve(primary=app, app_loader=loader)


if __name__ == "__main__":
    main()
