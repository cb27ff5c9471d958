"""Word counts of papers, hashed into a fixed space, and the cache that keeps them on disk.

Hashing needs no vocabulary, so a paper is counted once, ever: training re-weights the cached
counts (tf-idf) instead of re-reading 10,000 abstracts, and the cache only grows by the papers
fetched since.
"""

from __future__ import annotations

import io
import itertools
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from core.atomic_file import atomic_write
from core.rank.text import BOUNDARY, TITLE_WEIGHT, HasText, tokens

N_FEATURES = 2**20
"""Hashed columns: few enough collisions for a reader's library of tens of thousands."""
FORMAT = 2
"""How texts map to columns (and, for a model, how counts are weighted); counts or a model of
another format are discarded, never mixed. 1: scikit-learn's HashingVectorizer, sublinear tf;
2: each distinct word hashed once, pairs by array ops, raw tf. Bump it with either change."""


CHUNK = 1000
"""Papers counted at a time: the arrays of 10,000 at once are slower to allocate than to fill."""


def count_rows(papers: Sequence[HasText]) -> sparse.csr_matrix:
    """One row of hashed 1-2-gram counts per paper: the title's, `TITLE_WEIGHT` times, plus
    the abstract's (counted apart, so no pair of words spans the two).

    Each distinct word is hashed once; every count is then placed by array operations on the
    words' hashes (no Python loop over the words of a paper)."""
    if len(papers) <= CHUNK:
        return _count(papers)
    return sparse.vstack([_count(papers[i:i + CHUNK]) for i in range(0, len(papers), CHUNK)],
                         format="csr")


def _count(papers: Sequence[HasText]) -> sparse.csr_matrix:
    word, text = _hashed_words(papers)
    paired = np.flatnonzero(text[1:] == text[:-1])  # neighbours within one text
    columns = np.concatenate([word, word[paired] * _PAIR + word[paired + 1]]) >> _SHIFT
    owner = np.concatenate([text, text[paired]])
    order = np.argsort(owner, kind="stable")  # two runs sorted by text: one merge
    owner = owner[order]
    indptr = np.zeros(len(papers) + 1, dtype=np.int64)
    np.cumsum(np.bincount(owner >> 1, minlength=len(papers)), out=indptr[1:])
    weights = np.array([TITLE_WEIGHT, 1], dtype=np.float32)[owner & 1]
    counts = sparse.csr_matrix((weights, columns[order].astype(np.int32), indptr),
                               shape=(len(papers), N_FEATURES))
    counts.sum_duplicates()
    return counts


def _hashed_words(papers: Sequence[HasText]) -> tuple[np.ndarray, np.ndarray]:
    """Each word's 64-bit hash, and the text it is in: paper i's title is 2i, its abstract
    2i + 1."""
    found = tokens([text for paper in papers for text in (paper.title, paper.abstract)])
    vocabulary: dict[bytes, int] = {}  # word -> where it first occurs: its number
    ids = np.fromiter(map(vocabulary.setdefault, found, itertools.count()), dtype=np.int32,
                      count=len(found))
    text = np.cumsum(ids == vocabulary.get(BOUNDARY, -1), dtype=np.int32)
    first = np.fromiter(vocabulary.values(), dtype=np.int32, count=len(vocabulary))
    lengths = np.zeros(len(found), dtype=np.int32)
    lengths[first] = np.fromiter(map(len, vocabulary), dtype=np.int32, count=len(vocabulary))
    hashes = np.zeros(len(found), dtype=np.uint64)
    hashes[first] = _mix(np.fromiter(map(zlib.crc32, vocabulary), dtype=np.uint64,
                                     count=len(vocabulary)))
    kept = lengths[ids] >= 2
    return hashes[ids[kept]], text[kept]


_SHIFT = np.uint64(64 - (N_FEATURES.bit_length() - 1))
"""A column is the top bits of a word's hash, or of a pair's `first * _PAIR + second`."""
_PAIR = np.uint64(0x9E3779B97F4A7C15)


def _mix(keys: np.ndarray) -> np.ndarray:
    """splitmix64's finalizer: 64 well-mixed bits from each key (CRC-32 alone is linear)."""
    keys = (keys ^ (keys >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    keys = (keys ^ (keys >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return np.asarray(keys ^ (keys >> np.uint64(31)))


def is_format(saved: Any) -> bool:
    """Whether a loaded `.npz` was written in this `FORMAT` (files from before it have none)."""
    return "format" in saved.files and int(saved["format"][0]) == FORMAT


class FeatureCache:
    """Counts by `id`v`version`, read from and written to one `.npz` (no pickles); a file of
    another `FORMAT` is ignored, and replaced at the next save."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._keys: dict[str, int] = {}
        self._rows: sparse.csr_matrix = sparse.csr_matrix((0, N_FEATURES), dtype=np.float32)
        self._dirty = False
        if path.exists():
            self._read()

    def rows(self, keys: Sequence[str], papers: Sequence[HasText]) -> sparse.csr_matrix:
        """The counts of `papers` (keyed by `keys`), counting and caching those not cached
        (read-only: it may be the cache's own matrix)."""
        missing = [i for i, key in enumerate(keys) if key not in self._keys]
        if missing:
            new = count_rows([papers[i] for i in missing])
            for offset, i in enumerate(missing):
                self._keys[keys[i]] = self._rows.shape[0] + offset
            self._rows = sparse.vstack([self._rows, new], format="csr") if self._rows.shape[0] \
                else new
            self._dirty = True
        rows = [self._keys[key] for key in keys]
        if rows == list(range(self._rows.shape[0])):
            return self._rows  # all of them in cache order (as when counted): no copy
        return self._rows[rows]

    def save(self) -> None:
        """Write the cache if it grew (atomically: a crash leaves the old one whole)."""
        if not self._dirty:
            return
        rows = self._rows
        buffer = io.BytesIO()
        np.savez(buffer, format=np.array([FORMAT]), keys=np.array(list(self._keys), dtype=str),
                 data=rows.data, indices=rows.indices, indptr=rows.indptr)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, buffer.getvalue())
        self._dirty = False

    def _read(self) -> None:
        try:
            with np.load(self.path, allow_pickle=False) as saved:
                if not is_format(saved):
                    return  # counted into other columns: count again
                keys: Any = saved["keys"]
                rows = sparse.csr_matrix((saved["data"], saved["indices"], saved["indptr"]),
                                         shape=(len(keys), N_FEATURES))
        except (OSError, ValueError, KeyError):
            return  # unreadable: start again, it is only a cache
        self._keys = {str(key): i for i, key in enumerate(keys)}
        self._rows = rows
