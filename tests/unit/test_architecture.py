"""The layers import one way, read from the code's own import statements (ARCHITECTURE.md).

Above: the channels (bot/ and the web panel, panel/), the dialogue actions (actions/), the command line (cli/).
Below: the core (staj/), itself in layers: foundations, domain, store, services. A layer
imports only its own and lower ones; nothing below imports anything above.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "panel", "actions", "cli", "staj", "nlu", "benchmarks")

# Core layers, lowest first; a core module may import its own layer and the ones before it.
CORE_LAYERS: tuple[tuple[str, ...], ...] = (
    ("staj.text", "staj.texts", "staj.clock", "staj.paths", "staj.config", "staj.keys"),
    (
        "staj.rules",
        "staj.students",
        "staj.staff",
        "staj.faq",
        "staj.institutions",
        "staj.out_of_scope",
    ),
    ("staj.store",),
    ("staj.services", "staj.model", "staj.dialogue"),
)
# What each top-level package must never import (its own process or layer keeps it out).
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "staj": ("bot", "panel", "actions", "cli", "nlu", "benchmarks", "telegram", "rasa_sdk", "rasa"),
    "bot": ("actions", "cli", "benchmarks", "rasa_sdk", "rasa", "sqlalchemy"),
    # The web panel is a channel too, served by the bot process; it knows no Telegram.
    "panel": ("bot", "actions", "cli", "benchmarks", "telegram", "rasa_sdk", "rasa", "sqlalchemy"),
    "actions": ("bot", "panel", "cli", "benchmarks", "telegram", "rasa", "sqlalchemy"),
    "cli": ("actions", "benchmarks", "rasa_sdk", "rasa"),
    "nlu": ("bot", "panel", "actions", "cli", "benchmarks", "telegram", "rasa_sdk"),
}
# Libraries only some core layers may use: the domain stays plain Python over data.
CORE_LIBRARIES = {
    "sqlalchemy": ("staj.store", "staj.services"),
    "alembic": ("staj.store",),
    "aiohttp": ("staj.dialogue",),
}

Graph = dict[str, set[str]]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function, absolute or relative."""
    name = module_name(path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[: len(package) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def import_graph() -> Graph:
    graph: Graph = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                graph[module_name(path)] = imports_of(path)
    return graph


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def core_layer(module: str) -> int | None:
    for rank, layer in enumerate(CORE_LAYERS):
        if any(_within(module, prefix) for prefix in layer):
            return rank
    return None


def violations(graph: Graph) -> list[str]:
    found = []
    for module, targets in sorted(graph.items()):
        top = module.split(".")[0]
        for target in sorted(targets):
            if any(_within(target, banned) for banned in FORBIDDEN.get(top, ())):
                found.append(f"{module} → {target}")
            for library, allowed in CORE_LIBRARIES.items():
                if (
                    top == "staj"
                    and _within(target, library)
                    and not any(_within(module, place) for place in allowed)
                ):
                    found.append(f"{module} → {target} (only {', '.join(allowed)})")
            here, there = core_layer(module), core_layer(target)
            if here is not None and there is not None and there > here:
                found.append(f"{module} → {target} (a lower core layer imports a higher one)")
    return found


def unit_of(module: str) -> str:
    """The unit cycles are counted between: a top-level package, or a core subpackage."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "staj" and len(parts) > 1 else parts[0]


def cycles(graph: Graph) -> list[list[str]]:
    units: dict[str, set[str]] = defaultdict(set)
    known = {unit_of(module) for module in graph}
    for module, targets in graph.items():
        for target in targets:
            there = unit_of(target)
            if there in known and there != unit_of(module):
                units[unit_of(module)].add(there)
    found: list[list[str]] = []
    for start in sorted(known):
        path = _path_back(units, start)
        if path and sorted(path) not in (sorted(c) for c in found):
            found.append(path)
    return found


def _path_back(units: dict[str, set[str]], start: str) -> list[str] | None:
    """A shortest cycle from ``start`` back to itself, if there is one."""
    frontier: list[list[str]] = [[start]]
    seen = {start}
    while frontier:
        next_frontier = []
        for path in frontier:
            for nxt in sorted(units.get(path[-1], ())):
                if nxt == start:
                    return path
                if nxt not in seen:
                    seen.add(nxt)
                    next_frontier.append([*path, nxt])
        frontier = next_frontier
    return None


def _graph(edges: Iterable[tuple[str, str]]) -> Graph:
    graph: Graph = defaultdict(set)
    for source, target in edges:
        graph[source].add(target)
        graph.setdefault(target, set())
    return graph


def test_the_layers_import_one_way() -> None:
    assert violations(import_graph()) == []


def test_no_cycles_between_packages() -> None:
    assert cycles(import_graph()) == []


def test_every_core_module_has_a_layer() -> None:
    orphans = [m for m in import_graph() if m.startswith("staj.") and core_layer(m) is None]
    assert orphans == [], "add the new core package to CORE_LAYERS (and ARCHITECTURE.md)"


@pytest.mark.parametrize(
    ("edge", "reason"),
    [
        (("staj.students.view", "staj.store.records"), "lower core layer"),
        (("staj.rules.calendar", "sqlalchemy.orm"), "only staj.store"),
        (("staj.store.links", "bot.app"), "staj → bot"),
        (("bot.app", "actions.faq"), "bot → actions"),
        (("actions.faq", "telegram.ext"), "actions → telegram"),
        (("staj.faq.model", "telegram"), "staj → telegram"),
    ],
)
def test_the_checker_refuses_a_wrong_import(edge: tuple[str, str], reason: str) -> None:
    assert violations(_graph([edge])), reason


def test_the_checker_finds_a_cycle() -> None:
    graph = _graph(
        [
            ("staj.stats", "staj.staff.office_hours"),
            ("staj.staff.report", "staj.stats"),
            ("bot.app", "staj.clock"),
        ]
    )
    assert cycles(graph) == [["staj.staff", "staj.stats"]]
