"""The one arXiv client a fetch shares: polite, bounded in time, and retrying what is transient.

Built on the `arxiv` package's `Client` (pagination, Atom parsing),
with its `requests.Session` replaced by `ArxivSession`, which adds what arxiv 4.0.2 lacks: a
deadline on each whole request (it sets none, so a hung server blocks forever), one on the whole
fetch, a check that a reply is a feed, and retries with exponential backoff on 429 (honouring
Retry-After), 5xx, connection errors, timeouts, truncated replies and replies that are no feed.
A query rejected by arXiv (HTTP 400 with its one-entry `Error` feed) fails at once with arXiv's
own reason, and an empty 200 page is asked again once (a known arXiv API flake).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import arxiv
import requests

from core.arxiv.feed_check import NotAFeed, check_feed
from core.arxiv.queries import split_id
from core.config import ArxivSettings
from core.errors import FetchError, Stopped
from core.models import Paper
from core.net import Deadline, is_unreachable, mount_deadlines, root_cause
from core.stopping import pause
from core.wording import count

MAX_WAIT_SECONDS = 120.0
"""A Retry-After longer than this fails the query instead of stalling the whole fetch."""


def _user_agent() -> str:
    try:
        mine = version("papertray")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        mine = "dev"
    return f"papertray/{mine} (arxiv.py/{arxiv.__version__})"


USER_AGENT = _user_agent()
"""arXiv asks API clients to identify themselves."""


class ArxivUnreachable(FetchError):
    """The API's host cannot be resolved or routed to: no network, so no query can succeed."""


class FetchOutOfTime(FetchError):
    """The whole fetch's time (`arxiv.fetch_deadline_seconds`) is spent: no query is sent now."""


class FetchStopped(FetchError):
    """The caller asked to stop while a request was under way or a retry waited."""


_ERROR_ID = b"arxiv.org/api/errors#"
_ERROR_SUMMARY = re.compile(rb"<summary>\s*(.*?)\s*</summary>", re.S)
_FEED_END = re.compile(rb"</(?:\w+:)?feed>\s*$")


class ArxivSession(requests.Session):
    """A `requests.Session` with deadlines and retries, for the Atom replies of the arXiv API.

    It returns only complete 200 replies holding a well-formed Atom feed; anything else ends in
    a `FetchError` whose message says what went wrong, in words fit for the user. Each request
    has `timeout` seconds from connecting to its last byte; `ends` (a `time.monotonic()`
    moment, set by `ArxivClient.limit_to`) bounds all of them and the waits between them.
    """

    def __init__(
        self,
        timeout: float,
        max_retries: int,
        backoff: float,
        *,
        sleep: Callable[[float], None] = time.sleep,
        should_stop: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__()
        mount_deadlines(self)
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        """First wait before a retry; each later wait doubles it. Also the courtesy delay
        between two requests, which arXiv asks for."""
        self.sleep = sleep
        self.should_stop = should_stop
        self.ends: float | None = None
        self.budget = 0.0
        """The seconds `ends` was set from, for messages."""
        self.notes: list[str] = []
        """Entries dropped from replies since the caller last emptied this list."""
        self._last_request: float | None = None
        self._just_waited = False
        self.headers["User-Agent"] = USER_AGENT

    def request(self, method: str | bytes, url: str | bytes, *args: Any,
                **kwargs: Any) -> requests.Response:
        """Send, retrying transient failures; raise FetchError when they persist."""
        kwargs["timeout"] = self.timeout
        headers = {k: v for k, v in (kwargs.get("headers") or {}).items()
                   if k.lower() != "user-agent"}
        kwargs["headers"] = {**headers, "User-Agent": USER_AGENT}
        reason = "no request sent"
        for attempt in range(self.max_retries + 1):
            self._courtesy_wait()
            retry_after: float | None = None
            try:
                response = self._exchange(method, url, *args, **kwargs)
            except requests.Timeout:
                reason = f"no complete answer within {self.timeout:g} s"
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as err:
                if is_unreachable(err):
                    # Retrying cannot help without a network; say so at once.
                    raise ArxivUnreachable(
                        f"cannot reach the arXiv API at {_host(url)} ({root_cause(err)}): "
                        "no network?") from None
                reason = f"connection failed ({root_cause(err)})"
            except requests.RequestException as err:  # too many redirects, a bad URL...
                raise FetchError(f"request failed ({type(err).__name__}: {err})") from None
            else:
                if response.status_code == 200:
                    if _ERROR_ID in response.content:  # the error feed, sent as a 200
                        raise FetchError(_rejection(response))
                    if not _FEED_END.search(response.content):
                        reason = "truncated reply (the XML feed was cut short)"
                    else:
                        try:
                            checked = check_feed(response.content)
                        except NotAFeed as err:
                            reason = str(err)
                        else:
                            response._content = checked.content
                            self.notes.extend(checked.notes)
                            return response
                elif response.status_code == 429 or response.status_code >= 500:
                    reason = f"HTTP {response.status_code}"
                    retry_after = _retry_after(response.headers.get("Retry-After"))
                else:
                    raise FetchError(_rejection(response))
            if attempt < self.max_retries:
                self._wait(attempt, retry_after, reason)
        tries = self.max_retries + 1
        raise FetchError(f"{reason} (gave up after {count(tries, 'try', 'tries')})")

    def _exchange(self, method: str | bytes, url: str | bytes, *args: Any,
                  **kwargs: Any) -> requests.Response:
        """One request under its deadline: `timeout`, or less if the whole fetch ends first."""
        seconds = self.timeout
        if self.ends is not None:
            left = self.ends - time.monotonic()
            if left <= 0:
                raise FetchOutOfTime(self._out_of_time())
            seconds = min(seconds, left)
        with Deadline(seconds, self.should_stop) as deadline:
            try:
                response = super().request(method, url, *args, **kwargs)  # type: ignore[arg-type]
            except requests.RequestException:
                if not deadline.cut:
                    raise
                response = None
            finally:
                self._last_request = time.monotonic()
        if deadline.stopped:
            raise FetchStopped("stopped")
        if deadline.expired:
            if seconds < self.timeout:
                raise FetchOutOfTime(self._out_of_time())
            raise requests.Timeout()  # cut by the deadline: reported as any timeout
        assert response is not None
        return response

    def _courtesy_wait(self) -> None:
        """arXiv asks for a pause between two requests; a retry's backoff already was one."""
        if self._last_request is not None and not self._just_waited:
            left = self._last_request + self.backoff - time.monotonic()
            if left > 0:
                self._sleep_within_budget(left, "")
        self._just_waited = False

    def _wait(self, attempt: int, retry_after: float | None, reason: str) -> None:
        wait = self.backoff * 2**attempt
        if retry_after is not None:
            if retry_after > MAX_WAIT_SECONDS:
                raise FetchError(f"{reason}: arXiv asked to wait {retry_after:.0f} s; "
                                 "try again later")
            wait = max(wait, retry_after)
        self._sleep_within_budget(wait, reason)
        self._just_waited = True

    def _sleep_within_budget(self, seconds: float, reason: str) -> None:
        if self.ends is not None and time.monotonic() + seconds >= self.ends:
            out = self._out_of_time()
            raise FetchOutOfTime(f"{reason}, and {out}" if reason else out)
        try:
            pause(seconds, self.should_stop, self.sleep)
        except Stopped:
            raise FetchStopped("stopped") from None

    def _out_of_time(self) -> str:
        return f"the fetch ran out of time (arxiv.fetch_deadline_seconds = {self.budget:g})"


class ArxivClient:
    """Searches arXiv (or the mirror in `settings.api_url`), one polite request at a time."""

    def __init__(self, settings: ArxivSettings, *,
                 sleep: Callable[[float], None] = time.sleep,
                 should_stop: Callable[[], bool] | None = None) -> None:
        self.settings = settings
        self.session = ArxivSession(settings.timeout_seconds, settings.max_retries,
                                    settings.delay_seconds, sleep=sleep, should_stop=should_stop)
        # The session keeps the delay itself: the package's own is a sleep nothing can stop.
        self._client = arxiv.Client(delay_seconds=0, num_retries=0)
        self._client._session = self.session
        self._client.query_url_format = settings.api_url + "?{}"

    def limit_to(self, seconds: float) -> None:
        """From now on, all requests and waits together end within `seconds`."""
        self.session.budget = seconds
        self.session.ends = time.monotonic() + seconds

    def take_notes(self) -> list[str]:
        """Entries dropped from replies (unreadable dates...) since the last call."""
        notes, self.session.notes = self.session.notes, []
        return notes

    def search(self, query: str, max_results: int) -> list[arxiv.Result]:
        """The newest `max_results` submissions matching `query`; raises FetchError.

        An empty page is asked once more before it is believed.
        """
        results = self._search_once(query, max_results)
        if not results:
            results = self._search_once(query, max_results)
        return results

    def lookup(self, versioned_id: str) -> Paper | None:
        """The paper with this id (`2004.04906` or `2004.04906v2`), or None when arXiv has none.

        arXiv answers an unknown id with an error entry (`/api/errors`), which is not a paper.
        """
        wanted, _ = split_id(versioned_id)
        return next((p for p in self.lookup_many([versioned_id]) if p.id == wanted), None)

    def lookup_many(self, ids: Sequence[str], batch: int = 100) -> list[Paper]:
        """The papers with these ids (with or without version), `batch` ids per request
        (`id_list`), one request every `delay_seconds`; ids arXiv does not know are left out."""
        found: list[Paper] = []
        for start in range(0, len(ids), batch):
            chunk = list(ids[start:start + batch])
            self._client.page_size = len(chunk)
            search = arxiv.Search(id_list=chunk, max_results=len(chunk))
            found.extend(paper_from_result(r) for r in self._client.results(search)
                         if "/api/errors" not in r.entry_id)
        return found

    def close(self) -> None:
        """Release the connection pool."""
        self.session.close()

    def __enter__(self) -> ArxivClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _search_once(self, query: str, max_results: int) -> list[arxiv.Result]:
        # Pages of `page_size`: one big page is slow for arXiv to build and fragile to fetch.
        self._client.page_size = min(self.settings.page_size, max_results)
        search = arxiv.Search(query, max_results=max_results,
                              sort_by=arxiv.SortCriterion.SubmittedDate,
                              sort_order=arxiv.SortOrder.Descending)
        results: list[arxiv.Result] = []
        try:
            results.extend(self._client.results(search))
        except arxiv.UnexpectedEmptyPageError:
            pass  # a later page came back empty: keep what the earlier pages gave
        except arxiv.HTTPError as err:  # pragma: no cover - ArxivSession raises first
            raise FetchError(f"HTTP {err.status}") from None
        return results


def paper_from_result(result: arxiv.Result) -> Paper:
    """Map an `arxiv.Result` to a Paper: id without version, whitespace tidied, None as ""."""
    paper_id, version = split_id(result.entry_id)
    return Paper(
        id=paper_id,
        version=version,
        title=" ".join(result.title.split()),
        authors=tuple(author.name for author in result.authors),
        abstract=" ".join(result.summary.split()),
        categories=tuple(result.categories),
        primary_category=result.primary_category or "",
        published=_aware(result.published),
        updated=_aware(result.updated),
        comment=" ".join((result.comment or "").split()),
        journal_ref=result.journal_ref or "",
        doi=result.doi or "",
    )


def _aware(moment: datetime) -> datetime | None:
    if moment == datetime.min:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _rejection(response: requests.Response) -> str:
    """`arXiv rejected the query: incorrect id format for abc (HTTP 400)`, from its error feed."""
    match = _ERROR_SUMMARY.search(response.content or b"")
    detail = match.group(1).decode("utf-8", "replace") if match else response.reason
    status = f" (HTTP {response.status_code})" if response.status_code != 200 else ""
    return f"arXiv rejected the query: {detail}{status}"


def _host(url: str | bytes) -> str:
    text = url.decode() if isinstance(url, bytes) else url
    return text.split("://", 1)[-1].split("/", 1)[0]
