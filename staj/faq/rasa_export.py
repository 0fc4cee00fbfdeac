"""Generate Rasa training data and domain responses from the knowledge base.

data/faq/ is the single source: each entry becomes the retrieval intent ``faq/<id>``.
The generated files live under nlu/*/generated/ and are rebuilt before every training run.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from staj.faq.model import KnowledgeBase
from staj.paths import NLU_DIR

HEADER = "# Generated from data/faq/ by `stajbot train`; do not edit: edit data/faq/ instead.\n"


def _literal_examples(questions: tuple[str, ...]) -> str:
    return "".join(f"- {' '.join(q.split())}\n" for q in questions)


class _LiteralDumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_LiteralDumper.add_representer(str, _str_presenter)


def nlu_training_data(kb: KnowledgeBase) -> str:
    nlu = [
        {"intent": entry.intent_response_key, "examples": _literal_examples(entry.questions)}
        for entry in kb
    ]
    body = yaml.dump(
        {"version": "3.1", "nlu": nlu}, Dumper=_LiteralDumper, allow_unicode=True, sort_keys=False
    )
    return HEADER + body


def domain_responses(kb: KnowledgeBase) -> str:
    # Rasa requires a response per retrieval intent; the action answers from data/faq/ at
    # reply time, so these titles only label the intent and are never sent to students.
    responses = {f"utter_{entry.intent_response_key}": [{"text": entry.title}] for entry in kb}
    body = yaml.dump(
        {"version": "3.1", "responses": responses},
        Dumper=_LiteralDumper,
        allow_unicode=True,
        sort_keys=False,
    )
    return HEADER + body


def write_rasa_files(kb: KnowledgeBase, nlu_dir: Path = NLU_DIR) -> list[Path]:
    """Write the generated NLU data and domain; return the paths written."""
    targets = {
        nlu_dir / "data" / "generated" / "faq.yml": nlu_training_data(kb),
        nlu_dir / "domain" / "generated" / "faq.yml": domain_responses(kb),
    }
    for path, content in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8")
    return list(targets)
