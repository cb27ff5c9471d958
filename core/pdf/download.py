"""Downloading a paper's PDF from arXiv (or a mirror): streamed, capped, deadlined, retried,
cached on disk."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from core.atomic_file import atomic_write
from core.config import PdfSettings
from core.errors import PdfError, Stopped
from core.pdf.text import PDF_MAGIC, check_pdf_bytes
from core.stopping import ShouldStop, pause

if TYPE_CHECKING:
    import requests

USER_AGENT = "papertray/0.1 (terminal arXiv reader)"
BACKOFF_SECONDS = 1.0
"""First wait before a retry; doubled each time, unless the server says Retry-After."""
MAX_WAIT_SECONDS = 30.0
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


def pdf_url(base_url: str, paper_id: str, version: int) -> str:
    """`https://arxiv.org/pdf/2004.04906v3`, built from the id (the API's pdf link can be None)."""
    return f"{base_url.rstrip('/')}/{paper_id}v{version}"


def cache_path(cache_dir: Path, paper_id: str, version: int) -> Path:
    """Where one version of one paper is cached (old ids' `/` made safe)."""
    return cache_dir / f"{paper_id.replace('/', '_')}v{version}.pdf"


class _Retry(Exception):
    """A failure worth another try; `wait` is what the server asked for, if anything."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.wait = wait


class PdfFetcher:
    """Gets PDFs into the cache; `fetch` returns the cached file's path."""

    def __init__(
        self,
        settings: PdfSettings,
        cache_dir: Path,
        *,
        backoff: float = BACKOFF_SECONDS,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self.cache_dir = cache_dir
        self.backoff = backoff
        self.sleep = sleep

    def cached(self, paper_id: str, version: int) -> Path | None:
        """The cached PDF if there is a good one."""
        path = cache_path(self.cache_dir, paper_id, version)
        try:
            with path.open("rb") as handle:
                return path if handle.read(len(PDF_MAGIC)) == PDF_MAGIC else None
        except OSError:
            return None

    def fetch(self, paper_id: str, version: int, should_stop: ShouldStop | None = None) -> Path:
        """The PDF on disk, downloaded if needed; PdfError with a one-line reason otherwise,
        Stopped as soon as `should_stop()` says so."""
        path = self.cached(paper_id, version)
        if path:
            return path
        data = self.download(pdf_url(self.settings.base_url, paper_id, version), should_stop)
        return _write_atomic(cache_path(self.cache_dir, paper_id, version), data)

    def download(self, url: str, should_stop: ShouldStop | None = None) -> bytes:
        """The PDF's bytes, with retries on 429, 5xx, timeouts and dropped connections.

        Each try has `timeout_seconds` from connecting to the last byte, however slowly the
        server drips. `should_stop` cuts a try, or a wait between tries, at once (Stopped).
        """
        import requests

        from core.net import mount_deadlines

        tries = self.settings.max_retries + 1
        with mount_deadlines(requests.Session()) as session:
            session.headers["User-Agent"] = USER_AGENT
            for attempt in range(tries):
                try:
                    data = self._get(session, url, should_stop)
                except _Retry as retry:
                    if attempt == tries - 1:
                        times = "once" if tries == 1 else f"{tries} times"
                        reason = f"PDF download failed ({retry}; tried {times})"
                        raise PdfError(reason) from None
                    wait = retry.wait if retry.wait is not None else self.backoff * 2**attempt
                    pause(min(wait, MAX_WAIT_SECONDS), should_stop, self.sleep)
                    continue
                check_pdf_bytes(data)
                return data
        raise AssertionError("unreachable")  # pragma: no cover

    def _get(self, session: requests.Session, url: str, should_stop: ShouldStop | None) -> bytes:
        import requests

        from core.net import Deadline, is_unreachable, root_cause

        timeout = self.settings.timeout_seconds
        timed_out = _Retry(f"timed out after {timeout:g} s")
        try:
            with Deadline(timeout, should_stop) as deadline:
                try:
                    data = self._read(session, url, timeout)
                except requests.RequestException:
                    if deadline.cut:
                        raise _cut(deadline.stopped, timed_out) from None
                    raise
            if deadline.cut:  # a reply without a length may just look ended
                raise _cut(deadline.stopped, timed_out)
            return data
        except requests.Timeout:
            raise timed_out from None
        except requests.ConnectionError as err:
            if is_unreachable(err):
                # Retrying a failed DNS look-up only delays the abstract fallback.
                raise PdfError(f"cannot reach {client_host(url)}: no network?") from None
            raise _Retry(f"connection failed ({root_cause(err)})") from None
        except requests.RequestException as err:  # a body cut short, too many redirects...
            raise _Retry(f"connection failed ({_reason(err)})") from None

    def _read(self, session: requests.Session, url: str, timeout: float) -> bytes:
        limit = int(self.settings.max_megabytes * 1024 * 1024)
        with session.get(url, stream=True, timeout=timeout) as response:
            _check_status(response, url)
            _check_length(response, limit)
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > limit:
                    raise PdfError(_too_large(None, limit))
                chunks.append(chunk)
            return b"".join(chunks)


def _cut(stopped: bool, timed_out: _Retry) -> Exception:
    """Why the watchdog cut a try: the caller stopped it, or its time was up."""
    return Stopped() if stopped else timed_out


def _check_status(response: requests.Response, url: str) -> None:
    code = response.status_code
    if code in _RETRY_STATUS:
        raise _Retry(f"HTTP {code}", _retry_after(response))
    if code == 404:
        raise PdfError(f"no PDF at {url} (HTTP 404)")
    if code >= 400:
        raise PdfError(f"the PDF server refused: HTTP {code} for {url}")


def _check_length(response: requests.Response, limit: int) -> None:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise PdfError(_too_large(int(declared), limit))


def _too_large(size: int | None, limit: int) -> str:
    mb = 1024 * 1024
    amount = f"{size / mb:.1f} MB" if size is not None else f"more than {limit / mb:g} MB"
    return f"PDF too large: {amount} (the limit is pdf.max_megabytes = {limit / mb:g})"


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After", "").strip()
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None  # an HTTP date: fall back to our own backoff


def client_host(url: str) -> str:
    """The host part of a URL, for messages."""
    return url.split("://", 1)[-1].split("/", 1)[0]


def _reason(err: Exception) -> str:
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__


def _write_atomic(path: Path, data: bytes) -> Path:
    """Never a half PDF in the cache: write beside it, then rename."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)
    except OSError as err:
        raise PdfError(f"cannot write the PDF cache {path.parent}: {err.strerror or err}") from None
    return path
