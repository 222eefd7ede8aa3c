"""Where a user waits, each figure next to a baseline measured in the same run.

    PYTHONPATH=. python bench/startup.py [--repeats 5] [--items 10000]
        [--tantivy-python PATH/TO/venv/bin/python]

- start-up: `papers --help`, `papers search '"edge of care"'` and `papers
  status` on the demo home, against `python -c pass`;
- an index update with nothing to do (demo home), against `papers index
  --rebuild` and an FTS5 rebuild of the same units' text;
- importing a 92-page agenda pack (four real Kent papers joined, from
  ../shared/fixtures; skipped when absent) into an existing home, with and
  without its index update, against raw pypdfium2 text of the same file;
- index build over N synthetic items (bench/corpus.py): Whoosh (`update_index`),
  SQLite FTS5 and, given a Python that has `tantivy` (install it in a venv of
  its own, never in the project's), Tantivy; plus the update with nothing new
  and the one after adding 1,000 items;
- the demo, wall time (it starts the sample site and crawls it).

Every figure is CPU seconds (user + system, the process and its children,
from getrusage) of a fresh process, the median of --repeats runs, each
command interleaved with its baseline, so load on a shared machine falls on
both. The demo is one wall-clock run.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PY = sys.executable
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
ENV.pop("DATABASE_URL", None)
KENT = ROOT.parent / "shared" / "fixtures" / "kent"
PACK_PARTS = [
    "kent_cabinet_agenda_pack_2025-03-13.pdf",
    "kent_council_supplement_2025-02-13_budget_amendments.pdf",
    "kent_council_eqia_2025-03-13_family_hubs.pdf",
    "kent_council_minutes_2024-12-19.pdf",
]
RAW_PDF = """
import sys, pypdfium2 as pdfium
document = pdfium.PdfDocument(sys.argv[1])
for page in document:
    textpage = page.get_textpage()
    textpage.get_text_range()
    textpage.close()
    page.close()
"""
FTS_BUILD = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[2])
db.execute("CREATE VIRTUAL TABLE units USING fts5(title, text, tokenize='porter')")
source = sqlite3.connect(sys.argv[1])
with db:
    db.executemany("INSERT INTO units VALUES (?, ?)", source.execute(sys.argv[3]))
"""
TANTIVY_BUILD = """
import sqlite3, sys, tantivy
builder = tantivy.SchemaBuilder()
builder.add_text_field("title", stored=True)
builder.add_text_field("text", stored=True, tokenizer_name="en_stem")
index = tantivy.Index(builder.build(), path=sys.argv[2])
writer = index.writer()
for title, text in sqlite3.connect(sys.argv[1]).execute(sys.argv[3]):
    writer.add_document(tantivy.Document(title=title or "", text=text or ""))
writer.commit()
writer.wait_merging_threads()
"""
ITEM_ROWS = "SELECT title, minutes FROM agenda_items"


def cpu_of(command: list[str], **kwargs: object) -> float:
    """CPU seconds of one run of `command` in a fresh process (and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        command, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def papers(home: Path, *args: str) -> list[str]:
    return [PY, "-m", "search_cli", "--home", str(home), *args]


def interleaved(cases: dict[str, Callable[[], float]], repeats: int) -> dict[str, float]:
    """Median CPU seconds per case, the cases taking turns in every round."""
    runs: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(repeats):
        for name, run in cases.items():
            runs[name].append(run())
    return {name: statistics.median(times) for name, times in runs.items()}


def row(figure: str, measured: float, baseline_name: str, baseline: float, goal: str) -> str:
    ratio = measured / baseline if baseline else float("nan")
    return f"| {figure} | {measured:.3f} | {baseline_name} {baseline:.3f} | {ratio:.2f}× | {goal} |"


def demo_home(work: Path) -> tuple[Path, float]:
    home = work / "demo"
    began = time.perf_counter()
    subprocess.run(
        papers(home, "demo"),
        env=ENV,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return home, time.perf_counter() - began


def unit_texts(home: Path, target: Path) -> None:
    """The demo's search units (title, text) in a plain SQLite table, for FTS5."""
    from indexer.db import open_database
    from indexer.home import Home
    from indexer.search.units import iter_units

    engine = open_database(Home.from_env(home))
    db = sqlite3.connect(target)
    db.execute("CREATE TABLE units (title TEXT, text TEXT)")
    with db:
        db.executemany(
            "INSERT INTO units VALUES (?, ?)", ((u.title, u.text) for u in iter_units(engine))
        )
    db.close()
    engine.dispose()


def fts_build(source: Path, work: Path, query: str) -> float:
    target = work / "fts.db"
    target.unlink(missing_ok=True)
    return cpu_of([PY, "-c", FTS_BUILD, str(source), str(target), query])


def startup_figures(work: Path, repeats: int) -> list[str]:
    home, demo_wall = demo_home(work)
    units = work / "units.db"
    unit_texts(home, units)
    subprocess.run(papers(home, "index"), env=ENV, check=True, capture_output=True)
    medians = interleaved(
        {
            "pass": lambda: cpu_of([PY, "-c", "pass"]),
            "help": lambda: cpu_of(papers(home, "--help")),
            "search": lambda: cpu_of(papers(home, "search", '"edge of care"')),
            "status": lambda: cpu_of(papers(home, "status")),
            "index": lambda: cpu_of(papers(home, "index")),
            "rebuild": lambda: cpu_of(papers(home, "index", "--rebuild")),
            "fts": lambda: fts_build(units, work, "SELECT title, text FROM units"),
        },
        repeats,
    )
    # The rebuild leaves the index up to date: the next `papers index` finds
    # nothing to do, as measured above.
    base = medians["pass"]
    return [
        row("`papers --help`", medians["help"], "`python -c pass`", base, "≤ 0.3 s"),
        row(
            "`papers search '\"edge of care\"'`, demo home",
            medians["search"],
            "`python -c pass`",
            base,
            "≤ 0.6 s",
        ),
        row("`papers status`, demo home", medians["status"], "`python -c pass`", base, "—"),
        row(
            "`papers index`, nothing changed, demo home",
            medians["index"],
            "`papers index --rebuild`",
            medians["rebuild"],
            "≤ 5 % of a rebuild",
        ),
        row(
            "`papers index`, nothing changed, demo home",
            medians["index"],
            "FTS5 rebuild of the same units",
            medians["fts"],
            "—",
        ),
        f"| `papers demo`, wall seconds | {demo_wall:.1f} | — | — | ≤ 20 s on an idle machine |",
    ]


def make_pack(target: Path) -> int:
    import pypdfium2 as pdfium

    pack = pdfium.PdfDocument.new()
    for name in PACK_PARTS:
        part = pdfium.PdfDocument(KENT / name)
        pack.import_pages(part)
        part.close()
    pages = len(pack)
    pack.save(target)
    pack.close()
    return pages


def import_figures(work: Path, repeats: int) -> list[str]:
    if not all((KENT / name).is_file() for name in PACK_PARTS):
        return [f"| pack import | skipped: {KENT} is absent | | | |"]
    pack = work / "pack.pdf"
    pages = make_pack(pack)
    # An existing, migrated home: what a second import meets (a first run also
    # creates the database, once).
    template = work / "import-template"
    subprocess.run(papers(template, "status"), env=ENV, check=True, capture_output=True)

    def import_into(*options: str) -> float:
        home = work / "import-home"
        shutil.rmtree(home, ignore_errors=True)
        shutil.copytree(template, home)
        return cpu_of(papers(home, "import", "--council", "kent", *options, str(pack)))

    medians = interleaved(
        {
            "raw": lambda: cpu_of([PY, "-c", RAW_PDF, str(pack)]),
            "import": lambda: import_into(),
            "no-index": lambda: import_into("--no-index"),
        },
        repeats,
    )
    raw = medians["raw"]
    name = f"{pages}-page pack"
    return [
        row(
            f"`papers import` of a {name} (read, parse, index)",
            medians["import"],
            "raw pypdfium2 text, same file",
            raw,
            "≤ 4×",
        ),  # fmt: skip
        row(
            f"`papers import --no-index` of the {name}",
            medians["no-index"],
            "raw pypdfium2 text, same file",
            raw,
            "—",
        ),  # fmt: skip
    ]


def build_figures(work: Path, items: int, tantivy_python: str | None) -> list[str]:
    from bench.search import populate
    from indexer.db import open_database
    from indexer.home import Home

    home = Home.from_env(work / "items")
    engine = open_database(home)
    text_mb = populate(engine, items, 2026) / 1e6
    engine.dispose()
    db = str(home.db_path)
    whoosh = cpu_of(papers(home.root, "index", "--rebuild"))
    nothing = cpu_of(papers(home.root, "index"))
    fts = fts_build(home.db_path, work, ITEM_ROWS)
    engine = open_database(home)
    populate(engine, 1000, 2027, offset=items)
    engine.dispose()
    added = cpu_of(papers(home.root, "index"))
    lines = [
        f"| Whoosh (papers) index build, {items:,} items ({text_mb:.1f} MB) | {whoosh:.1f} CPU-s "
        f"| {text_mb / whoosh:.2f} MB per CPU-s | | |",
        f"| SQLite FTS5 (porter), same rows | {fts:.2f} CPU-s | {text_mb / fts:.1f} MB per CPU-s "
        f"| Whoosh {whoosh / fts:.0f}× slower | |",
    ]
    if tantivy_python:
        target = work / "tantivy"
        target.mkdir()
        tantivy = cpu_of([tantivy_python, "-c", TANTIVY_BUILD, db, str(target), ITEM_ROWS])
        lines.append(
            f"| Tantivy (en_stem), same rows | {tantivy:.2f} CPU-s | "
            f"{text_mb / tantivy:.1f} MB per CPU-s | Whoosh {whoosh / tantivy:.0f}× slower | |"
        )
    lines += [
        row(
            f"`papers index`, nothing changed, {items:,} items",
            nothing,
            "`papers index --rebuild`",
            whoosh,
            "≤ 5 % of a rebuild",
        ),  # fmt: skip
        f"| `papers index` after adding 1,000 items to {items:,} | {added:.1f} CPU-s | | | "
        "≤ 10 s (at 100,000) |",
    ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--items", type=int, default=10_000, help="items for the build figures")
    parser.add_argument("--tantivy-python", help="a Python with tantivy installed")
    parser.add_argument("--skip", nargs="*", default=[], choices=["startup", "import", "build"])
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    print("| figure | CPU s (median) | baseline | ratio | goal |\n|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sections = [
            ("startup", lambda: startup_figures(work, args.repeats)),
            ("import", lambda: import_figures(work, args.repeats)),
            ("build", lambda: build_figures(work, args.items, args.tantivy_python)),
        ]
        for name, section in sections:
            if name not in args.skip:
                for line in section():
                    print(line, flush=True)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
