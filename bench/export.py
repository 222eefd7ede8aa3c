"""Benchmark `papers export`: peak memory and rows/s against a plain baseline.

    PYTHONPATH=. python bench/export.py [--rows 1000000] [--repeat 3]

Builds a database of agenda items (and, for comparison, one a tenth the
size), then times, each in a fresh process so peak RSS is its own:

- baseline: Python's csv writer over a plain sqlite3 cursor running the same
  joined query (the least any CSV export in Python can cost);
- papers-csv / papers-jsonl: indexer.export.export_rows + search_cli.output.render;
- papers-parquet: indexer.export.write_parquet (when pyarrow is installed).

Prints medians as a Markdown table (the figures in docs/performance.md).
"""

from __future__ import annotations

import argparse
import csv
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BASELINE_QUERY = """
SELECT c.slug, c.name, cm.name, date(m.start), m.id, a.id, a.number, a.position, a.title,
       a.description, a.decision, a.minutes, a.vote, a.is_exempt, a.exemption, a.page_start,
       a.page_end, a.source, a.first_seen, a.last_changed
FROM agenda_items a JOIN meetings m ON a.meeting_id = m.id
JOIN councils c ON m.council_id = c.id LEFT JOIN committees cm ON m.committee_id = cm.id
ORDER BY m.start, m.id, a.position, a.id
"""
ITEMS_PER_MEETING = 20


def build(path: Path, rows: int) -> None:
    """A database with `rows` agenda items spread over meetings of one committee."""
    from indexer.db import open_database
    from indexer.home import Home

    home = Home(path.parent, f"sqlite:///{path}").ensure()
    open_database(home).dispose()
    db = sqlite3.connect(path)
    db.execute(
        "INSERT INTO councils (id, slug, name, platform, timezone, created_at) "
        "VALUES (1, 'bench', 'Bench Borough Council', 'moderngov', 'Europe/London', '2024-01-01')"
    )
    db.execute(
        "INSERT INTO committees (id, council_id, source_id, name) "
        "VALUES (1, 1, '1', 'Children and Young People Scrutiny')"
    )
    meetings = rows // ITEMS_PER_MEETING
    now = "2024-01-01 00:00:00"
    db.executemany(
        "INSERT INTO meetings (id, council_id, committee_id, source_id, title, start, status, "
        "first_seen, last_seen, last_changed) VALUES (?, 1, 1, ?, 'Scrutiny', ?, 'held', ?, ?, ?)",
        (
            (
                m,
                str(m),
                f"{2000 + m % 25}-{1 + m % 12:02d}-{1 + m % 28:02d} 19:00:00",
                now,
                now,
                now,
            )
            for m in range(1, meetings + 1)
        ),
    )
    description = "Report of the Director of Children's Services on the edge of care service. " * 3
    db.executemany(
        "INSERT INTO agenda_items (meeting_id, key, number, position, title, description, "
        "decision, is_exempt, source, first_seen, last_changed) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, 0, 'html', ?, ?)",
        (
            (
                1 + i // ITEMS_PER_MEETING,
                str(i % ITEMS_PER_MEETING),
                f"{i % ITEMS_PER_MEETING}.",
                i % ITEMS_PER_MEETING,
                f'Item {i}: SEND transport and the edge of care, "phase 2"',
                description,
                "RESOLVED that the report be noted.",
                now,
                now,
            )
            for i in range(rows)
        ),
    )
    db.commit()
    db.close()


def peak_rss_mib() -> float:
    """This process's peak resident memory (VmHWM, reset at exec unlike ru_maxrss)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status (Linux only)")


def run_one(mode: str, path: Path, out: Path) -> dict[str, float]:
    """One timed export in this process; prints rows, seconds and peak RSS."""
    started = time.perf_counter()
    if mode == "baseline":
        db = sqlite3.connect(path)
        with out.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            count = 0
            for count, row in enumerate(db.execute(BASELINE_QUERY), 1):  # noqa: B007
                writer.writerow(row)
    else:
        from indexer.db import make_engine
        from indexer.export import ExportFilters, export_columns, export_rows, write_parquet
        from search_cli.output import Format, render

        engine = make_engine(f"sqlite:///{path}")
        rows = export_rows(engine, "agenda-items", ExportFilters())
        if mode == "papers-parquet":
            count = write_parquet(rows, "agenda-items", out)
        else:
            fmt = Format(mode.removeprefix("papers-"))
            with out.open("w", encoding="utf-8", newline="") as stream:
                count = render(rows, export_columns("agenda-items"), fmt, out=stream)
    seconds = time.perf_counter() - started
    return {"rows": count, "seconds": seconds, "peak_mib": peak_rss_mib()}


def measure(mode: str, path: Path, repeat: int) -> dict[str, float]:
    """Median of `repeat` fresh-process runs."""
    runs = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            output = subprocess.run(
                [sys.executable, __file__, "--one", mode, str(path), str(Path(tmp) / "out")],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        runs.append(json.loads(output))
    return {
        "rows": runs[0]["rows"],
        "rows_per_s": statistics.median(r["rows"] / r["seconds"] for r in runs),
        "seconds": statistics.median(r["seconds"] for r in runs),
        "peak_mib": statistics.median(r["peak_mib"] for r in runs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", nargs=3, metavar=("MODE", "DB", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        mode, db, out = args.one
        print(json.dumps(run_one(mode, Path(db), Path(out))))
        return
    modes = ["baseline", "papers-csv", "papers-jsonl"]
    try:
        import pyarrow  # noqa: F401

        modes.append("papers-parquet")
    except ImportError:
        print("pyarrow not installed: skipping parquet", file=sys.stderr)
    print("| export | rows | median rows/s | median seconds | median peak RSS (MiB) |")
    print("|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for rows in (args.rows // 10, args.rows):
            path = Path(tmp) / f"bench-{rows}" / "papers.db"
            print(f"building {rows} rows…", file=sys.stderr)
            build(path, rows)
            for mode in modes:
                m = measure(mode, path, args.repeat)
                print(
                    f"| {mode} | {m['rows']:,} | {m['rows_per_s']:,.0f} | {m['seconds']:.1f} "
                    f"| {m['peak_mib']:.0f} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
