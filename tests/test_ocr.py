"""Scanned papers read by OCR. The scans are made here from real Kent and
Merton PDFs (bench/scans.py), so their true text is the original's text
layer: a scanned copy of real minutes reads as the original does, only the
scanned pages of a mixed pack are read by OCR, the file's time limit stops
a long scan, and `papers reparse --ocr` reads scans stored before OCR was
installed. A few pages only: OCR is slow, the heavy runs are in
bench/ocr.py."""

from __future__ import annotations

import difflib
import json
import os
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from bench.scans import CLEAN_150, CLEAN_300, make_scan, text_pages
from indexer.extract import Limits, extract_file
from indexer.extract.pool import Job, extract_many
from indexer.models import Attendance, Document, Page, Resolution
from search_cli.app import app

KENT_MINUTES = "kent/kent_cpp_minutes_2024-10-29.pdf"  # page 1: apologies and 2 resolutions
MERTON_PACK = "pdfs/merton_audit_committee_agenda_2009-10-22.pdf"  # minutes from page 3

pytestmark = pytest.mark.usefixtures("tesseract")


def papers(runner: CliRunner, *args: str) -> list[str]:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.split(), b.split()).ratio()


def _words_found(ocr_text: str, true_text: str) -> float:
    """The share of the true text's words that OCR read, in any order (a
    running header may be read at the foot where the scan prints it)."""
    truth = Counter(true_text.split())
    return sum((Counter(ocr_text.split()) & truth).values()) / sum(truth.values())


def _read(engine: Engine, title: str) -> tuple[Document, list[str], list[str]]:
    """A document by title, the apologies and the resolutions read from it."""
    with Session(engine) as session:
        document = session.scalars(select(Document).where(Document.title == title)).one()
        apologies = session.scalars(
            select(Attendance.person)
            .where(Attendance.meeting_id == document.meeting_id, Attendance.role == "apologies")
            .order_by(Attendance.person)
        ).all()
        resolutions = session.scalars(
            select(Resolution.text)
            .where(Resolution.document_id == document.id)
            .order_by(Resolution.page, Resolution.position)
        ).all()
        session.expunge(document)
    return document, list(apologies), list(resolutions)


def test_a_scanned_copy_of_real_minutes_reads_as_the_original(
    runner: CliRunner, engine: Engine, tmp_path: Path, shared_fixtures: Path
) -> None:
    source = shared_fixtures / KENT_MINUTES
    original = text_pages(source, tmp_path / "minutes.pdf", [0, 1])
    scan = make_scan(source, tmp_path / "minutes-scan.pdf", CLEAN_300, [0, 1])
    read = papers(runner, "import", str(original), "--council", "kent", "--no-index")
    scanned = papers(runner, "import", str(scan), "--council", "kent-scan", "--no-index")
    assert "2 pages, text ok;" in read[0]
    assert "2 pages, text ocr;" in scanned[0]
    # The same minutes, resolutions, present and apologies as the original gives.
    assert read[1] == "  minutes of Corporate Parenting Panel on 2024-10-29 (meeting 1): " + (
        "4 minutes, 3 resolutions, 14 present, 3 apologies, 12 also present"
    )
    assert scanned[1] == read[1].replace("meeting 1", "meeting 2")
    document, apologies, resolutions = _read(engine, "minutes.pdf")
    scanned_document, scan_apologies, scan_resolutions = _read(engine, "minutes-scan.pdf")
    assert (document.text_status, scanned_document.text_status) == ("ok", "ocr")
    assert scan_apologies == apologies == ["Mr R Love", "Ms A Farmer", "Ms K Leonard"]
    assert len(scan_resolutions) == len(resolutions) == 3
    for ocr_text, true_text in zip(scan_resolutions, resolutions, strict=True):
        assert _similar(ocr_text, true_text) > 0.9, (ocr_text, true_text)
    with Session(engine) as session:
        confidence = session.scalars(
            select(Page.ocr_confidence).where(Page.document_id == scanned_document.id)
        ).all()
    assert len(confidence) == 2 and all(c is not None and c > 80 for c in confidence)

    # A phrase from it is found, cited at its page and marked as read from a scan.
    query = '"duly elected Vice Chair of the Corporate Parenting Panel"'
    hits = json.loads(
        "\n".join(papers(runner, "search", query, "--kind", "resolution", "--format", "json"))
    )
    marks = {(h["document_title"], h["page"], h["read_from_scan"]) for h in hits}
    assert marks == {("minutes.pdf", 1, False), ("minutes-scan.pdf", 1, True)}
    table = papers(runner, "search", query, "--kind", "resolution")
    assert "   minutes-scan.pdf, p. 1 (read from a scan: check the page before quoting)" in table
    assert "   minutes.pdf, p. 1" in table


def test_only_the_scanned_pages_of_a_mixed_pack_are_read_by_ocr(
    tmp_path: Path, shared_fixtures: Path
) -> None:
    source = shared_fixtures / MERTON_PACK
    # The agenda frontsheet as published, then the minutes' first page scanned.
    mixed = pdfium.PdfDocument(text_pages(source, tmp_path / "front.pdf", [0, 1]))
    scan = pdfium.PdfDocument(make_scan(source, tmp_path / "scan.pdf", CLEAN_150, [2]))
    mixed.import_pages(scan)
    mixed.save(str(tmp_path / "pack.pdf"))
    mixed.close()
    scan.close()
    original = extract_file(source)
    result = extract_file(tmp_path / "pack.pdf")
    assert (result.status, result.page_count, result.error) == ("ocr", 3, None)
    assert result.pages[:2] == original.pages[:2]
    assert result.ocr_confidence[:2] == [None, None]
    assert (result.ocr_confidence[2] or 0) > 80
    assert _words_found(result.pages[2], original.pages[2]) > 0.9


def test_a_long_scan_is_stopped_at_the_time_limit_and_keeps_what_was_read(
    tmp_path: Path, shared_fixtures: Path
) -> None:
    pages = 30
    scan = make_scan(shared_fixtures / KENT_MINUTES, tmp_path / "long.pdf", CLEAN_150, [0] * pages)
    ((key, result),) = list(extract_many([Job("long", scan)], Limits(seconds=3), workers=1))
    # Stopped by the reader itself (not killed by the pool), saying where.
    assert result.error is not None and result.error.startswith("OCR stopped at page "), result
    assert "raise it and run `papers reparse --ocr`" in result.error
    read = sum(c is not None for c in result.ocr_confidence)
    assert read < pages
    assert result.status == ("ocr" if read else "too_large")


def test_reparse_ocr_reads_the_scans_stored_without_ocr(
    runner: CliRunner, engine: Engine, tmp_path: Path, shared_fixtures: Path
) -> None:
    scan = make_scan(shared_fixtures / KENT_MINUTES, tmp_path / "scan.pdf", CLEAN_150, [0])
    path = os.environ["PATH"]
    os.environ["PATH"] = os.pathsep.join(
        d for d in path.split(os.pathsep) if not (Path(d) / "tesseract").exists()
    )
    try:
        imported = papers(runner, "import", str(scan), "--council", "kent", "--no-index")
        assert "1 page, text no_text_layer: " in imported[0]
        assert (
            "1 scanned paper has no text: to read them by OCR, install Tesseract (apt-get"
            " install tesseract-ocr tesseract-ocr-eng; pip install 'council-papers[ocr]'),"
            " then run `papers reparse --ocr`."
        ) in papers(runner, "status")
        refused = runner.invoke(app, ["reparse", "--ocr"])
        assert refused.exit_code == 1
        assert "OCR is not installed here: install Tesseract" in refused.output
    finally:
        os.environ["PATH"] = path
    assert "1 scanned paper has no text yet: run `papers reparse --ocr` to read them by OCR." in (
        papers(runner, "status")
    )
    result = runner.invoke(app, ["reparse", "--ocr", "--no-index"])
    assert result.exit_code == 0, result.output
    assert "Read 1 document with scanned pages again: 1 ocr." in result.output
    document, apologies, resolutions = _read(engine, "scan.pdf")
    assert (document.text_status, document.error) == ("ocr", None)
    assert apologies == ["Mr R Love", "Ms A Farmer", "Ms K Leonard"]
    assert len(resolutions) == 2
    assert not any("scanned" in line for line in papers(runner, "status"))
