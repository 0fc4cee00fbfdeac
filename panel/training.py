"""Retraining: the model serving now, the last gated runs with their held-out figures and
the reason a candidate was refused; start a run (the gate decides, as after a Telegram edit)."""

from __future__ import annotations

from pathlib import Path

from aiohttp import ClientError, web

from panel.auth import admins_only, page
from panel.services import services_of
from panel.texts import text
from staj.clock import local_day_and_time
from staj.dialogue.rasa_client import RasaUnavailable
from staj.services.panel_access import PanelUser
from staj.store import retraining_runs
from staj.store.models import aware
from staj.text.numbers import decimal


def percent(value: float | None) -> str:
    return f"%{decimal(value * 100)}" if value is not None else "–"


@admins_only
async def training_page(request: web.Request, user: PanelUser) -> web.StreamResponse:
    svc = services_of(request)
    serving: str | None = None
    if svc.rasa is not None:
        try:
            serving = await svc.rasa.model_file()
        except (RasaUnavailable, ClientError, OSError, ValueError):
            serving = None
    runs = [
        {
            "run": run,
            "started": local_day_and_time(aware(run.started_at)),
            "minutes": decimal(
                (aware(run.finished_at) - aware(run.started_at)).total_seconds() / 60
            ),
            "outcome": text(f"training.outcomes.{run.outcome}"),
            "old": percent(run.old_accuracy),
            "new": percent(run.new_accuracy),
        }
        for run in await retraining_runs.recent(svc.db.sessions)
    ]
    state = request.query.get("durum")
    return page(
        request,
        "training.html",
        serving=Path(serving).name if serving else None,
        running=svc.retrainer is not None and svc.retrainer.running,
        available=svc.retrainer is not None,
        runs=runs,
        done=text(f"training.{state}") if state in ("started", "queued") else None,
    )


@admins_only
async def start_run(request: web.Request, user: PanelUser) -> web.StreamResponse:
    svc = services_of(request)
    if svc.retrainer is None:
        raise web.HTTPSeeOther("/egitim")
    started = svc.retrainer.request(user.member.telegram_user_id)
    await svc.access.record(user.member, "retraining_requested")
    raise web.HTTPSeeOther(f"/egitim?durum={'started' if started else 'queued'}")
