"""core/reader: the listing's views and counts, search, undo, the saved session."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from core.models import Paper, PaperState
from core.reader.listing import DayData, nearest_day, why_empty
from core.reader.search import match_field, matches
from core.reader.session import Session, load_session, save_session
from core.reader.undo import Change, UndoStack

A = Paper("2302.03287", 3, "ChatGPT and Testing", ("Sajed Jalil", "Wing Lam"), "Education.")
B = Paper("2401.00001", 1, "Other", (), "About mutation testing.")


def day_data() -> DayData:
    return DayData(date(2026, 4, 10), {"t": [A.id, B.id], "empty": []}, {A.id: A, B.id: B},
                   {B.id: PaperState(skipped=True)})


def test_views_and_counts() -> None:
    data = day_data()
    assert [p.id for p in data.visible("t")] == [A.id]
    assert [p.id for p in data.visible("t", view="hidden")] == [B.id]
    assert [p.id for p in data.visible("t", keep=B.id)] == [A.id, B.id]
    counts = {c.name: c for c in data.topic_counts()}
    assert (counts["t"].unread, counts["t"].total, counts["t"].hidden) == (1, 1, 1)
    assert counts["empty"].total == 0


def test_why_empty_names_hidden_papers() -> None:
    data = day_data()
    data.change(A.id, skipped=True)
    assert why_empty(data, "t").startswith("2 papers hidden here")
    assert "No papers under this topic" in why_empty(data, "empty")


def test_search_fields() -> None:
    assert matches(A, "jalil") and matches(A, "2302.03287") and matches(A, "education")
    assert matches(A, "chatgpt lam") and not matches(A, "chatgpt mutation")
    assert match_field(A, "2302.03287") == "id"
    assert match_field(A, "Jalil") == "author"
    assert match_field(A, "testing") == "title"


def test_nearest_day() -> None:
    days = [date(2026, 4, 1), date(2026, 4, 10)]
    assert nearest_day(days, date(2026, 4, 3)) == date(2026, 4, 1)
    assert nearest_day(days, date(2026, 4, 8)) == date(2026, 4, 10)
    assert nearest_day(days, None) == date(2026, 4, 10)
    assert nearest_day([], date(2026, 4, 8)) is None


def test_undo_is_last_in_first_out() -> None:
    stack = UndoStack()
    stack.push(Change("a", PaperState(), "starred"))
    stack.push(Change("b", PaperState(read=True), "read"))
    assert stack.last().paper_id == "b" and len(stack) == 2
    assert stack.pop().paper_id == "b" and stack.pop().paper_id == "a" and stack.pop() is None
    assert stack.last() is None


def test_session_round_trip_and_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    session = Session(date(2026, 4, 10), "t", A.id, 12.0, ("section-2",), ("abstract",),
                      "jalil", "unread")
    save_session(path, session)
    assert load_session(path) == session
    path.write_text("{not json", encoding="utf-8")
    assert load_session(path) == Session()
    assert load_session(tmp_path / "missing.json") == Session()
