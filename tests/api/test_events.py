"""``/api/events``: the filters of ``dotterel events``, units, sorting and paging."""

from __future__ import annotations

import pytest

from tests.api.conftest import Client, assert_error


def ids(body: dict) -> list:
    return [item["id"] for item in body["items"]]


def test_lists_every_event_with_its_evidence(client: Client) -> None:
    r = client.get("/api/events", params={"limit": 100})
    assert r.status_code == 200
    body = r.json()
    assert body["unit"] == "mentions" and body["total"] == 9 and len(body["items"]) == 9
    assert body["sort"] == "date" and body["offset"] == 0
    first = body["items"][0]
    assert {"id", "article_id", "date", "type", "actors", "recipients", "sentence_text", "happening_id", "merge_status"} <= set(first)
    dates = [item["date"] for item in body["items"]]
    assert dates == sorted(dates)
    assert r.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "ASSAULT"}, 6),
        ({"type": "assault,consult"}, 7),
        ({"type": ["ACCUSE", "CONSULT"]}, 2),
        ({"actor": "ISR"}, 5),
        ({"actor": "IDF"}, 2),
        ({"actor": "gallant"}, 1),
        ({"recipient": "HEZBOLLAH"}, 3),
        ({"party": "RUS"}, 2),
        ({"since": "2024-10-02"}, 4),
        ({"until": "2024-09-30"}, 2),
        ({"since": "2024-10-01", "until": "2024-10-01"}, 3),
        ({"modality": "hypothetical"}, 1),
        ({"modality": "asserted,hypothetical"}, 9),
        ({"text": "Tyre"}, 3),
        ({"text": "killing at least"}, 1),
        ({"type": "ASSAULT", "actor": "ISR", "since": "2024-10-01"}, 3),
        ({"happening": 1}, 3),
    ],
)
def test_filters_match_the_cli(client: Client, params: dict, expected: int) -> None:
    r = client.get("/api/events", params={**params, "limit": 100})
    assert r.status_code == 200, r.text
    assert r.json()["total"] == expected
    assert len(r.json()["items"]) == expected


def test_article_filter(client: Client) -> None:
    some = client.get("/api/events", params={"text": "Kharkiv"}).json()["items"][0]
    r = client.get("/api/events", params={"article": some["article_id"]})
    assert r.json()["total"] == 2
    assert {i["type"] for i in r.json()["items"]} == {"ASSAULT", "ACCUSE"}


def test_happenings_unit(client: Client) -> None:
    r = client.get("/api/events", params={"unit": "happenings", "sort": "-mentions"})
    body = r.json()
    assert body["unit"] == "happenings" and body["total"] == 6
    top = body["items"][0]
    assert top["mentions"] == 3 and top["sources"] == 3 and top["type"] == "ASSAULT" and top["location"] == "Tyre"
    assert client.get("/api/events", params={"unit": "happenings", "actor": "ISR"}).json()["total"] == 3


def test_paging_and_sorting(client: Client) -> None:
    all_ids = ids(client.get("/api/events", params={"sort": "-date", "limit": 100}).json())
    pages = []
    for offset in range(0, 9, 4):
        body = client.get("/api/events", params={"sort": "-date", "limit": 4, "offset": offset}).json()
        assert body["total"] == 9 and body["limit"] == 4
        pages += ids(body)
    assert pages == all_ids
    dates = [i["date"] for i in client.get("/api/events", params={"sort": "-date"}).json()["items"]]
    assert dates == sorted(dates, reverse=True)
    types = [i["type"] for i in client.get("/api/events", params={"sort": "type"}).json()["items"]]
    assert types == sorted(types)
    assert client.get("/api/events", params={"offset": 50}).json()["items"] == []


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"limit": 501}, "E503"),
        ({"limit": 0}, "E503"),
        ({"limit": -1}, "E503"),
        ({"limit": "many"}, "E503"),
        ({"offset": 100_001}, "E503"),
        ({"offset": -5}, "E503"),
        ({"type": "BOMBING"}, "E210"),
        ({"modality": "maybe"}, "E211"),
        ({"unit": "articles"}, "E503"),
        ({"sort": "mentions"}, "E213"),
        ({"sort": "1; DROP TABLE events"}, "E503"),
        ({"since": "2024-13-01"}, "E007"),
        ({"since": "yesterday"}, "E007"),
        ({"since": "2024-10-01T00:00"}, "E503"),
        ({"since": "2024-10-05", "until": "2024-10-01"}, "E214"),
        ({"actor": "x" * 201}, "E503"),
        ({"happening": "h1"}, "E503"),
    ],
)
def test_bad_parameters_are_clean_400s(client: Client, params: dict, code: str) -> None:
    error = assert_error(client.get("/api/events", params=params), 400, code)
    assert error["message"]


def test_page_limit_is_the_servers(store_path) -> None:
    from dotterel.api import Limits, create_app

    c = Client(create_app(db_path=store_path, limits=Limits(page=3)))
    try:
        assert len(c.get("/api/events", params={"limit": 3}).json()["items"]) == 3
        assert "at most 3" in assert_error(c.get("/api/events", params={"limit": 4}), 400, "E503")["message"]
        assert c.get("/api/meta").json()["limits"]["page"] == 3
    finally:
        c.close()


def test_meta(client: Client) -> None:
    body = client.get("/api/meta").json()
    assert body["counts"] == {"articles": 7, "events": 9, "happenings": 6, "failures": 0}
    assert body["extent"]["mentions"] == {"first": "2024-09-15", "last": "2024-10-04"}
    assert body["extent"]["happenings"]["first"] == "2024-09-30"
    assert len(body["types"]) == 16 and body["quad_classes"]["4"] == "material conflict"
    assert body["ingest"] is False
    assert "-mentions" in body["sorts"]["happenings"]
