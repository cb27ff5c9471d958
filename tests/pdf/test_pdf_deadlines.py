"""Each PDF download has a total deadline: a host dripping a byte at a time, or saying nothing,
is cut after `pdf.timeout_seconds`, however often it sends a byte."""

from __future__ import annotations

import time

import pytest
from servers.pdf_server import PdfServer

from core.config import PdfSettings, Settings
from core.errors import PdfError
from core.pdf.download import PdfFetcher

DPR_ID, DPR_VERSION = "2004.04906", 3


def fetcher(settings: Settings, server: PdfServer, retries: int = 0) -> PdfFetcher:
    pdf = PdfSettings(base_url=server.base_url, timeout_seconds=0.5, max_retries=retries)
    return PdfFetcher(pdf, settings.pdf_cache_dir, sleep=lambda seconds: None)


def test_a_pdf_dripped_a_byte_at_a_time_is_cut_at_the_deadline(pdf_settings: Settings,
                                                                pdf_server: PdfServer) -> None:
    # A byte every 0.05 s never trips the 0.5 s read timeout; the whole PDF would take hours.
    pdf_server.cue("drip")
    began = time.monotonic()
    with pytest.raises(PdfError, match=r"^PDF download failed \(timed out after 0\.5 s; "
                                       r"tried once\)$"):
        fetcher(pdf_settings, pdf_server).fetch(DPR_ID, DPR_VERSION)
    assert time.monotonic() - began < 10


def test_a_silent_host_is_cut_and_retried(pdf_settings: Settings, pdf_server: PdfServer) -> None:
    pdf_server.cue("never")
    path = fetcher(pdf_settings, pdf_server, retries=1).fetch(DPR_ID, DPR_VERSION)
    assert path.read_bytes().startswith(b"%PDF-")
    assert len(pdf_server.requests) == 2
    assert pdf_server.hung_up.wait(30)  # the first connection was closed, not left open
