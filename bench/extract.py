"""How fast the text-extraction stage is, next to raw pypdfium2 on the same files.

Generates a corpus of multi-page PDFs (report-like pages of prose and a
table) with fpdf2, then in one run measures, each as the median of several
repeats:

- raw pypdfium2 in one process: open each file, read every page's text;
- the reading stage, `indexer.extract.pool.extract_many` with 1 worker: the
  worker process, the bomb check, pdfium, cleaning and sending the text back;
- the whole stage, `indexer.process.extract_documents`, with 1 worker and
  with one per core: the above plus a SQLite row per page.

Each row gives wall seconds and CPU seconds (this process and its workers),
the rows interleaved within each repeat so load hits them alike; the load
average is printed at the start and the end. Last, the bomb check's own cost
(`pdf_too_large`, in this process) per MB of PDF.

    PYTHONPATH=. python bench/extract.py [--docs 24] [--pages 40] [--repeats 5]
    PYTHONPATH=. python bench/extract.py --files ../shared/fixtures/kent/*.pdf
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
from fpdf import FPDF
from sqlalchemy import update
from sqlalchemy.orm import Session

from indexer.db import open_database
from indexer.extract import Limits
from indexer.extract.bombs import MB, pdf_too_large
from indexer.extract.pool import Job, extract_many
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


def cpu_seconds() -> float:
    """User + system CPU of this process and its ended children (the workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(
    functions: dict[str, Callable[[], object]], repeats: int
) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) seconds of each function, interleaved across repeats."""
    walls: dict[str, list[float]] = {label: [] for label in functions}
    cpus: dict[str, list[float]] = {label: [] for label in functions}
    for _ in range(repeats):
        for label, function in functions.items():
            cpu, began = cpu_seconds(), time.perf_counter()
            function()
            walls[label].append(time.perf_counter() - began)
            cpus[label].append(cpu_seconds() - cpu)
    return {
        label: (statistics.median(walls[label]), statistics.median(cpus[label]))
        for label in functions
    }


def bomb_check_cost(paths: list[Path], repeats: int) -> str:
    megabytes = sum(path.stat().st_size for path in paths) / MB
    times = []
    for _ in range(repeats):
        began = time.process_time()
        for path in paths:
            assert pdf_too_large(path) is None, path
        times.append(time.process_time() - began)
    seconds = statistics.median(times)
    return (
        f"bomb check: {seconds:.3f} CPU-s for {megabytes:.1f} MB, "
        f"{1000 * seconds / megabytes:.1f} ms per MB"
    )


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
    print(f"{cores} cores, load average {os.getloadavg()[0]:.1f} at the start")
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
        jobs = [Job(number, path) for number, path in enumerate(paths)]

        def pool() -> None:
            results = list(extract_many(jobs, Limits(), workers=1))
            assert all(result.status == "ok" for _key, result in results), results

        def stage(workers: int) -> None:
            with engine.begin() as connection:  # forget the text: read it all again
                connection.execute(update(Document).values(extracted_sha256=None))
            counts = extract_documents(engine, home, workers=workers)
            assert counts == {"ok": len(paths)}, counts

        raw = "raw pypdfium2, 1 process"
        results = measure(
            {
                raw: lambda: raw_pypdfium2(paths),
                "extract_many, 1 worker": pool,
                "extract_documents, 1 worker": lambda: stage(1),
                f"extract_documents, {cores} workers": lambda: stage(cores),
            },
            args.repeats,
        )
        print(f"{len(paths)} PDFs, {total} pages; median of {args.repeats} runs")
        raw_wall, raw_cpu = results[raw]
        for label, (wall, cpu) in results.items():
            print(
                f"{label:<30} {wall:6.3f} s wall {total / wall:6.0f} pages/s "
                f"({raw_wall / wall:4.2f} of raw)  {cpu:6.3f} CPU-s ({raw_cpu / cpu:4.2f} of raw)"
            )
        print(bomb_check_cost(paths, args.repeats))
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
