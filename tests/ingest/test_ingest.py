"""Ingestion end to end: order, screening, coding, and the accounting of every document."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys

import pytest

from dotterel.errors import DotterelError
from dotterel.ingest import IngestOptions, ReadOptions, UserMetadata, ingest
from dotterel.records import Outcome

ENGLISH = "Dock workers in the northern port walked off the job on Monday, halting the loading of grain ships."


@pytest.fixture
def batch(tmp_path, fixtures):
    """A folder of mixed documents, named so that they sort in this order."""
    files = {
        "01-story.txt": ENGLISH,
        "02-latin1.txt": "Caf\u00e9 talks resumed on Monday.".encode("latin-1"),
        "03-french.txt": (fixtures / "text" / "french.txt").read_bytes(),
        "04-copy.txt": ENGLISH.upper(),
        "05-wire.txt": (fixtures / "text" / "wire-original.txt").read_bytes(),
        "06-empty.txt": b"",
        "07-syndicated.txt": (fixtures / "text" / "wire-syndicated.txt").read_bytes(),
        "08-other.txt": (fixtures / "text" / "other-story.txt").read_bytes(),
        "09-fail.txt": "FAILME: the council voted on Thursday to close the bridge for repairs until spring.",
    }
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return tmp_path


def run_all(sources, coder, detector, **options):
    run = ingest(sources, coder=coder, options=IngestOptions(**options), detector=detector)
    return run, list(run)


def test_every_document_has_one_outcome_in_input_order(batch, fake_coder, detector):
    run, outcomes = run_all([batch], fake_coder, detector)
    names = [o.origin.rsplit("/", 1)[-1] for o in outcomes]
    assert names == sorted(names) and len(names) == 9
    assert [o.status for o in outcomes] == [
        "coded",
        "failed",
        "skipped",
        "duplicate",
        "coded",
        "skipped",
        "duplicate",
        "coded",
        "failed",
    ]
    by_name = dict(zip(names, outcomes))
    assert by_name["02-latin1.txt"].reason.startswith("invalid UTF-8")
    assert by_name["03-french.txt"].reason == "language fr" and by_name["03-french.txt"].stage == "language"
    assert by_name["04-copy.txt"].duplicate_of == by_name["01-story.txt"].article.id
    assert by_name["04-copy.txt"].reason.startswith("exact duplicate")
    assert by_name["07-syndicated.txt"].duplicate_of == by_name["05-wire.txt"].article.id
    assert by_name["07-syndicated.txt"].reason.startswith("near duplicate")
    assert by_name["09-fail.txt"].reason == "parse error: the fake coder failed"
    assert by_name["09-fail.txt"].origin.endswith("09-fail.txt")  # filled in from the article
    assert by_name["01-story.txt"].coded.article.language == "en"


def test_duplicates_and_skipped_documents_are_not_coded(batch, fake_coder, detector):
    run_all([batch], fake_coder, detector)
    coded = sorted(a.origin.rsplit("/", 1)[-1] for a in fake_coder.seen)
    assert coded == ["01-story.txt", "05-wire.txt", "08-other.txt", "09-fail.txt"]


def test_the_report_accounts_for_everything(batch, fake_coder, detector):
    run, outcomes = run_all([batch, batch / "missing.txt"], fake_coder, detector)
    report = run.report
    assert report.documents == 10 == len(outcomes)
    assert report.documents == report.coded + report.duplicate_count + report.skipped_count + report.failed_count
    assert report.read == 7  # not: the latin-1 file, the missing one, the empty one (skipped unread)
    assert report.coded == 3 and report.events == 3
    assert report.duplicates == {"exact": 1, "near": 1}
    assert report.skipped == {"language fr": 1, "empty": 1}
    assert report.failed == {"invalid UTF-8": 1, "parse error": 1, "not found": 1}
    origins = {p.origin.rsplit("/", 1)[-1]: p for p in report.failures}
    assert set(origins) == {"02-latin1.txt", "09-fail.txt", "missing.txt"}
    assert origins["02-latin1.txt"].stage == "read" and origins["09-fail.txt"].stage == "parse"
    assert report.ok and report.seconds >= 0
    data = json.loads(report.to_json())
    assert data["failed"]["total"] == 3 and data["failed"]["by_reason"]["not found"] == 1
    assert {f["origin"].rsplit("/", 1)[-1] for f in data["failures"]} == set(origins)
    text = "\n".join(report.summary())
    assert "coded             3  (3 events)" in text and "1 exact, 1 near" in text
    assert "missing.txt: not found: no such file or folder" in text


def test_the_report_can_be_read_while_running(batch, fake_coder, detector):
    run = ingest([batch], coder=fake_coder, detector=detector)
    next(run)
    assert run.report.documents == 1
    assert run.counts == {
        "documents": 1,
        "read": 1,
        "coded": 1,
        "events": 1,
        "duplicates": 0,
        "skipped": 0,
        "failed": 0,
    }
    run.close()


def test_near_duplicates_can_be_coded_and_stay_linked(batch, fake_coder, detector):
    run, outcomes = run_all([batch], fake_coder, detector, code_near_duplicates=True)
    syndicated = [o for o in outcomes if o.origin.endswith("07-syndicated.txt")][0]
    wire = [o for o in outcomes if o.origin.endswith("05-wire.txt")][0]
    assert syndicated.status == "coded" and syndicated.duplicate_of == wire.article.id
    assert run.report.duplicates == {"exact": 1}


def test_user_metadata_wins_and_a_given_language_skips_detection(batch, fake_coder, detector):
    metadata = UserMetadata(published=dt.date(2024, 6, 1), publisher="Desk", language="en")
    run, outcomes = run_all([batch / "03-french.txt", batch / "01-story.txt"], fake_coder, detector, metadata=metadata)
    assert [o.status for o in outcomes] == ["coded", "coded"]  # the user says: English
    article = outcomes[0].coded.article
    assert article.published == dt.date(2024, 6, 1) and article.publisher == "Desk" and article.language == "en"


def test_a_user_language_other_than_the_coded_one_skips(batch, fake_coder, detector):
    run, outcomes = run_all([batch / "01-story.txt"], fake_coder, detector, metadata=UserMetadata(language="de"))
    assert outcomes[0].status == "skipped" and outcomes[0].reason == "language de"


def test_without_coding_articles_come_out_as_read(batch, detector):
    run = ingest([batch], code=False, detector=detector)
    statuses = [o.status for o in run]
    assert statuses.count("read") == 4 and run.report.read_only == 4 and run.report.coded == 0


def test_a_coder_that_loses_a_document_is_caught(tmp_path, fake_coder, detector):
    (tmp_path / "a.txt").write_text("DROPME " + ENGLISH)
    (tmp_path / "b.txt").write_text("The regional parliament voted on Thursday to postpone local elections.")
    run, outcomes = run_all([tmp_path], fake_coder, detector)
    assert [o.status for o in outcomes] == ["failed", "coded"]
    assert outcomes[0].reason == "not coded: the coder gave no outcome"


def test_nothing_read_means_not_ok(tmp_path, fake_coder, detector):
    run, outcomes = run_all([tmp_path / "nope.txt"], fake_coder, detector)
    assert not run.report.ok and run.report.failed == {"not found": 1}


def test_an_unknown_reader_fails_before_reading(fake_coder):
    with pytest.raises(DotterelError) as info:
        ingest(["x"], coder=fake_coder, options=IngestOptions(read=ReadOptions(reader="nope")))
    assert info.value.code == "E100"


def test_a_missing_pipeline_is_a_coded_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "dotterel.pipeline", None)
    with pytest.raises(DotterelError) as info:
        ingest(["x"])
    assert info.value.code == "E104" and "--no-code" in info.value.message


def test_with_the_real_coder(tmp_path, fixtures, detector):
    pipeline = pytest.importorskip("dotterel.pipeline")
    try:
        coder = pipeline.Coder()
    except DotterelError as exc:  # the spaCy model is not installed
        pytest.skip(exc.message)
    shutil.copy(fixtures / "text" / "wire-original.txt", tmp_path / "a.txt")
    shutil.copy(fixtures / "text" / "wire-syndicated.txt", tmp_path / "b.txt")
    (tmp_path / "c.txt").write_text("   ")
    run = ingest([tmp_path], coder=coder, detector=detector)
    outcomes = list(run)
    assert [o.status for o in outcomes] == ["coded", "duplicate", "skipped"]
    assert isinstance(outcomes[0], Outcome) and outcomes[0].coded is not None
    assert outcomes[0].origin == str(tmp_path / "a.txt")
    assert outcomes[0].coded.article.published == dt.date(2024, 6, 12)  # the dateline
    assert run.report.events == len(outcomes[0].coded.events)


class _Unordered:
    """A coder whose outcomes come as they finish: each batch of three in reverse order."""

    ordered = False

    def __init__(self, inner) -> None:
        self.inner = inner

    def code_many(self, articles):
        held = []
        for outcome in self.inner.code_many(articles):
            held.append(outcome)
            if len(held) == 3:
                yield from reversed(held)
                held = []
        yield from reversed(held)


def test_an_unordered_coder_still_gives_one_outcome_per_document(batch, fake_coder, detector):
    _, ordered = run_all([batch], fake_coder, detector)
    _, unordered = run_all([batch], _Unordered(type(fake_coder)()), detector)
    assert len(unordered) == 9
    assert sorted((o.origin, o.status) for o in unordered) == sorted((o.origin, o.status) for o in ordered)
    assert [o.origin for o in unordered] != [o.origin for o in ordered]  # they did come out of order
    assert not [o for o in unordered if o.reason and o.reason.startswith("not coded")]


def test_an_unordered_coder_that_loses_a_document_is_still_caught(tmp_path, fake_coder, detector):
    for number, text in enumerate(["DROPME " + ENGLISH, ENGLISH + " One.", ENGLISH + " Two.", ENGLISH + " Three."]):
        (tmp_path / f"{number}.txt").write_text(text, encoding="utf-8")
    _, outcomes = run_all([tmp_path], _Unordered(type(fake_coder)()), detector, near_duplicates=False)
    assert len(outcomes) == 4
    lost = [o for o in outcomes if o.status == "failed"]
    assert [o.origin.rsplit("/", 1)[-1] for o in lost] == ["0.txt"] and lost[0].reason.startswith("not coded")
