"""Which guided conversation computes what a message asks with its own facts."""

from __future__ import annotations

from actions.forms_common import today
from staj.text.requests import Computation, computation_in

FORM_FOR = {
    Computation.END_DATE: "end_date_form",
    Computation.DEADLINES: "deadlines_form",
    Computation.ELIGIBILITY: "eligibility_form",
}
DATED = (Computation.END_DATE, Computation.DEADLINES)


def dated_computation_form(message: str) -> str | None:
    """The form for a question that gives a start date and asks an end date or deadlines
    ("stajım 14.07.2025'te başlıyor, BYS başvurusunu en geç ne zaman yapmalıyım?")."""
    computation = computation_in(message, today())
    return FORM_FOR[computation] if computation in DATED else None
