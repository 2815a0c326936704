"""`dotterel geocode`: how the places of a text resolve, as a table or JSON, with clean errors."""

import json

from click.testing import CliRunner

from dotterel.cli import main

TEXT = "Israeli troops pushed into northern Gaza while a tornado hit Paris, Texas."


def test_json_gives_each_place_its_point_precision_and_candidates():
    result = CliRunner().invoke(main, ["geocode", TEXT, "--format", "json", "--candidates", "2"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    places = {p["words"]: p for p in data["places"]}
    gaza = places["northern Gaza"]
    assert (gaza["country"], gaza["precision"]) == ("PSE", "region")
    assert TEXT[gaza["span"][0]:gaza["span"][1]] == "northern Gaza"
    paris = places["Paris, Texas"]
    assert (paris["country"], paris["adm1"], paris["precision"]) == ("USA", "US-TX", "city")
    assert abs(paris["lat"] - 33.66) < 0.1 and abs(paris["lon"] + 95.56) < 0.1
    assert len(paris["candidates"]) == 2 and paris["candidates"][1]["country"] == "FRA"
    assert any("inside Texas" in reason for reason in paris["candidates"][0]["reasons"])
    assert data["focus"]["country"] in ("PSE", "USA", "ISR")


def test_table_shows_places_and_why():
    result = CliRunner().invoke(main, ["geocode", "-"], input="Protesters gathered in Tripoli, Lebanon, on Friday.\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Tripoli, Lebanon" in out and "LBN" in out and "inside Lebanon" in out and "city" in out


def test_empty_text_is_a_clean_error():
    result = CliRunner().invoke(main, ["geocode", "   "])
    assert result.exit_code == 2
    assert "[E402]" in result.stderr and "Traceback" not in result.output
