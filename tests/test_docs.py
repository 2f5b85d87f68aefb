"""The README documents every command and option the CLI has."""

import re
from pathlib import Path

import click

from web.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def test_readme_starts_with_two_setup_commands():
    commands = re.findall(r"^    (.+)$", README.split("## Using it")[0], re.MULTILINE)
    assert len(commands) == 2
    assert "archive ingest seeds/" in commands[0] and "archive serve" in commands[0]
    assert commands[1] == "bash .ci/run"


def commands(group: click.Group = cli, prefix: str = "archive"):
    """Yield (full name, command) for every command and subcommand."""
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        yield f"{prefix} {name}", command
        if isinstance(command, click.Group):
            yield from commands(command, f"{prefix} {name}")


def test_every_command_is_in_the_readme():
    for name, _ in commands():
        assert name in README, name


def test_every_option_is_in_the_readme():
    for name, command in commands():
        for param in command.params:
            if isinstance(param, click.Option):
                for opt in param.opts:
                    if opt.startswith("--"):
                        assert opt in README, f"{name} {opt}"
