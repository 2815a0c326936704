"""The reader registry: choosing a reader, registering one, and reading folders."""

from __future__ import annotations

import pytest

from dotterel.errors import DotterelError
from dotterel.ingest import READERS, ReaderSpec, ReadOptions, Source, read
from dotterel.records import Article


@pytest.mark.parametrize(
    ("name", "content", "reader"),
    [
        ("a.txt", b"Plain words.", "text"),
        ("a.md", b"# Title\n\nWords.", "text"),
        ("a.html", b"<html><body><p>x</p></body></html>", "html"),
        ("a.htm.gz", None, "html"),
        ("a.jsonl", b'{"text": "x"}\n', "jsonl"),
        ("a.ndjson", b'{"text": "x"}\n', "jsonl"),
        ("a.csv", b"text\nx\n", "csv"),
        ("a.tsv", b"text\nx\n", "csv"),
        ("a.rss", b"<rss><channel></channel></rss>", "feed"),
        ("a.xml", b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'></feed>", "feed"),
        ("a.warc.gz", None, "warc"),
        ("a.urls", b"https://a.example/\n", "urls"),
        ("list.txt", b"# my list\nhttps://a.example/1\nhttps://a.example/2\n", "urls"),  # sniffed
        ("saved.txt", b"<!DOCTYPE html><html><body></body></html>", "html"),  # sniffed
        ("noext", b"WARC/1.0\r\n", "warc"),
        ("noext2", b'{"text": "x", "id": 1}\n', "jsonl"),
        ("noext3", b"<?xml version='1.0'?>\n<rss version='2.0'></rss>", "feed"),
        ("noext4", b"Just some words.", "text"),
    ],
)
def test_a_reader_is_chosen_by_suffix_then_first_bytes(tmp_path, name, content, reader):
    path = tmp_path / name
    path.write_bytes(content if content is not None else b"")
    assert READERS.choose(Source.from_path(path)).name == reader


def test_a_forced_reader_wins(tmp_path):
    path = tmp_path / "a.html"
    path.write_text("<html><body><p>Tags and all</p></body></html>")
    (article,) = read([path], options=ReadOptions(reader="text"))
    assert article.text.startswith("<html>")


def test_an_unknown_reader_is_a_coded_error():
    with pytest.raises(DotterelError) as info:
        list(read(["x"], options=ReadOptions(reader="pdf")))
    assert info.value.code == "E100"
    assert "choose one of: csv, feed, html, jsonl, text, url, urls, warc" in info.value.message


def test_a_reader_can_be_registered_without_changing_the_default(tmp_path):
    def shout(source, ctx):
        yield Article(text=source.path.read_text().upper(), origin=source.name)

    registry = READERS.with_reader(ReaderSpec(name="shout", read=shout, suffixes=("shout",)))
    path = tmp_path / "a.shout"
    path.write_text("quiet words")
    (article,) = read([path], registry=registry)
    assert article.text == "QUIET WORDS"
    assert "shout" in registry and "shout" not in READERS


def test_a_reader_that_crashes_fails_only_its_source(tmp_path):
    def broken(source, ctx):
        yield Article(text="first document", origin=source.name + "#1")
        raise RuntimeError("something odd\nwith two lines")

    registry = READERS.with_reader(ReaderSpec(name="broken", read=broken, suffixes=("odd",)))
    (tmp_path / "a.odd").write_text("x")
    (tmp_path / "b.txt").write_text("The second file is fine.")
    items = list(read([tmp_path / "a.odd", tmp_path / "b.txt"], registry=registry))
    assert [getattr(i, "status", "article") for i in items] == ["article", "failed", "article"]
    assert items[1].reason == "reader error: RuntimeError: something odd"
    assert items[1].origin == str(tmp_path / "a.odd")


def make_tree(root):
    files = {
        "a.txt": "Story a.",
        "sub/b.txt": "Story b.",
        "sub/deeper/c.html": "<html><body><p>Story c is a page with enough words to count as an article here.</p></body></html>",
        "sub/notes.log": "not a known type",
        ".hidden/d.txt": "hidden",
        "sub/.e.txt": "hidden file",
        "drafts/f.txt": "a draft",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))


def origins(items, root):
    return sorted(str(i.origin).replace(str(root) + "/", "") for i in items)


def test_a_folder_is_read_recursively_known_types_only(tmp_path):
    make_tree(tmp_path)
    items = list(read([tmp_path]))
    assert origins(items, tmp_path) == ["a.txt", "drafts/f.txt", "sub/b.txt", "sub/deeper/c.html"]


def test_include_and_exclude_globs(tmp_path):
    make_tree(tmp_path)
    items = list(read([tmp_path], options=ReadOptions(include=("*.txt", "*.log"), exclude=("drafts",))))
    assert origins(items, tmp_path) == ["a.txt", "sub/b.txt", "sub/notes.log"]
    items = list(read([tmp_path], options=ReadOptions(exclude=("sub/deeper/*",))))
    assert origins(items, tmp_path) == ["a.txt", "drafts/f.txt", "sub/b.txt"]


def test_include_everything_reports_files_that_are_not_text(tmp_path):
    make_tree(tmp_path)
    items = list(read([tmp_path], options=ReadOptions(include=("*.png",))))
    assert len(items) == 1 and items[0].status == "failed" and items[0].reason == "binary file: PNG image"


def test_symlink_loops_are_not_followed(tmp_path):
    (tmp_path / "a.txt").write_text("Story a.")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    assert origins(read([tmp_path]), tmp_path) == ["a.txt"]


def test_an_empty_glob_is_a_coded_error():
    with pytest.raises(DotterelError) as info:
        ReadOptions(include=("",))
    assert info.value.code == "E102"
