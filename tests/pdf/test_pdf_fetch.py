"""Downloading PDFs from a local host that misbehaves on cue."""

from __future__ import annotations

from pathlib import Path

import pytest
from servers.pdf_server import PdfServer

from core.config import PdfSettings, Settings
from core.errors import PdfError
from core.pdf.download import PdfFetcher, cache_path, pdf_url

DPR_ID, DPR_VERSION = "2004.04906", 3


def _fetcher(settings: Settings, waits: list[float] | None = None) -> PdfFetcher:
    record = waits.append if waits is not None else (lambda seconds: None)
    return PdfFetcher(settings.pdf, settings.pdf_cache_dir, sleep=record)


def test_url_is_built_from_the_id() -> None:
    assert pdf_url("https://arxiv.org/pdf/", "2004.04906", 3) == "https://arxiv.org/pdf/2004.04906v3"
    assert pdf_url("https://arxiv.org/pdf", "hep-ex/0406020", 1) == (
        "https://arxiv.org/pdf/hep-ex/0406020v1")


def test_downloads_once_then_serves_the_cache(pdf_settings: Settings,
                                              pdf_server: PdfServer) -> None:
    fetcher = _fetcher(pdf_settings)
    path = fetcher.fetch(DPR_ID, DPR_VERSION)
    assert path == cache_path(pdf_settings.pdf_cache_dir, DPR_ID, DPR_VERSION)
    assert path.read_bytes().startswith(b"%PDF-")
    assert fetcher.fetch(DPR_ID, DPR_VERSION) == path
    assert pdf_server.requests == ["/pdf/2004.04906v3"]
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp files left


def test_each_version_is_downloaded_and_cached_on_its_own(pdf_settings: Settings,
                                                          pdf_server: PdfServer) -> None:
    older = (Path(__file__).parent.parent / "fixtures" / "pdf" /
             "arxiv_2212.08410v3_teaching-small-lms-to-reason_7p_2col_acl.pdf").read_bytes()
    pdf_server.add(f"{DPR_ID}v2", older)
    fetcher = _fetcher(pdf_settings)
    newest, second = fetcher.fetch(DPR_ID, DPR_VERSION), fetcher.fetch(DPR_ID, 2)
    assert (newest.name, second.name) == ("2004.04906v3.pdf", "2004.04906v2.pdf")
    assert second.read_bytes() == older and newest.read_bytes() != older
    assert fetcher.fetch(DPR_ID, 2) == second
    assert pdf_server.requests == ["/pdf/2004.04906v3", "/pdf/2004.04906v2"]


def test_old_style_ids_are_cached_under_a_safe_name(pdf_settings: Settings,
                                                    pdf_server: PdfServer) -> None:
    pdf_server.add("hep-ex/0406020v1", (Path(__file__).parent.parent / "fixtures" / "pdf" /
                   "arxiv_0908.0054v1_ultralight-bosonic-DM_4p_2col_revtex.pdf").read_bytes())
    path = _fetcher(pdf_settings).fetch("hep-ex/0406020", 1)
    assert path.name == "hep-ex_0406020v1.pdf"


def test_html_instead_of_a_pdf(pdf_settings: Settings, pdf_server: PdfServer) -> None:
    pdf_server.cue("html")
    with pytest.raises(PdfError, match="HTML page"):
        _fetcher(pdf_settings).fetch(DPR_ID, DPR_VERSION)
    assert not cache_path(pdf_settings.pdf_cache_dir, DPR_ID, DPR_VERSION).exists()


def test_not_found_is_not_retried(pdf_settings: Settings, pdf_server: PdfServer) -> None:
    with pytest.raises(PdfError, match="HTTP 404"):
        _fetcher(pdf_settings).fetch("9999.99999", 1)
    assert len(pdf_server.requests) == 1


def test_503_then_ok_is_retried(pdf_settings: Settings, pdf_server: PdfServer) -> None:
    pdf_server.cue("unavailable", "too_many")
    waits: list[float] = []
    path = _fetcher(pdf_settings, waits).fetch(DPR_ID, DPR_VERSION)
    assert path.exists()
    assert len(pdf_server.requests) == 3
    assert waits == [0.0, 0.0]  # the server's Retry-After: 0


def test_gives_up_after_the_configured_retries(pdf_settings: Settings,
                                               pdf_server: PdfServer) -> None:
    pdf_server.cue(*["unavailable"] * 5)
    with pytest.raises(PdfError, match=r"failed \(HTTP 503; tried 3 times\)"):
        _fetcher(pdf_settings).fetch(DPR_ID, DPR_VERSION)


def test_backoff_doubles_without_retry_after(pdf_settings: Settings,
                                             pdf_server: PdfServer) -> None:
    pdf_server.cue("truncated", "truncated")  # dropped connections carry no Retry-After
    waits: list[float] = []
    _fetcher(pdf_settings, waits).fetch(DPR_ID, DPR_VERSION)
    assert waits == [1.0, 2.0]


def test_slow_server_times_out(pdf_settings: Settings, pdf_server: PdfServer) -> None:
    pdf_server.slow_seconds = 1.5
    pdf_server.cue("slow", "slow", "slow")
    settings = pdf_settings.with_(pdf=PdfSettings(
        base_url=pdf_server.base_url, timeout_seconds=0.3, max_retries=2))
    with pytest.raises(PdfError, match="timed out"):
        _fetcher(settings).fetch(DPR_ID, DPR_VERSION)


def test_declared_size_over_the_cap(pdf_settings: Settings, pdf_server: PdfServer) -> None:
    pdf_server.cue("oversized")
    with pytest.raises(PdfError, match="too large"):
        _fetcher(pdf_settings).fetch(DPR_ID, DPR_VERSION)


def test_streamed_size_over_the_cap(pdf_settings: Settings, pdf_server: PdfServer) -> None:
    pdf_server.cue("drip_large")
    with pytest.raises(PdfError, match="too large: more than 5 MB"):
        _fetcher(pdf_settings).fetch(DPR_ID, DPR_VERSION)


def test_truncated_every_time_fails(pdf_settings: Settings, pdf_server: PdfServer) -> None:
    pdf_server.cue(*["truncated"] * 3)
    with pytest.raises(PdfError, match=r"failed \(connection failed .*tried 3 times\)"):
        _fetcher(pdf_settings).fetch(DPR_ID, DPR_VERSION)


def test_unreachable_host(pdf_settings: Settings) -> None:
    settings = pdf_settings.with_(pdf=PdfSettings(
        base_url="http://127.0.0.1:9/pdf", timeout_seconds=1.0, max_retries=1))
    with pytest.raises(PdfError, match="connection failed"):
        _fetcher(settings).fetch(DPR_ID, DPR_VERSION)


def test_a_bad_cache_file_is_downloaded_again(pdf_settings: Settings,
                                              pdf_server: PdfServer) -> None:
    path = cache_path(pdf_settings.pdf_cache_dir, DPR_ID, DPR_VERSION)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"<html>old error page</html>")
    assert _fetcher(pdf_settings).fetch(DPR_ID, DPR_VERSION).read_bytes().startswith(b"%PDF-")
    assert len(pdf_server.requests) == 1


def test_without_a_network_the_download_fails_at_once(settings: Settings,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    lookups: list[object] = []

    def no_dns(host: object, *args: object, **kwargs: object) -> object:
        lookups.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    waits: list[float] = []
    with pytest.raises(PdfError, match=r"^cannot reach arxiv\.org: no network\?$"):
        _fetcher(settings, waits).fetch("2004.04906", 3)
    assert (lookups, waits) == (["arxiv.org"], [])
