"""Word counts of papers, hashed into a fixed space, and the cache that keeps them on disk.

Hashing needs no vocabulary, so a paper is counted once, ever: training re-weights the cached
counts (tf-idf) instead of re-reading 10,000 abstracts, and the cache only grows by the papers
fetched since.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from core.atomic_file import atomic_write
from core.rank.text import TITLE_WEIGHT, HasText, analyze

N_FEATURES = 2**20
"""Hashed columns: few enough collisions for a reader's library of tens of thousands."""


def count_rows(papers: Sequence[HasText]) -> sparse.csr_matrix:
    """One row of hashed 1-2-gram counts per paper: the title's, `TITLE_WEIGHT` times, plus
    the abstract's (counted apart, so no pair of words spans the two)."""
    from sklearn.feature_extraction.text import HashingVectorizer

    hasher = HashingVectorizer(analyzer=analyze, n_features=N_FEATURES, alternate_sign=False,
                               norm=None, dtype=np.float32)
    titles = hasher.transform([paper.title for paper in papers])
    abstracts = hasher.transform([paper.abstract for paper in papers])
    return sparse.csr_matrix(titles * TITLE_WEIGHT + abstracts)


class FeatureCache:
    """Counts by `id`v`version`, read from and written to one `.npz` (no pickles)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._keys: dict[str, int] = {}
        self._rows: sparse.csr_matrix = sparse.csr_matrix((0, N_FEATURES), dtype=np.float32)
        self._dirty = False
        if path.exists():
            self._read()

    def rows(self, keys: Sequence[str], papers: Sequence[HasText]) -> sparse.csr_matrix:
        """The counts of `papers` (keyed by `keys`), counting and caching those not cached."""
        missing = [i for i, key in enumerate(keys) if key not in self._keys]
        if missing:
            new = count_rows([papers[i] for i in missing])
            for offset, i in enumerate(missing):
                self._keys[keys[i]] = self._rows.shape[0] + offset
            self._rows = sparse.vstack([self._rows, new], format="csr")
            self._dirty = True
        return self._rows[[self._keys[key] for key in keys]]

    def save(self) -> None:
        """Write the cache if it grew (atomically: a crash leaves the old one whole)."""
        if not self._dirty:
            return
        rows = self._rows
        buffer = io.BytesIO()
        np.savez(buffer, keys=np.array(list(self._keys), dtype=str), data=rows.data,
                 indices=rows.indices, indptr=rows.indptr)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, buffer.getvalue())
        self._dirty = False

    def _read(self) -> None:
        try:
            with np.load(self.path, allow_pickle=False) as saved:
                keys: Any = saved["keys"]
                rows = sparse.csr_matrix((saved["data"], saved["indices"], saved["indptr"]),
                                         shape=(len(keys), N_FEATURES))
        except (OSError, ValueError, KeyError):
            return  # unreadable: start again, it is only a cache
        self._keys = {str(key): i for i, key in enumerate(keys)}
        self._rows = rows
