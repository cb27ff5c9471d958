"""How the Store writes the records that have no `to_dict` of their own, and ranks summaries."""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from core.store.tables import Doc

if TYPE_CHECKING:
    from core.records import FetchRecord


def recency(doc: Doc) -> tuple[int, float]:
    """How new a stored summary is: (version, created as a timestamp, -inf when unknown)."""
    created = doc.get("created")
    stamp = float("-inf")
    if created:
        moment = datetime.fromisoformat(created)
        # Naive and aware datetimes do not compare; read a naive one as UTC.
        stamp = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()
    return int(doc.get("version", 0)), stamp


def fetch_to_doc(record: FetchRecord) -> Doc:
    """A fetch record as a JSON-ready document."""
    doc: Doc = asdict(record)
    for name, value in doc.items():
        if isinstance(value, date):  # datetime is a date too
            doc[name] = value.isoformat()
    return doc


def fetch_from_doc(doc: Doc) -> FetchRecord:
    """The inverse of `fetch_to_doc`; unknown keys are ignored."""
    from core.records import FetchRecord  # the fetch log is read after start-up

    known = {f.name for f in fields(FetchRecord)}
    values: dict[str, Any] = {k: v for k, v in doc.items() if k in known}
    for name in ("started", "finished", "window_start"):
        if values.get(name):
            values[name] = datetime.fromisoformat(values[name])
    values["day"] = date.fromisoformat(values["day"])
    return FetchRecord(**values)
