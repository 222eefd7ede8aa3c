"""How fast the text-extraction stage is, next to raw pypdfium2 on the same files.

Generates a corpus of multi-page PDFs (report-like pages of prose and a
table) with fpdf2, then in one run measures, each as the median of several
repeats:

- raw pypdfium2 in one process: open each file, read every page's text;
- the whole stage, `indexer.process.extract_documents`, with 1 worker and
  with one per core: process pool, text cleaning and SQLite writes included.

    PYTHONPATH=. python bench/extract.py [--docs 24] [--pages 40] [--repeats 5]
    PYTHONPATH=. python bench/extract.py --files ../shared/fixtures/pdfs/*.pdf
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium
from fpdf import FPDF
from sqlalchemy import update
from sqlalchemy.orm import Session

from indexer.db import open_database
from indexer.home import Home
from indexer.models import Council, Document
from indexer.process import extract_documents
from indexer.store.files import store_bytes

PROSE = (
    "The Committee considered the report of the Director of Children's Services on "
    "home to school transport for children with special educational needs and "
    "disabilities, the edge of care service and placements for looked after children. "
)


def make_corpus(folder: Path, docs: int, pages: int) -> list[Path]:
    paths = []
    for d in range(docs):
        pdf = FPDF(format="A4")
        pdf.set_font("helvetica", size=10)
        for p in range(pages):
            pdf.add_page()
            pdf.multi_cell(0, 5, f"Report {d + 1}, page {p + 1}\n" + PROSE * 12)
            for row in range(12):
                pdf.cell(
                    0,
                    5,
                    f"{row + 1}  Budget line {row}  {1000 * row:,}  Lead officer",
                    new_x="LMARGIN",
                    new_y="NEXT",
                )
        path = folder / f"report-{d + 1}.pdf"
        pdf.output(str(path))
        paths.append(path)
    return paths


def raw_pypdfium2(paths: list[Path]) -> int:
    pages = 0
    for path in paths:
        document = pdfium.PdfDocument(path)
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
            pages += 1
        document.close()
    return pages


def timed(function, repeats: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        function()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=24)
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--files", type=Path, nargs="+", help="Measure these PDFs instead of generated ones."
    )
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = args.files or make_corpus(folder, args.docs, args.pages)
        total = raw_pypdfium2(paths)
        home = Home(folder / "home").ensure()
        engine = open_database(home)
        with Session(engine) as session, session.begin():
            council = Council(slug="bench", name="Bench", platform="local")
            session.add(council)
            session.flush()
            for path in paths:
                stored = store_bytes(home.root, path.read_bytes(), "application/pdf")
                session.add(
                    Document(
                        council_id=council.id,
                        url=f"https://example.org/{path.name}",
                        content_type="application/pdf",
                        sha256=stored.sha256,
                        size=stored.size,
                        file_path=stored.relative_path,
                    )
                )

        def stage(workers: int) -> None:
            with engine.begin() as connection:  # forget the text: read it all again
                connection.execute(update(Document).values(extracted_sha256=None))
            counts = extract_documents(engine, home, workers=workers)
            assert counts == {"ok": len(paths)}, counts

        results = [
            ("raw pypdfium2, 1 process", timed(lambda: raw_pypdfium2(paths), args.repeats)),
            ("extract_documents, 1 worker", timed(lambda: stage(1), args.repeats)),
            (f"extract_documents, {cores} workers", timed(lambda: stage(cores), args.repeats)),
        ]
        print(f"{len(paths)} PDFs, {total} pages; {cores} cores; "
              f"median of {args.repeats} runs")  # fmt: skip
        for label, seconds in results:
            print(f"{label:<34} {seconds:7.3f} s  {total / seconds:8.0f} pages/s")


if __name__ == "__main__":
    main()
