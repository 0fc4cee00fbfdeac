"""An answer as the student reads it: the chosen answer's text, then whose rule it is, which
programme year it belongs to, and the source it rests on. The assistant's reply and the
panel's preview are the same text, made here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from staj.faq.answering import ChosenAnswer, Scope, choose_answer
from staj.faq.model import FaqEntry
from staj.faq.sources import source_documents
from staj.institutions import short_name
from staj.texts import TextBook

text = TextBook(Path(__file__).with_name("texts.yml")).text

# Answers on where statuses are shown also point to the student's own record.
STATUS_TOPIC = "basvuru-durumu"


@dataclass(frozen=True)
class AnswerMessage:
    body: str
    chosen: ChosenAnswer


def source_line(seed: str, part: str) -> str:
    document = source_documents().get(seed)
    return text(
        "source", title=document.title if document else seed, seed=seed.split("_", 1)[0], part=part
    )


def year_line(year: int, passed: bool) -> str:
    return text("year_past" if passed else "year_current", year=year)


def answer_message(entry: FaqEntry, institution: str | None, today: date) -> AnswerMessage:
    """The text of the reply to a question on ``entry`` for a student of ``institution``."""
    chosen = choose_answer(entry, institution, today)
    answer = chosen.answer
    lines = [answer.text.strip(), ""]
    if chosen.scope is Scope.OTHER_INSTITUTION:
        lines.append(
            text(
                "scope_other_institution",
                scope=answer.scope_label,
                own=short_name(str(institution)),
            )
        )
    elif chosen.scope is Scope.UNKNOWN_INSTITUTION:
        lines.append(text("scope_unknown_institution", scope=answer.scope_label))
    # Scope.PROGRAMME (and the student's own university) need no note.
    if answer.year is not None:
        lines.append(year_line(answer.year, chosen.year_passed))
    if entry.topic == STATUS_TOPIC:
        lines.append(text("own_status_hint"))
    lines.append(source_line(answer.source.seed, answer.source.part))
    lines += ["", text("feedback_prompt")]
    return AnswerMessage("\n".join(lines).strip(), chosen)
