"""The flask commands: all listed and each found by its name, though most are imported only
when run or listed (issue 16: a web worker never runs one)."""

from __future__ import annotations

import click

from voice.cli import ELSEWHERE


def test_every_command_is_listed(app):
    result = app.test_cli_runner().invoke(args=["--help"])
    assert result.exit_code == 0, result.output
    commands = result.output.split("Commands:")[1].splitlines()
    listed = {line.split()[0] for line in commands if line.strip()}
    assert {"init-db", "demo", "fallback-twiml", "create-admin", *ELSEWHERE} <= listed


def test_a_command_imported_on_use_is_found_by_its_name(app):
    with click.Context(app.cli) as ctx:
        for name in ELSEWHERE:
            command = app.cli.get_command(ctx, name)
            assert command is not None and command.name == name
        assert app.cli.get_command(ctx, "no-such-command") is None
    result = app.test_cli_runner().invoke(args=["prompts", "--help"])
    assert result.exit_code == 0, result.output
    assert "check" in result.output.split("Commands:")[1]
