"""Imports between the packages of `voice/` run one way, from top to bottom:

    migrations     Alembic's entry point, which builds the app
    app            voice (create_app), which registers everything below
    commands       cli: the flask commands
    demo           demo: the demo events `flask demo` loads
    blueprints     calls, admin, screen, home, health: web pages and webhooks; protection:
                   what every answer shares (headers, size limit, the outage page)
    services       reminders, recordings: the workers' jobs and the services behind them
    domain         registrations, meetings, centres: booking, waiting list, listings, erasure;
                   rooms; the neighbourhood centres, their numbers and office hours
    seams          telephony, speech: the phone provider and the voice
    infrastructure workers, schema, db, caches: the worker loop, migrations runner, sessions,
                   values kept per process
    models         models, config, files: tables, settings and writing files, which import
                   nothing of ours

A module may import its own package and any package in a lower layer; never a package in
its own layer (so no cycles can form) and never one above it. So nothing but the app and its
commands imports the phone's blueprint `calls/`. (`reminders/web.py`, the softphone's button
for due reminders, is a small blueprint that lives with its service; it imports downwards.)

The test reads every import in voice/**/*.py with `ast` (also those inside functions) and
names each file:line that breaks this.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "voice"
APP = "voice"  # the package's own __init__: create_app

LAYERS = [
    {"migrations"},
    {APP},
    {"cli"},
    {"demo"},
    {"calls", "admin", "screen", "home", "health", "protection"},
    {"reminders", "recordings"},
    {"registrations", "meetings", "centres"},
    {"telephony", "speech"},
    {"workers", "schema", "db", "caches"},
    {"models", "config", "files"},
]
RANK = {package: rank for rank, layer in enumerate(LAYERS) for package in layer}


def package_of_file(path: Path) -> str:
    """The top-level package a file belongs to ('voice' for voice/__init__.py)."""
    parts = path.relative_to(ROOT).parts
    if len(parts) == 1:
        name = parts[0].removesuffix(".py")
        return APP if name == "__init__" else name
    return parts[0]


def package_of_module(dotted: str) -> str | None:
    """The top-level package of `voice.x.y` ('voice' for the package itself), else None."""
    parts = dotted.split(".")
    if parts[0] != "voice":
        return None
    if len(parts) == 1:
        return APP
    return parts[1]


def imported_packages(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, package) for every import of ours in a module."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                package = package_of_module(alias.name)
                if package:
                    found.append((node.lineno, package))
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            package = package_of_module(node.module)
            if package == APP:  # `from voice import cli`: a submodule, or create_app itself
                for alias in node.names:
                    sub = alias.name in RANK and alias.name != APP
                    found.append((node.lineno, alias.name if sub else APP))
            elif package:
                found.append((node.lineno, package))
    return found


def violations() -> list[str]:
    """Every import that goes sideways or upwards, as 'file:line: a imports b'."""
    problems = []
    for path in sorted(ROOT.rglob("*.py")):
        mine = package_of_file(path)
        assert mine in RANK, f"{path}: package {mine!r} has no layer; add it to LAYERS"
        for line, other in imported_packages(ast.parse(path.read_text(), str(path))):
            assert other in RANK, f"{path}:{line}: package {other!r} has no layer"
            if other != mine and RANK[other] <= RANK[mine]:
                where = path.relative_to(ROOT.parent)
                problems.append(f"{where}:{line}: {mine} imports {other}")
    return problems


def test_every_package_has_a_layer():
    packages = {package_of_file(path) for path in ROOT.rglob("*.py")}
    assert packages == set(RANK)


def test_imports_run_downwards_only():
    problems = violations()
    assert not problems, "\n".join(problems)
