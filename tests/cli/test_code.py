"""`dotterel code`: formats, standard input, and clean errors."""

import json
import subprocess
import sys

from click.testing import CliRunner

from dotterel.cli import main
from tests.conftest import FIXTURES, GOLD

TEXT = "Israeli forces raided the Jenin camp on Monday, the army said.\n"


def test_json_follows_the_schema_and_the_published_date_resolves_weekdays():
    result = CliRunner().invoke(main, ["code", "-", "--published", "2024-10-01", "--format", "json"], input=TEXT)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema_version"] == "1.0"
    event = data["events"][0]
    assert event["type"] == "ASSAULT" and event["actors"][0]["country"] == "ISR"
    assert event["date"]["start"] == "2024-09-30"
    assert TEXT[event["trigger"][0]:event["trigger"][1]] == event["trigger_text"]


def test_jsonl_has_one_line_per_article(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text(TEXT, encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_text("Police arrested 12 protesters in Dhaka on Sunday.", encoding="utf-8")
    result = CliRunner().invoke(main, ["code", str(a), str(b), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 2 and lines[1]["events"][0]["type"] == "COERCE"


def test_table_shows_type_actors_modality_and_evidence():
    result = CliRunner().invoke(main, ["code", str(GOLD / "gallant-austin.txt"), "--published", "2024-10-01"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "CONSULT" in out and "Yoav Gallant" in out and "conditional" in out and "were again on the phone" in out


def test_bad_files_are_reported_and_the_rest_coded(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["code", str(FIXTURES / "bad" / "binary.bin"), str(FIXTURES / "bad" / "latin1.txt"), str(good),
               str(tmp_path / "missing.txt"), "--format", "jsonl"],
    )
    assert result.exit_code == 0
    assert "[E004]" in result.stderr and "[E003]" in result.stderr
    assert "Traceback" not in result.output
    assert len(result.stdout.splitlines()) == 1


def test_nothing_codable_exits_non_zero_with_one_line_per_problem():
    result = CliRunner().invoke(main, ["code", str(FIXTURES / "bad" / "empty.txt")])
    assert result.exit_code == 2
    assert "[E005]" in result.stderr and "Traceback" not in result.output


def test_invalid_option_values_are_clean_errors():
    result = CliRunner().invoke(main, ["code", "-", "--published", "1 Oct"], input=TEXT)
    assert result.exit_code == 2 and "[E007]" in result.stderr


def test_the_installed_command_runs_as_a_process():
    completed = subprocess.run(
        [sys.executable, "-m", "dotterel", "code", "--format", "jsonl"], input=TEXT, capture_output=True,
        text=True, timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["events"]
