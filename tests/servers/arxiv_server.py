"""A local arXiv API on 127.0.0.1 that replays recorded Atom replies and misbehaves on cue.

Search queries are answered from the 100 real entries of the recorded `search_query=testing`
page, filtered loosely the way arXiv's own search is (every word of a quoted phrase somewhere in
title or abstract, any order, and `cat:` terms), so results without the exact phrase come back
for the client's re-check to drop. `submittedDate` is NOT applied: the client's own window check
must do that. `restamp()` moves the entries' dates into a test's window. `id_list` look-ups
serve the recorded `id_*` files; `id_list=abc` is the real HTTP 400 error feed.

Cues (`too_many_requests`, `unavailable`, `slow`, `reset`, `empty_page`, `error_feed`,
`truncated`, `drip`, `never_answer`, `not_a_feed`, `broken_xml`) apply to the next requests, in
the order given.
"""

from __future__ import annotations

import contextlib
import re
import socket
import struct
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from lxml import etree
from servers.http_reply import drip, hold, raw_reply, send_reply

from core.config import Settings

API_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "arxiv_api" / "new_format"
SEARCH_PAGE = API_DIR / "q_testing_s0_m100_cfe7536492ca.xml"
ERROR_FEED = API_DIR / "id_abc_s0_m100_b79c8dcf6bc3.xml"

ATOM = "http://www.w3.org/2005/Atom"
NS = {"atom": ATOM, "arxiv": "http://arxiv.org/schemas/atom"}
FEED_HEAD = (
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
    'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">\n'
    "  <id>https://arxiv.org/api/local</id>\n  <title>arXiv Query: local</title>\n"
    "  <updated>2026-04-12T22:09:27Z</updated>\n"
    "  <opensearch:itemsPerPage>{per_page}</opensearch:itemsPerPage>\n"
    "  <opensearch:totalResults>{total}</opensearch:totalResults>\n"
    "  <opensearch:startIndex>{start}</opensearch:startIndex>\n"
)
ATOM_TYPE = "application/atom+xml; charset=utf-8"
_PHRASE = re.compile(r'(?:ti|abs|all):"([^"]*)"')
_CATEGORY = re.compile(r"cat:([\w.\-]+)")
_WORD = re.compile(r"[a-z0-9]+")


@dataclass
class Entry:
    """One recorded `<entry>`, with what the loose search and the tests look at."""

    element: etree._Element

    @property
    def short_id(self) -> str:
        """`2202.12139v1`."""
        return self._text("atom:id").split("/abs/")[-1]

    @property
    def title(self) -> str:
        """The title as recorded."""
        return self._text("atom:title")

    @property
    def abstract(self) -> str:
        """The summary as recorded."""
        return self._text("atom:summary")

    @property
    def categories(self) -> list[str]:
        """Every `<category term>`."""
        return [c.get("term", "") for c in self.element.iterfind("atom:category", NS)]

    @property
    def published(self) -> datetime:
        """The v1 submission time."""
        return datetime.fromisoformat(self._text("atom:published").replace("Z", "+00:00"))

    def stamp(self, when: datetime) -> None:
        """Set `<published>` and `<updated>` to `when`."""
        text = when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        for tag in ("atom:published", "atom:updated"):
            node = self.element.find(tag, NS)
            if node is not None:
                node.text = text

    @property
    def sort_time(self) -> datetime:
        """`published`, or `updated` when the published date was made unreadable."""
        try:
            return self.published
        except ValueError:
            text = self._text("atom:updated")
            return datetime.fromisoformat(text.replace("Z", "+00:00"))

    def unreadable_date(self, text: str = "the 3rd of May") -> None:
        """Make `<published>` a date nobody can read."""
        node = self.element.find("atom:published", NS)
        assert node is not None
        node.text = text

    def xml(self) -> str:
        """The entry, serialized."""
        return etree.tostring(self.element, encoding="unicode")

    def _text(self, path: str) -> str:
        node = self.element.find(path, NS)
        return node.text or "" if node is not None else ""


@dataclass(frozen=True)
class Cue:
    """How to misbehave on one request."""

    kind: str
    retry_after: str | None = None
    seconds: float = 0.0
    status: int = 0


def load_entries(path: Path = SEARCH_PAGE) -> list[Entry]:
    """The entries of a recorded feed, each a separate copy that a test may restamp."""
    root = etree.fromstring(path.read_bytes())
    return [Entry(element) for element in root.iterfind("atom:entry", NS)]


class ArxivServer:
    """The fake API. `url` goes in `settings.arxiv.api_url`; `requests` is every query received."""

    def __init__(self) -> None:
        self.entries: list[Entry] = load_entries()
        self.requests: list[dict[str, str]] = []
        """Every query string received, parsed (one value per key), in arrival order."""
        self.arrivals: list[float] = []
        """`time.monotonic()` at each request's arrival, for asserting the gaps."""
        self.user_agents: list[str] = []
        """The User-Agent header of each request."""
        self.hangups: list[float] = []
        """`time.monotonic()` at which a client held by `never_answer` hung up."""
        self.hung_up = threading.Event()
        """Set when a client held by `never_answer` hangs up."""
        self.held = threading.Event()
        """Set when a request is being held by `never_answer`."""
        self._cues: list[Cue] = []
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._httpd = _Httpd(("127.0.0.1", 0), _Handler)
        self._httpd.fake = self
        host, port = self._httpd.server_address[:2]
        self.url = f"http://{host}:{port}/api/query"
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,),
                                        daemon=True)
        self._thread.start()

    # -- cues -----------------------------------------------------------------------------
    def too_many_requests(self, times: int = 1, retry_after: str | float = 1) -> None:
        """Answer 429 with `Retry-After: retry_after`."""
        self._cue(Cue("429", retry_after=str(retry_after)), times)

    def unavailable(self, times: int = 1) -> None:
        """Answer 503."""
        self._cue(Cue("503"), times)

    def slow(self, times: int = 1, seconds: float = 5.0) -> None:
        """Wait `seconds` before answering (longer than the client's timeout, in tests)."""
        self._cue(Cue("slow", seconds=seconds), times)

    def reset(self, times: int = 1) -> None:
        """Read the request, then reset the connection (TCP RST, no reply)."""
        self._cue(Cue("reset"), times)

    def empty_page(self, times: int = 1) -> None:
        """Answer 200 with a well-formed feed holding no entries."""
        self._cue(Cue("empty"), times)

    def error_feed(self, times: int = 1, status: int = 400) -> None:
        """Answer with arXiv's real error feed (one entry titled `Error`), HTTP 400 by default."""
        self._cue(Cue("error", status=status), times)

    def truncated(self, times: int = 1) -> None:
        """Answer 200 with the XML cut short (a complete HTTP reply of an incomplete feed)."""
        self._cue(Cue("truncated"), times)

    def drip(self, times: int = 1, interval: float = 0.05) -> None:
        """Send the right reply one byte every `interval` s (quicker than any read timeout)."""
        self._cue(Cue("drip", seconds=interval), times)

    def never_answer(self, times: int = 1) -> None:
        """Read the request, then say nothing until the client hangs up (or the server closes)."""
        self._cue(Cue("never"), times)

    def not_a_feed(self, times: int = 1) -> None:
        """Answer 200 with text that only ends like a feed: `hello world </feed>`."""
        self._cue(Cue("not_a_feed"), times)

    def broken_xml(self, times: int = 1) -> None:
        """Answer 200 with the feed cut in the middle of an entry, then `</feed>`."""
        self._cue(Cue("broken_xml"), times)

    def _cue(self, cue: Cue, times: int) -> None:
        with self._lock:
            self._cues.extend([cue] * times)

    def _next_cue(self) -> Cue | None:
        with self._lock:
            return self._cues.pop(0) if self._cues else None

    # -- data -----------------------------------------------------------------------------
    def restamp(self, newest: datetime, step: timedelta = timedelta(minutes=30)) -> None:
        """Date the entries `newest`, `newest - step`, ... in their current order."""
        for index, entry in enumerate(self.entries):
            entry.stamp(newest - index * step)

    def entry(self, short_id: str) -> Entry:
        """The entry with this versioned id."""
        return next(e for e in self.entries if e.short_id == short_id)

    def search_queries(self) -> list[str]:
        """The `search_query` of every request received."""
        return [r.get("search_query", "") for r in self.requests]

    def apply(self, settings: Settings, **arxiv_changes: object) -> Settings:
        """Settings pointing at this server: no delay, 2 s timeout, 2 retries unless changed."""
        changes: dict[str, object] = {"api_url": self.url, "delay_seconds": 0.0,
                                      "timeout_seconds": 2.0, "max_retries": 2}
        changes.update(arxiv_changes)
        return settings.with_(arxiv=replace(settings.arxiv, **changes))  # type: ignore[arg-type]

    def write_config(self, home: Path, topics: dict[str, str], *, timeout_seconds: float = 5,
                     extra: str = "") -> None:
        """A `config.toml` in `home` whose arXiv is this server (no delay, no retries): one topic
        per `name: keyword phrase`, 5 papers a query, then the `extra` TOML tables."""
        blocks = "".join(f'[[topics]]\nname = "{name}"\nkeywords = ["{phrase}"]\nper_query = 5\n'
                         for name, phrase in topics.items())
        home.mkdir(parents=True, exist_ok=True)
        (home / "config.toml").write_text(
            f'[arxiv]\napi_url = "{self.url}"\ndelay_seconds = 0\n'
            f"timeout_seconds = {timeout_seconds:g}\nmax_retries = 0\n\n{extra}{blocks}",
            encoding="utf-8")

    def matching(self, search_query: str) -> list[Entry]:
        """Entries arXiv's loose search might return: phrase words anywhere, any `cat:`."""
        phrases = [set(_WORD.findall(p.lower())) for p in _PHRASE.findall(search_query)]
        categories = set(_CATEGORY.findall(search_query))
        found = []
        for entry in self.entries:
            words = set(_WORD.findall(f"{entry.title} {entry.abstract}".lower()))
            if phrases and not any(p <= words for p in phrases):
                continue
            if categories and not categories & set(entry.categories):
                continue
            found.append(entry)
        return sorted(found, key=lambda e: e.sort_time, reverse=True)

    def feed(self, params: dict[str, str]) -> tuple[int, bytes]:
        """The status and body arXiv would send for these parameters."""
        if params.get("id_list"):
            return self._id_list(params["id_list"])
        found = self.matching(params.get("search_query", ""))
        start = int(params.get("start", 0))
        size = int(params.get("max_results", 10))
        page = found[start:start + size]
        head = FEED_HEAD.format(per_page=len(page), total=len(found), start=start)
        return 200, (head + "".join(e.xml() for e in page) + "</feed>\n").encode()

    def _id_list(self, id_list: str) -> tuple[int, bytes]:
        """The served entries with these ids (any version; unknown ones left out, as arXiv
        does), or the recorded look-up when none is served."""
        wanted = [i.split("v")[0] if "." in i else i for i in id_list.split(",")]
        by_id = {e.short_id.rsplit("v", 1)[0]: e for e in self.entries}
        page = [by_id[i] for i in wanted if i in by_id]
        if not page:
            return _recorded_id_list(id_list)
        head = FEED_HEAD.format(per_page=len(page), total=len(page), start=0)
        return 200, (head + "".join(e.xml() for e in page) + "</feed>\n").encode()

    # -- lifecycle ------------------------------------------------------------------------
    def close(self) -> None:
        """Stop serving; slow replies still waiting are released."""
        self._closing.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def _record(self, params: dict[str, str], user_agent: str) -> None:
        with self._lock:
            self.requests.append(params)
            self.arrivals.append(time.monotonic())
            self.user_agents.append(user_agent)


def _recorded_id_list(id_list: str) -> tuple[int, bytes]:
    stem = "id_" + id_list.replace("/", "_").replace(",", "_") + "_s0_"
    for path in sorted(API_DIR.glob("id_*.xml")):
        if path.name.startswith(stem):
            return (400 if path == ERROR_FEED else 200), path.read_bytes()
    return 200, (FEED_HEAD.format(per_page=0, total=0, start=0) + "</feed>\n").encode()


class _Httpd(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    fake: ArxivServer


class _Handler(BaseHTTPRequestHandler):
    server: _Httpd
    _was_reset = False

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        fake = self.server.fake
        params = dict(parse_qsl(urlsplit(self.path).query, keep_blank_values=True))
        fake._record(params, self.headers.get("User-Agent", ""))
        cue = fake._next_cue()
        kind = cue.kind if cue else ""
        if kind == "slow" and cue is not None:
            fake._closing.wait(cue.seconds)
        if kind == "reset":
            self._reset()
        elif kind == "429":
            self._send(429, b"Rate exceeded.\n", {"Retry-After": cue.retry_after or "1"}
                       if cue else {})
        elif kind == "503":
            self._send(503, b"Service Unavailable\n")
        elif kind == "empty":
            self._send(200, (FEED_HEAD.format(per_page=0, total=0, start=0)
                             + "</feed>\n").encode())
        elif kind == "error":
            self._send(cue.status if cue else 400, ERROR_FEED.read_bytes())
        elif kind == "not_a_feed":
            self._send(200, b"hello world </feed>\n")
        elif kind == "drip" and cue is not None:
            status, body = fake.feed(params)
            drip(self, raw_reply(status, ATOM_TYPE, body), cue.seconds, fake._closing)
            self.close_connection = True
        elif kind == "never":
            fake.held.set()
            when = hold(self, fake._closing)
            if when is not None:
                fake.hangups.append(when)
                fake.hung_up.set()
            self.close_connection = True
        else:
            status, body = fake.feed(params)
            if kind == "truncated":
                body = body[: len(body) * 3 // 5]
            elif kind == "broken_xml":
                body = body[: len(body) * 3 // 5] + b"\n</feed>\n"
            self._send(status, body)

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        send_reply(self, status, ATOM_TYPE, body, headers)

    def _reset(self) -> None:
        # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self._was_reset = True
        self.close_connection = True

    def finish(self) -> None:
        if self._was_reset:
            return
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet: tests assert on `requests`, not on a log."""


@pytest.fixture
def arxiv_server() -> Iterator[ArxivServer]:
    """A fake arXiv API on 127.0.0.1 (random port), closed after the test."""
    server = ArxivServer()
    try:
        yield server
    finally:
        server.close()
