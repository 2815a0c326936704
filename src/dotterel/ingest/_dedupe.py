"""Exact and near duplicates, linked to the first copy seen.

Exact copies share the hash of their normalised text
(:func:`dotterel.records.text_hash`). Near copies — a wire story syndicated with
other headers and footers, or re-stamped with a new dateline — share most of their
5-word shingles; MinHash LSH (datasketch) finds the candidates and the estimated
Jaccard similarity of the bodies decides. Two stories about the same event, written
apart, share few shingles and are not linked. Exact copies are found across the whole
run; near copies among the last ``window`` (100,000) first copies, which bounds memory
(about 6 KB a document).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from dotterel.records import Article, text_hash

if TYPE_CHECKING:
    from datasketch import MinHash

__all__ = ["Deduplicator", "Duplicate", "shingles"]

_WORD = re.compile(r"\w+")
_SHINGLE = 5
#: Texts with fewer shingles than this are only checked for exact copies.
_MIN_SHINGLES = 8


@dataclass(frozen=True, slots=True)
class Duplicate:
    """That an article copies an earlier one."""

    kind: str  # "exact" | "near"
    of: str  # the id of the first copy
    similarity: float = 1.0

    @property
    def reason(self) -> str:
        if self.kind == "exact":
            return f"exact duplicate: same text as {self.of}"
        return f"near duplicate: {self.similarity:.0%} like {self.of}"


def shingles(text: str, size: int = _SHINGLE) -> set[bytes]:
    """The set of ``size``-word shingles of a text (lower case, ``\\w+`` words)."""
    words = [w.lower() for w in _WORD.findall(text)]
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


class Deduplicator:
    """Remembers the articles seen in one run and says which ones copy another."""

    def __init__(
        self, *, threshold: float = 0.7, near: bool = True, num_perm: int = 128, window: int = 100_000
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError("threshold must lie in (0, 1]")
        self.threshold = threshold
        self.near = near
        self._num_perm = num_perm
        from datasketch import MinHashLSH  # imported here: it pulls in scipy

        self._exact: dict[str, str] = {}
        # LSH finds candidates a little below the threshold; the estimate decides.
        self._lsh = MinHashLSH(threshold=max(0.1, threshold - 0.1), num_perm=num_perm)
        # per first copy: its id and its MinHash values (kept alone: 1 KB, not the object);
        # only the last ``window`` first copies are compared (about 6 KB each with the LSH)
        self._window = max(1, window)
        self._hashes: dict[int, tuple[str, np.ndarray]] = {}
        self._next = 0

    def _minhash(self, text: str) -> MinHash | None:
        from datasketch import MinHash

        grams = shingles(text)
        if len(grams) < _MIN_SHINGLES:
            return None
        minhash = MinHash(num_perm=self._num_perm, seed=1)
        minhash.update_batch(list(grams))
        return minhash

    def check(self, article: Article) -> Duplicate | None:
        """The earlier article this one copies, or ``None`` (and then it is remembered)."""
        digest = text_hash(article.text)
        first = self._exact.get(digest)
        if first is not None:
            return Duplicate("exact", first, 1.0)
        minhash = self._minhash(article.text) if self.near else None
        if minhash is not None:
            best: tuple[int, str, float] | None = None
            for key in self._lsh.query(minhash):
                index = int(key)
                first_id, other = self._hashes[index]
                similarity = float(np.count_nonzero(minhash.hashvalues == other)) / len(other)
                if similarity >= self.threshold and (best is None or index < best[0]):
                    best = (index, first_id, similarity)
            if best is not None:
                return Duplicate("near", best[1], best[2])
        self._exact[digest] = article.id
        if minhash is not None:
            index, self._next = self._next, self._next + 1
            self._hashes[index] = (article.id, minhash.hashvalues.copy())
            self._lsh.insert(str(index), minhash)
            oldest = index - self._window
            if oldest in self._hashes:
                del self._hashes[oldest]
                self._lsh.remove(str(oldest))
        return None
