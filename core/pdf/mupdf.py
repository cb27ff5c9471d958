"""PyMuPDF, imported where used and quieted: MuPDF's own messages never reach stdout.

MuPDF reports what it shrugs off ("cannot create appearance stream for Screen annotations")
on stdout by default, where `papertray summarize` prints its result. They go to the
`papertray.mupdf` logger at DEBUG instead, which only `--debug` shows.
"""

from __future__ import annotations

import logging
from typing import Any

LOGGER = "papertray.mupdf"


def load_pymupdf() -> Any:
    """The `pymupdf` module (slow to import: 0.5 s), its messages sent to the debug log."""
    import pymupdf

    set_messages: Any = pymupdf.set_messages  # untyped in pymupdf's stubs
    set_messages(pylogging_logger=logging.getLogger(LOGGER), pylogging_level=logging.DEBUG)
    return pymupdf
