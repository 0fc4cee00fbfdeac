"""The application checklist, one step at a time; progress is kept in the store."""

from __future__ import annotations

from datetime import date
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import entity_value, telegram_user_id
from actions.dates import status_of, whose
from actions.faq import payload
from actions.forms_common import latest_text, today
from actions.resources import database
from actions.texts import text
from actions.university import university_of_request
from staj.faq.sources import source_documents
from staj.rules.calendar import format_date
from staj.rules.checklist import Checklist, Step, checklist_for, next_open_step
from staj.rules.deadlines import Deadline, deadline
from staj.store.checklist import Progress, load_progress, save_progress


def title(checklist: Checklist, progress: Progress) -> str:
    done = len(progress.done & {s.id for s in checklist.steps})
    return text("checklist.title", name=checklist.name, done=done, total=len(checklist.steps))


def step_deadline(step: Step, start: date | None) -> Deadline | None:
    if start is None or step.deadline_rule is None:
        return None
    return deadline(step.deadline_rule, start, today())


def deadline_note(step: Step, start: date | None) -> str:
    """The step's own last day, or what the employer must do by when (the student checks)."""
    found = step_deadline(step, start)
    if found is None:
        return text("checklist.deadline_unknown")
    key = "checklist.deadline" if found.rule.students_own else "checklist.expected"
    return text(
        key,
        what=found.rule.what,
        whose=whose(found.rule),
        day=format_date(found.day),
        status=status_of(found.days_left).rstrip("."),
    )


def step_message(
    checklist: Checklist, index: int, progress: Progress
) -> tuple[str, list[dict[str, str]]]:
    step: Step = checklist.steps[index]
    lines = [
        title(checklist, progress),
        "",
        text(
            "checklist.step",
            number=index + 1,
            total=len(checklist.steps),
            title=step.title,
            what=step.what,
        ),
        text("checklist.where", where=step.where),
    ]
    if step.documents:
        lines.append(text("checklist.documents", documents=", ".join(step.documents)))
    if step.deadline_rule is not None:
        lines.append(deadline_note(step, progress.start_date))
    lines.append(
        text(
            "checklist.source",
            sources="; ".join(
                text(
                    "checklist.source_item",
                    title=source_documents()[seed].title if seed in source_documents() else seed,
                    seed=seed.split("_", 1)[0],
                )
                for seed in step.seeds
            ),
        )
    )
    buttons = []
    if step.id in progress.done:
        buttons.append(
            {
                "title": text("checklist.button_undo"),
                "payload": payload("checklist", do="undo", step=step.id),
            }
        )
    else:
        buttons.append(
            {
                "title": text("checklist.button_done"),
                "payload": payload("checklist", do="done", step=step.id),
            }
        )
    if index > 0:
        buttons.append(
            {
                "title": text("checklist.button_back"),
                "payload": payload("checklist", do="back", step=step.id),
            }
        )
    buttons.append(
        {"title": text("checklist.button_list"), "payload": payload("checklist", do="list")}
    )
    return "\n".join(lines), buttons


def overview(checklist: Checklist, progress: Progress) -> str:
    lines = [
        title(checklist, progress),
        "",
    ]
    for number, step in enumerate(checklist.steps, start=1):
        mark = (
            text("checklist.done_mark") if step.id in progress.done else text("checklist.todo_mark")
        )
        found = step_deadline(step, progress.start_date)
        own = found is not None and found.rule.students_own
        suffix = (
            text("checklist.list_deadline", day=format_date(found.day)) if own and found else ""
        )
        lines.append(f"{mark} {number}. {step.title}{suffix}")
    return "\n".join(lines)


class ActionChecklist(Action):
    """Show the next step; handle “Yaptım”, “Önceki adım”, “Tüm liste” and undo."""

    def name(self) -> str:
        return "action_checklist"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        # "ksü öğrencisiyim, başvuru için neler yapmalıyım": KSÜ's list.
        institution, remembered = await university_of_request(tracker, [latest_text(tracker)])
        checklist = checklist_for(institution)
        user_id = telegram_user_id(tracker)
        sessions = database().sessions if user_id is not None else None
        progress = (
            await load_progress(sessions, user_id, checklist.code)
            if sessions and user_id
            else Progress()
        )
        if progress.start_date is None and tracker.get_slot("staj_start"):
            progress.start_date = date.fromisoformat(str(tracker.get_slot("staj_start")))
        command, step_id = entity_value(tracker, "do"), entity_value(tracker, "step")
        index = checklist.index_of(step_id) if step_id else None
        if step_id and index is None:  # not a step of this student's list: a stale or forged button
            dispatcher.utter_message(text=text("checklist.unknown_step"))
            command = None
        show: int | None
        if command == "done" and index is not None:
            progress.done.add(checklist.steps[index].id)
            dispatcher.utter_message(
                text=text("checklist.marked_done", title=checklist.steps[index].title)
            )
            show = next_open_step(checklist, progress.done, index + 1)
        elif command == "undo" and index is not None:
            progress.done.discard(checklist.steps[index].id)
            show = index
        elif command == "back" and index is not None:
            show = max(0, index - 1)
        elif command == "list":
            dispatcher.utter_message(text=overview(checklist, progress))
            show = next_open_step(checklist, progress.done, 0)
        else:
            show = next_open_step(
                checklist, progress.done, min(progress.position, len(checklist.steps) - 1)
            )
        if show is None:
            dispatcher.utter_message(text=text("checklist.finished"))
            progress.position = len(checklist.steps) - 1
        else:
            progress.position = show
            message, buttons = step_message(checklist, show, progress)
            dispatcher.utter_message(text=message, buttons=buttons)
        if sessions and user_id is not None:
            await save_progress(sessions, user_id, checklist.code, progress)
        return remembered
