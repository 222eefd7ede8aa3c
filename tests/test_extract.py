"""Reading files into page text: every status, every format, and the pool."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from indexer.extract import ExtractionResult, Limits, extract_file
from indexer.extract.pdf import clean_page
from indexer.extract.pool import Job, extract_many
from tests.extract_support import HTML_PAGE, make_docx, make_pdf, make_scanned_pdf

pytestmark = pytest.mark.database_free

PDFS = "pdfs"


def test_real_kingston_report_keeps_lines_in_reading_order(shared_fixtures: Path) -> None:
    result = extract_file(shared_fixtures / PDFS / "kingston_ZebraCrossing.pdf", "application/pdf")
    assert (result.status, result.page_count, result.error) == ("ok", 4, None)
    assert len(result.pages) == 4
    lines = result.pages[0].split("\n")
    assert lines[:3] == [
        "Kingston and North Kingston Neighbourhood Committee",
        "15 January 2026",
        "Coombe Lane West Zebra Crossing - Local Consultation Results",
    ]
    assert "The Committee is asked to RESOLVE that:" in lines
    assert "\r" not in "".join(result.pages)


def test_real_merton_pack_pages_are_separate(shared_fixtures: Path) -> None:
    path = shared_fixtures / PDFS / "merton_audit_committee_agenda_2009-10-22.pdf"
    result = extract_file(path)  # no content type: the bytes say PDF
    assert (result.status, result.page_count) == ("ok", 8)
    assert result.pages[0].startswith("Merton Council\nAudit Committee\n")
    assert "5. Internal audit progress report 23" in result.pages[1].split("\n")
    assert result.pages[7] == "This page is intentionally blank\n8"


def test_generated_pdf(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "a.pdf", [["Agenda", "1. Apologies"], ["2. Minutes (Pages 3 - 7)"]])
    result = extract_file(path, "application/pdf")
    assert result == ExtractionResult("ok", ["Agenda\n1. Apologies", "2. Minutes (Pages 3 - 7)"], 2)


def test_scanned_pdf_without_ocr_says_so(tmp_path: Path, without_ocr: None) -> None:
    result = extract_file(make_scanned_pdf(tmp_path / "scan.pdf"), "application/pdf")
    assert result.status == "no_text_layer"
    assert result.page_count == 2
    assert result.error is not None and "OCR is not installed" in result.error


def test_password_protected_pdf(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "locked.pdf", [["Exempt report"]], user_password="letmein")
    result = extract_file(path, "application/pdf")
    assert result.status == "encrypted"
    assert result.pages == []
    assert result.error == "the PDF is protected by a password, so its text cannot be read"


def test_truncated_pdf_fails_with_a_reason(tmp_path: Path) -> None:
    whole = make_pdf(tmp_path / "whole.pdf", [["Some text"]] * 3).read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole[: len(whole) // 3])
    result = extract_file(path, "application/pdf")
    assert result.status == "failed"
    assert result.error is not None and result.error.startswith("the PDF is damaged or incomplete")


def test_pdf_over_the_page_cap(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "big.pdf", [[f"page {n}"] for n in range(1, 7)])
    result = extract_file(path, "application/pdf", Limits(max_pages=5))
    assert (result.status, result.page_count, result.pages) == ("too_large", 6, [])
    assert result.error == "6 pages is over the limit of 5 (PAPERS_MAX_PAGES)"


def test_an_error_page_served_as_pdf_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "x.pdf"
    path.write_text("<html><body><p>Page not found</p></body></html>")
    assert extract_file(path, "text/html").pages == ["Page not found"]


def test_docx_splits_on_page_breaks_and_keeps_table_rows(tmp_path: Path) -> None:
    result = extract_file(make_docx(tmp_path / "m.docx"))
    assert result.status == "ok"
    assert result.pages == [
        "Children and Young People Scrutiny Panel\nMinutes of the meeting held on 10 July 2018",
        "Date\tItem\tLead\ntbc\tSEND transport\tAnn Lee",
    ]


def test_html_visible_text_only(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML_PAGE)
    result = extract_file(path, "text/html; charset=utf-8")
    assert result.status == "ok"
    assert result.pages == [
        "Audit Committee\nDecision: RESOLVED that the report be noted.\n"
        "First point\nSecond point\nItem Lead"
    ]


def test_text_form_feeds_and_old_encodings(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes("Page one \u2013 caf\u00e9\r\n\fPage two\n\f".encode("cp1252"))
    result = extract_file(path, "text/plain")
    assert result == ExtractionResult("ok", ["Page one \u2013 caf\u00e9", "Page two"], 2)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old Word .doc files"),
        ("x.bin", b"\x00\x01garbage", "not a PDF, DOCX, HTML or text file"),
        ("empty.txt", b"", "no text"),
    ],
)
def test_unreadable_files_fail_with_a_reason(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = extract_file(path, None)
    assert result.status == "failed"
    assert result.error is not None and reason in result.error


def test_missing_file_fails_without_raising(tmp_path: Path) -> None:
    result = extract_file(tmp_path / "gone.pdf", "application/pdf")
    assert result.status == "failed"
    assert result.error == "cannot read the file: No such file or directory"


def test_pool_reads_everything_and_one_bad_file_stops_nothing(tmp_path: Path) -> None:
    good = make_pdf(tmp_path / "good.pdf", [["Hello"] * 5] * 3)
    locked = make_pdf(tmp_path / "locked.pdf", [["x"]], user_password="pw")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n garbage")
    jobs = [Job("good", good), Job("locked", locked), Job("broken", broken)]
    results = dict(extract_many(jobs, Limits(), workers=2))
    assert {key: r.status for key, r in results.items()} == {
        "good": "ok",
        "locked": "encrypted",
        "broken": "failed",
    }


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.timeout(120)  # a worker that is never killed hangs the test: caught here
def test_a_runaway_worker_is_killed_and_the_run_goes_on(tmp_path: Path) -> None:
    # Reading a named pipe nobody writes to blocks forever, like a PDF that
    # sends pdfium into a loop: only killing the worker stops it.
    stuck = tmp_path / "stuck.pdf"
    os.mkfifo(stuck)
    good = make_pdf(tmp_path / "good.pdf", [["Hello world, a page of text"]])
    results = dict(
        extract_many(
            [Job("stuck", stuck), Job("good", good), Job("again", good)],
            Limits(seconds=0.5),
            workers=1,
        )
    )
    assert results["stuck"].status == "too_large"
    assert results["stuck"].error == (
        "reading took longer than 0.5 seconds and was stopped (PAPERS_EXTRACT_SECONDS)"
    )
    assert results["good"].status == results["again"].status == "ok"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.timeout(120)
def test_a_worker_starts_the_next_document_while_its_last_text_is_stored(
    tmp_path: Path,
) -> None:
    # The caller holds the first result (as if storing it); the worker should
    # already be reading the second file: a named pipe it opens and waits on.
    good = make_pdf(tmp_path / "good.pdf", [["Hello world, a page of text"]])
    second = tmp_path / "second.pdf"
    os.mkfifo(second)
    results = extract_many([Job("good", good), Job("second", second)], Limits(), workers=1)
    assert next(results)[0] == "good"
    give_up = time.monotonic() + 60  # only catches a worker that never opens it
    while True:
        try:  # succeeds once a reader has the pipe open
            os.close(os.open(second, os.O_WRONLY | os.O_NONBLOCK))
            break
        except OSError:
            assert time.monotonic() < give_up, "the worker did not start the next document"
            time.sleep(0.01)
    results.close()  # kills the worker, still waiting on the pipe


def test_limits_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERS_MAX_PAGES", "50")
    monkeypatch.setenv("PAPERS_EXTRACT_SECONDS", "7.5")
    limits = Limits.from_env()
    assert (limits.max_pages, limits.seconds) == (50, 7.5)
    monkeypatch.setenv("PAPERS_MAX_PAGES", "lots")
    with pytest.raises(Exception, match="PAPERS_MAX_PAGES must be a number, not 'lots'"):
        Limits.from_env()


def test_limits_say_ocr_only_where_this_process_finds_tesseract(without_ocr: None) -> None:
    assert Limits.from_env().ocr is False


def test_a_hyphen_that_ends_a_line_is_kept() -> None:
    # pdfium's mark for it; dropping it joined "Crow-Brown" and "decision-making".
    assert clean_page("Mr Crow\ufffeBrown and decision\ufffemaking\x02") == (
        "Mr Crow-Brown and decision-making"
    )


def test_real_kent_minutes_keep_a_hyphenated_name(shared_fixtures: Path) -> None:
    result = extract_file(shared_fixtures / "kent/kent_council_minutes_2024-12-19.pdf")
    assert "Mr Crow-Brown" in result.pages[0]
