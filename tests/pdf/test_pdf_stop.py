"""A PDF download gives up at once when its caller asks to stop (the reader quitting): a try
held by a silent host is cut, and so is the wait before the next try."""

from __future__ import annotations

import threading
import time

import pytest
from servers.pdf_server import PdfServer

from core.config import PdfSettings, Settings
from core.errors import PdfError, Stopped
from core.pdf.download import PdfFetcher

DPR_ID, DPR_VERSION = "2004.04906", 3


def test_stopping_cuts_a_download_a_silent_host_holds(pdf_settings: Settings,
                                                      pdf_server: PdfServer) -> None:
    pdf_server.cue("never")
    pdf = PdfSettings(base_url=pdf_server.base_url, timeout_seconds=60.0, max_retries=2)
    fetcher = PdfFetcher(pdf, pdf_settings.pdf_cache_dir)
    began = time.monotonic()
    with pytest.raises(Stopped) as raised:
        fetcher.fetch(DPR_ID, DPR_VERSION, should_stop=pdf_server.held.is_set)
    assert time.monotonic() - began < 5  # not the 60 s timeout
    assert not isinstance(raised.value, PdfError)  # no fallback to the abstract
    assert pdf_server.hung_up.wait(5)  # the connection was closed, not left open
    assert len(pdf_server.requests) == 1  # and not retried
    assert fetcher.cached(DPR_ID, DPR_VERSION) is None


def test_stopping_ends_the_wait_before_a_retry(pdf_settings: Settings,
                                               pdf_server: PdfServer) -> None:
    pdf_server.cue("truncated")  # a dropped connection: retried after our own back-off
    stop = threading.Event()
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        stop.set()  # the caller stops once the back-off has begun
        time.sleep(seconds)

    pdf = PdfSettings(base_url=pdf_server.base_url, timeout_seconds=60.0, max_retries=2)
    fetcher = PdfFetcher(pdf, pdf_settings.pdf_cache_dir, backoff=30.0, sleep=sleep)
    began = time.monotonic()
    with pytest.raises(Stopped):
        fetcher.fetch(DPR_ID, DPR_VERSION, should_stop=stop.is_set)
    assert time.monotonic() - began < 5  # not the 30 s back-off
    assert len(waits) == 1 and waits[0] < 1
    assert len(pdf_server.requests) == 1
