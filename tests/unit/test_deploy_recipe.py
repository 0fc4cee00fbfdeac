"""The deployment recipe (deploy/) names only commands, roles and settings the project
really has: a renamed setting or subcommand breaks this test, not a deployment."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from cli.main import ROLES, build_parser
from staj import keys

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
# Settings the images of other projects read (PostgreSQL's), not ours.
FOREIGN = {"postgres": {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"}}


def settings_we_read() -> set[str]:
    """Every environment variable name the core reads, found in its source."""
    names: set[str] = set()
    for path in (ROOT / "staj").rglob("*.py"):
        names |= set(re.findall(r"\"([A-Z][A-Z0-9_]{2,})\"", path.read_text(encoding="utf-8")))
    names |= {
        f"STAJ_{name.upper().replace('-', '_')}_KEY" for name in (keys.STATS, keys.LINK_CODES)
    }
    # And what the setup script reads (which Pythons to use).
    bootstrap = (ROOT / "scripts" / "bootstrap").read_text(encoding="utf-8")
    names |= set(re.findall(r"\$\{?(STAJ_[A-Z_]+)", bootstrap))
    return names


def compose() -> dict:  # type: ignore[type-arg]
    loaded: dict = yaml.safe_load((DEPLOY / "compose.yml").read_text(encoding="utf-8"))  # type: ignore[type-arg]
    return loaded


def subcommands() -> dict[str, set[str]]:
    parser = build_parser()
    [sub] = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    return {
        name: {o for a in p._actions for o in a.option_strings} for name, p in sub.choices.items()
    }  # type: ignore[attr-defined]


def test_every_command_in_the_recipe_is_a_real_stajbot_command() -> None:
    known = subcommands()
    commands = [s["command"] for s in compose()["services"].values() if "command" in s]
    assert commands, "the recipe runs no stajbot command"
    for command in commands:
        assert command[0] == "stajbot", command
        assert command[1] in known, f"stajbot has no subcommand {command[1]!r}"
        options = [word for word in command[2:] if word.startswith("--")]
        assert all(o in known[command[1]] for o in options), command
        if "--role" in command:
            assert command[command.index("--role") + 1] in ROLES
    plain = (DEPLOY / "compose.yml").read_text(encoding="utf-8")
    for role in re.findall(r"--role (\w+)", plain):
        assert role in ROLES
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert '"stajbot", "run", "--role", "bot"' in dockerfile


def test_every_setting_in_the_recipe_is_one_the_project_reads() -> None:
    ours = settings_we_read()
    example = [
        line.split("=", 1)[0]
        for line in (DEPLOY / "staj.env.example").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert example and all(name in ours for name in example), set(example) - ours
    for name, service in compose()["services"].items():
        for variable in service.get("environment") or {}:
            assert variable in ours | FOREIGN.get(name, set()), (name, variable)
    for variable in compose()["x-app"]["environment"]:
        assert variable in ours
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    for variable in re.findall(r"\b(STAJ_[A-Z_]+)=", dockerfile):
        assert variable in ours, variable


def test_the_balancer_keeps_a_conversation_on_one_rasa_server() -> None:
    from staj.dialogue.rasa_client import SENDER_HEADER

    nginx = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    header = "$http_" + SENDER_HEADER.lower().replace("-", "_")
    assert f"hash {header} consistent" in nginx
    services = compose()["services"]
    for upstream in re.findall(r"server ([a-z0-9-]+):\d+", nginx):
        assert upstream in services, upstream
