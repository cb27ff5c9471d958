"""What the store repaired on the way (a damaged file salvaged), said on stderr as it happens."""

from __future__ import annotations

import sys
from typing import Any


def tell_store_notices(store: Any) -> None:
    """Print the store's notices so far, and each later one as soon as it is found.

    The files of a month are read on first use, so damage is found in the middle of the work.
    """
    def tell(line: str) -> None:
        print(f"papertray: {line}", file=sys.stderr, flush=True)

    for line in store.notices:
        tell(line)
    store.listeners.append(tell)
