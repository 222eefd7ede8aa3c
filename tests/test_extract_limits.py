"""Hostile files under the reading limits: decompression bombs and the memory cap."""

from __future__ import annotations

import mmap
import random
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest

from indexer.extract import Limits, bombs, extract_file
from indexer.extract.pool import Job, extract_many
from indexer.extract.read import MAX_HTML_BYTES
from tests.bomb_support import MIB, make_docx_bomb, make_pdf_bomb
from tests.conftest import REPO_ROOT
from tests.extract_support import make_docx, make_pdf

pytestmark = pytest.mark.database_free


@pytest.mark.timeout(180)  # a bomb read without limits runs for minutes: caught here
def test_bombs_are_too_large_and_the_rest_of_the_run_reads_fine(tmp_path: Path) -> None:
    docx_bomb = make_docx_bomb(tmp_path / "bomb.docx")  # 3 MB, unpacks to 1 GiB of XML
    pdf_bomb = make_pdf_bomb(tmp_path / "bomb.pdf")  # 1 MB, one stream of 1 GiB
    good_pdf = make_pdf(tmp_path / "good.pdf", [["Hello world, a page of text"]])
    good_docx = make_docx(tmp_path / "good.docx")
    jobs = [Job("docx bomb", docx_bomb), Job("pdf bomb", pdf_bomb)]
    jobs += [Job("good pdf", good_pdf), Job("good docx", good_docx), Job("again", good_pdf)]

    results = dict(extract_many(jobs, Limits(), workers=2))

    assert {key: r.status for key, r in results.items()} == {
        "docx bomb": "too_large",
        "pdf bomb": "too_large",
        "good pdf": "ok",
        "good docx": "ok",
        "again": "ok",
    }
    assert results["docx bomb"].error == (
        "the DOCX part word/document.xml would unpack to 1,023 MB from 3 MB (limit 64 MB): "
        "a file that expands like this is a zip bomb, not a real paper"
    )
    assert results["pdf bomb"].error == (
        "a compressed stream in the PDF expands to over 256 MB: "
        "a file built like this is a decompression bomb, not a real paper"
    )


def test_streams_too_short_to_reach_the_limit_are_not_inflated(
    shared_fixtures: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inflated: list[int] = []  # where each stream inflated starts
    count = bombs._inflated_size

    def counted(data: Any, start: int, limit: int) -> int:
        inflated.append(start)
        return count(data, start, limit)

    monkeypatch.setattr(bombs, "_inflated_size", counted)
    # 110 KB: no stream in it can inflate to 256 MB, deflate's ratio being at most 1,032.
    small = shared_fixtures / "kent/kent_cabinet_prod_2025-01-30_24-00115.pdf"
    assert extract_file(small).status == "ok" and inflated == []
    # 2.3 MB: only streams that start over about 250 KB before its end are counted.
    big = shared_fixtures / "kent/kent_council_supplement_2025-02-13_budget_amendments.pdf"
    assert extract_file(big).status == "ok" and inflated
    assert max(inflated) <= big.stat().st_size - 250_000


def test_counting_stops_where_the_rest_of_the_file_cannot_reach_the_limit(
    tmp_path: Path,
) -> None:
    # A stream of 1 MB of noise (deflate cannot shrink it) in a file of about 1 MB:
    # once fewer than about 250 KB are left, the count stops short of the end.
    noise = zlib.compress(random.Random(1).randbytes(MIB))
    path = tmp_path / "noise.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Length 9 >>\nstream\n" + noise + b"\nendstream")
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        counted = bombs._inflated_size(data, data.find(b"stream\n") + 7, bombs.MAX_PDF_STREAM)
    assert 0.6 * MIB < counted < 0.85 * MIB
    assert bombs.pdf_too_large(path) is None


def test_a_small_bomb_is_still_a_readable_file(tmp_path: Path) -> None:
    # The same construction, small: the checks judge size, not shape.
    result = extract_file(make_docx_bomb(tmp_path / "small.docx", mib=2))
    assert result.status == "ok" and "Agenda item" in result.pages[0]


@pytest.mark.timeout(180)
def test_a_file_that_needs_more_memory_than_the_cap_is_too_large(tmp_path: Path) -> None:
    # Six streams of 200 MiB: each under the bomb check's limit, so pdfium
    # inflates them, and needs over 1.2 GB; under a 1024 MB cap its allocation
    # fails and the worker ends (replaced for the next file).
    bomb = make_pdf_bomb(tmp_path / "bomb.pdf", mib=200, streams=6)
    good = make_pdf(tmp_path / "good.pdf", [["Hello world, a page of text"]])
    limits = Limits(memory_mb=1024)

    results = dict(extract_many([Job("bomb", bomb), Job("good", good)], limits, workers=1))

    assert results["bomb"].status == "too_large"
    assert results["bomb"].error == (
        "reading it needed more than 1024 MB of memory and was stopped (PAPERS_EXTRACT_MEMORY_MB)"
    )
    assert results["good"].status == "ok"


def test_an_oversize_web_page_is_not_parsed(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(b"<html><body>" + b"<p>x</p>" * (MAX_HTML_BYTES // 8) + b"</body></html>")
    result = extract_file(page, "text/html")
    assert result.status == "too_large"
    assert result.error == "a 20 MB web page is over the 20 MB limit for reading"


def test_memory_limit_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERS_EXTRACT_MEMORY_MB", "512")
    assert Limits.from_env().memory_mb == 512


def test_the_cap_counts_from_what_the_worker_starts_with() -> None:
    # A forked worker starts with its parent's mappings: a parent holding 512 MB
    # of address space must still leave a 256 MB cap room for 100 MB of work.
    program = (
        "import mmap\n"
        "from indexer.extract.pool import cap_memory\n"
        "held = mmap.mmap(-1, 512 * 1024 * 1024)\n"
        "cap_memory(256)\n"
        "work = bytearray(100 * 1024 * 1024)\n"
        "try:\n"
        "    more = bytearray(300 * 1024 * 1024)\n"
        "except MemoryError:\n"
        "    print('capped')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=120, cwd=REPO_ROOT
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "capped"
