"""``/api/stats/timeline``, ``/api/stats/dyads``, ``/api/actors`` and ``/api/geo``."""

from __future__ import annotations

import pytest

from tests.api.conftest import Client, assert_error


def test_timeline_by_day_and_quad_class(client: Client) -> None:
    body = client.get("/api/stats/timeline", params={"bucket": "day"}).json()
    assert body["bucket"] == "day" and body["by"] == "quad_class" and body["unit"] == "mentions"
    assert body["dates"][0] == "2024-09-15" and body["dates"][-1] == "2024-10-04"
    assert len(body["dates"]) == 20  # dense: every day between
    assert [s["key"] for s in body["series"]] == ["1", "2", "3", "4"]
    assert sum(body["totals"]) == 9
    for s in body["series"]:
        assert len(s["counts"]) == len(body["dates"])
    day = body["dates"].index("2024-10-01")
    conflict = next(s for s in body["series"] if s["key"] == "4")
    assert conflict["label"] == "material conflict" and conflict["counts"][day] == 3


def test_timeline_by_type_weeks_and_months(client: Client) -> None:
    week = client.get("/api/stats/timeline", params={"bucket": "week", "by": "type"}).json()
    assert week["dates"] == ["2024-09-09", "2024-09-16", "2024-09-23", "2024-09-30"]
    assert {s["key"] for s in week["series"]} == {"ASSAULT", "ACCUSE", "CONSULT", "COERCE"}
    assert sum(week["totals"]) == 9
    month = client.get("/api/stats/timeline", params={"bucket": "month"}).json()
    assert month["dates"] == ["2024-09-01", "2024-10-01"] and month["totals"] == [2, 7]
    year = client.get("/api/stats/timeline", params={"bucket": "year"}).json()
    assert year["dates"] == ["2024-01-01"] and year["totals"] == [9]
    auto = client.get("/api/stats/timeline", params={"bucket": "auto"}).json()
    assert auto["bucket"] == "day" and len(auto["dates"]) == 20  # the store spans 20 days


def test_timeline_follows_the_filters(client: Client) -> None:
    everything = client.get("/api/stats/timeline", params={"bucket": "day"}).json()
    russia = client.get("/api/stats/timeline", params={"bucket": "day", "actor": "RUS"}).json()
    assert sum(russia["totals"]) == 1 and russia["dates"] == ["2024-10-03"]
    assert sum(everything["totals"]) > sum(russia["totals"])
    happenings = client.get("/api/stats/timeline", params={"bucket": "day", "unit": "happenings"}).json()
    assert happenings["unit"] == "happenings" and sum(happenings["totals"]) == 6
    nothing = client.get("/api/stats/timeline", params={"actor": "NOBODY"}).json()
    assert nothing["dates"] == [] and nothing["series"] == [] and nothing["totals"] == []


@pytest.mark.parametrize("params", [{"bucket": "hour"}, {"by": "actor"}, {"by": "quad_class; DROP TABLE x"}])
def test_timeline_bad_parameters(client: Client, params: dict) -> None:
    assert_error(client.get("/api/stats/timeline", params=params), 400, "E503")


def test_timeline_refuses_too_many_buckets(tmp_path) -> None:
    from dotterel.api import create_app
    from dotterel.store import open_store
    from dotterel.store.testing import make_coded
    from tests.api.conftest import Client

    old = make_coded("Britain attacked France in 1066.", published="1066-10-14", events=[
        {"type": "ASSAULT", "trigger": "attacked", "actor": "Britain", "recipient": "France", "date": {"value": "1066-10-14", "text": "1066"}}
    ])
    new = make_coded("France attacked Britain in 2024.", published="2024-10-14", events=[
        {"type": "ASSAULT", "trigger": "attacked", "actor": "France", "recipient": "Britain", "date": {"value": "2024-10-14", "text": "2024"}}
    ])
    with open_store(tmp_path / "old.duckdb") as store:
        store.write([old, new])
    c = Client(create_app(db_path=tmp_path / "old.duckdb"))
    try:
        assert "coarser bucket" in assert_error(c.get("/api/stats/timeline", params={"bucket": "day"}), 400, "E512")["message"]
        assert len(c.get("/api/stats/timeline", params={"bucket": "year"}).json()["dates"]) == 2024 - 1066 + 1
    finally:
        c.close()


def test_dyads(client: Client) -> None:
    body = client.get("/api/stats/dyads").json()
    assert body["unit"] == "mentions"
    pairs = {(d["actor"], d["recipient"]): d["count"] for d in body["dyads"]}
    assert pairs[("ISR", "LBN")] == 3
    assert pairs[("RUS", "UKR")] == 1 and pairs[("UKR", "RUS")] == 1
    counts = [d["count"] for d in body["dyads"]]
    assert counts == sorted(counts, reverse=True)
    nodes = {n["id"]: n for n in body["nodes"]}
    assert nodes["ISR"]["as_actor"] == 5 and nodes["LBN"]["as_recipient"] == 3
    filtered = client.get("/api/stats/dyads", params={"party": "RUS"}).json()
    assert {(d["actor"], d["recipient"]) for d in filtered["dyads"]} == {("RUS", "UKR"), ("UKR", "RUS")}
    happenings = client.get("/api/stats/dyads", params={"unit": "happenings"}).json()
    assert {(d["actor"], d["recipient"]): d["count"] for d in happenings["dyads"]}[("ISR", "LBN")] == 1
    assert len(client.get("/api/stats/dyads", params={"limit": 1}).json()["dyads"]) == 1
    assert_error(client.get("/api/stats/dyads", params={"limit": 501}), 400, "E503")


def test_actors(client: Client) -> None:
    body = client.get("/api/actors").json()
    names = [a["name"] for a in body["actors"]]
    assert names[0] in ("Hezbollah", "Israel Police", "Russia", "Ukraine", "Israel Defense Forces")
    by_name = {a["name"]: a for a in body["actors"]}
    assert by_name["Hezbollah"]["events"] == 3 and by_name["Hezbollah"]["as_recipient"] == 3
    assert by_name["Hezbollah"]["filter"] == "HEZBOLLAH"
    assert by_name["Russia"]["filter"] == "RUS"  # a country: its code selects all its actors
    # the filter value selects the actor's events
    hez = client.get("/api/events", params={"party": by_name["Hezbollah"]["filter"]}).json()
    assert hez["total"] == 3
    gallant = client.get("/api/actors", params={"q": "gall"}).json()["actors"]
    assert [a["name"] for a in gallant] == ["Yoav Gallant"]
    recipients = client.get("/api/actors", params={"role": "recipient"}).json()["actors"]
    assert all(a["as_actor"] == 0 for a in recipients)
    only_ukraine = client.get("/api/actors", params={"type": "ACCUSE"}).json()["actors"]
    assert {a["name"] for a in only_ukraine} == {"Ukraine", "Russia"}
    assert len(client.get("/api/actors", params={"limit": 2}).json()["actors"]) == 2
    assert_error(client.get("/api/actors", params={"role": "judge"}), 400, "E503")
    assert_error(client.get("/api/actors", params={"limit": 10_000}), 400, "E503")


def test_geo(client: Client) -> None:
    body = client.get("/api/geo").json()
    assert body["type"] == "FeatureCollection"
    assert body["total"] == 3 and body["truncated"] is False
    tyre = body["features"][0]  # the most reported first
    assert tyre["type"] == "Feature" and tyre["geometry"] == {"type": "Point", "coordinates": [35.2, 33.27]}
    props = tyre["properties"]
    assert props["mentions"] == 3 and props["type"] == "ASSAULT" and props["place"] == "Tyre" and props["id"] == tyre["id"]
    assert {f["properties"]["place"] for f in body["features"]} >= {"Tyre", "Kharkiv"}
    russia = client.get("/api/geo", params={"actor": "RUS"}).json()
    assert [f["properties"]["place"] for f in russia["features"]] == ["Kharkiv"]
    one = client.get("/api/geo", params={"limit": 1}).json()
    assert one["total"] == 3 and len(one["features"]) == 1 and one["truncated"] is True
    assert client.get("/api/geo", params={"until": "2024-09-01"}).json()["features"] == []
    assert_error(client.get("/api/geo", params={"limit": 5001}), 400, "E503")
