"""The README starts with the two set-up commands, and documents every command."""

import re
from pathlib import Path

from dotterel.cli import main

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_exactly_two_setup_commands():
    block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert block is not None and README.index(block.group(0)) < README.index("\n## ")
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]
    assert commands == ["make demo", "make test"]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci


def test_every_command_is_documented():
    for name, command in main.commands.items():
        assert f"`dotterel {name}" in README, f"README does not document `dotterel {name}`"
        assert command.help, f"`dotterel {name}` has no help text"


def test_every_documented_command_exists():
    documented = set(re.findall(r"`dotterel ([a-z]+)", README))
    assert documented <= set(main.commands), documented - set(main.commands)
