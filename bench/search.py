"""Benchmark: the project's Whoosh index against SQLite FTS5 (porter) on N items.

    PYTHONPATH=. python bench/search.py --sizes 10000 100000

For each N it builds a home with N synthetic agenda items (~1.5 KB each, see
bench/corpus.py), indexes them with `update_index` and, in the same run, with
an FTS5 table, then reports build speed, index size, peak RSS, the time to
add 1,000 items, and median/p95 latency of top-10 queries with snippets.
Builds run in child processes so each peak RSS is measured on its own.
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import COMMITTEES, COUNCILS, items  # noqa: E402
from indexer.db import open_database  # noqa: E402
from indexer.home import Home  # noqa: E402
from indexer.models import AgendaItem, Committee, Council, Meeting  # noqa: E402
from indexer.search_index import SearchFilters, search, update_index  # noqa: E402

TERMS = [
    "placements",
    "budget",
    "inspection",
    "complaints",
    "consultation",
    "foster",
    "exclusions",
    "hubs",
    "waiting",
    "statutory",
]
AND_PAIRS = [
    "foster carers",
    "budget schools",
    "waiting families",
    "inspection actions",
    "complaints resolved",
    "police health",
    "exclusions schools",
    "hubs family",
    "agency placements",
    "statutory duties",
]
PHRASES = [
    "edge of care",
    "looked after children",
    "home to school transport",
    "care leavers",
    "family hubs",
    "the local offer",
    "early help",
    "short breaks",
    "domestic abuse",
    "child protection plans",
]
FILTER = {"council": "kingston", "since": date(2018, 1, 1), "until": date(2021, 12, 31)}
SITE = "https://democracy.example.gov.uk"
FTS_SCHEMA = (
    "CREATE VIRTUAL TABLE items_fts USING fts5("
    "title, body, council UNINDEXED, start UNINDEXED, tokenize='porter unicode61')"
)


def peak_rss_mb() -> float:
    """Peak RSS of this process plus its largest child, in MB (Linux reports KB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def populate(engine: Engine, count: int, seed: int, offset: int = 0) -> int:
    """Insert `count` items (and their councils, committees, meetings); text bytes."""
    text_bytes = 0
    with Session(engine) as s, s.begin():
        councils = dict(s.execute(select(Council.slug, Council.id)).all())
        for slug in COUNCILS:
            if slug not in councils:
                councils[slug] = s.execute(
                    insert(Council).values(slug=slug, name=slug.title(), platform="moderngov")
                ).inserted_primary_key[0]
        committees = {
            (c, n): i
            for i, c, n in s.execute(select(Committee.id, Committee.council_id, Committee.name))
        }
        for slug, council_id in councils.items():
            for number, name in enumerate(COMMITTEES):
                if (council_id, name) not in committees:
                    committees[(council_id, name)] = s.execute(
                        insert(Committee).values(
                            council_id=council_id, source_id=f"{slug}-{number}", name=name
                        )
                    ).inserted_primary_key[0]
        batch: list[dict[str, Any]] = []
        for number, row in enumerate(items(count, seed)):
            council_id = councils[row["council"]]
            meeting_id = s.execute(
                insert(Meeting).values(
                    council_id=council_id,
                    committee_id=committees[(council_id, row["committee"])],
                    source_id=f"m{offset + number}",
                    start=row["start"],
                    status="held",
                    url=f"{SITE}/ieListDocuments.aspx?MId={offset + number}",
                )
            ).inserted_primary_key[0]
            batch.append(
                {
                    "meeting_id": meeting_id,
                    "key": "1",
                    "number": "1.",
                    "title": row["title"],
                    "minutes": row["minutes"],
                    "source": "html",
                }
            )
            text_bytes += len(str(row["title"]).encode()) + len(str(row["minutes"]).encode())
            if len(batch) == 5000:
                s.execute(insert(AgendaItem), batch)
                batch = []
        if batch:
            s.execute(insert(AgendaItem), batch)
    return text_bytes


def fts_rows(engine: Engine, min_id: int = 0):  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        yield from connection.execute(
            select(AgendaItem.title, AgendaItem.minutes, Council.slug, Meeting.start)
            .join(Meeting, AgendaItem.meeting_id == Meeting.id)
            .join(Council, Meeting.council_id == Council.id)
            .where(AgendaItem.id > min_id)
        )


def build_whoosh(home: Home) -> dict[str, float]:
    engine = open_database(home)
    started = time.perf_counter()
    update_index(engine, home, rebuild=True)
    return {"seconds": time.perf_counter() - started, "rss_mb": peak_rss_mb()}


def build_fts(home: Home) -> dict[str, float]:
    engine = open_database(home)
    started = time.perf_counter()
    db = sqlite3.connect(home.root / "fts.db")
    db.execute(FTS_SCHEMA)
    with db:
        db.executemany(
            "INSERT INTO items_fts VALUES (?, ?, ?, ?)",
            ((t, b, c, s.isoformat()) for t, b, c, s in fts_rows(engine)),
        )
    db.close()
    return {"seconds": time.perf_counter() - started, "rss_mb": peak_rss_mb()}


def in_child(phase: str, home: Home) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--phase", phase, str(home.root)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def latencies(run, queries: list[str], rounds: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    run(queries[0])  # warm: the first query in a process pays for opening the index
    times = []
    for _ in range(rounds):
        for text in queries:
            started = time.perf_counter()
            run(text)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"median": statistics.median(times), "p95": times[int(len(times) * 0.95) - 1]}


def fts_query(db: sqlite3.Connection, match: str, filtered: bool) -> list[Any]:
    sql = (
        "SELECT rowid, snippet(items_fts, 1, '**', '**', '…', 24), bm25(items_fts) "
        "FROM items_fts WHERE items_fts MATCH ?"
    )
    params: list[Any] = [match]
    if filtered:
        sql += " AND council = ? AND start BETWEEN ? AND ?"
        params += [FILTER["council"], FILTER["since"].isoformat(), "2021-12-31T23:59:59"]
    return db.execute(sql + " ORDER BY rank LIMIT 10", params).fetchall()


def measure_queries(home: Home, rounds: int) -> dict[str, dict[str, dict[str, float]]]:
    db = sqlite3.connect(home.root / "fts.db")
    quoted = [f'"{p}"' for p in PHRASES]
    whoosh_filters = SearchFilters(
        council=str(FILTER["council"]), since=FILTER["since"], until=FILTER["until"]
    )
    cases = {
        "term": (TERMS, TERMS, SearchFilters(), False),
        "two-term AND": (
            AND_PAIRS,
            [p.replace(" ", " AND ") for p in AND_PAIRS],
            SearchFilters(),
            False,
        ),
        "phrase": (quoted, quoted, SearchFilters(), False),
        "phrase + council + dates": (quoted, quoted, whoosh_filters, True),
    }
    results = {}
    for name, (whoosh_queries, fts_queries, filters, filtered) in cases.items():
        results[name] = {
            "whoosh": latencies(
                lambda text, f=filters: search(home, text, f, limit=10, exact=True),
                whoosh_queries,
                rounds,
            ),
            "fts5": latencies(
                lambda text, flt=filtered: fts_query(db, text, flt), fts_queries, rounds
            ),
        }
    db.close()
    return results


def add_items(home: Home, count: int, seed: int, base: int) -> dict[str, float]:
    engine = open_database(home)
    with engine.connect() as connection:
        last_id = connection.scalar(select(AgendaItem.id).order_by(AgendaItem.id.desc()))
    populate(engine, count, seed + 1, offset=base)
    started = time.perf_counter()
    update_index(engine, home)
    whoosh_seconds = time.perf_counter() - started
    started = time.perf_counter()
    db = sqlite3.connect(home.root / "fts.db")
    with db:
        db.executemany(
            "INSERT INTO items_fts VALUES (?, ?, ?, ?)",
            ((t, b, c, s.isoformat()) for t, b, c, s in fts_rows(engine, last_id or 0)),
        )
    db.close()
    return {"whoosh": whoosh_seconds, "fts5": time.perf_counter() - started}


def size_mb(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6


def run_size(count: int, rounds: int, seed: int, workdir: Path) -> dict[str, Any]:
    home = Home.from_env(workdir / f"home-{count}").ensure()
    engine = open_database(home)
    text_mb = populate(engine, count, seed) / 1e6
    engine.dispose()
    whoosh = in_child("whoosh", home)
    fts = in_child("fts", home)
    report: dict[str, Any] = {
        "items": count,
        "text_mb": text_mb,
        "build": {
            "whoosh": {
                **whoosh,
                "mb_s": text_mb / whoosh["seconds"],
                "docs_s": count / whoosh["seconds"],
                "size_mb": size_mb(home.index_dir),
            },
            "fts5": {
                **fts,
                "mb_s": text_mb / fts["seconds"],
                "docs_s": count / fts["seconds"],
                "size_mb": size_mb(home.root / "fts.db"),
            },
        },
        "queries_ms": measure_queries(home, rounds),
        "add_1000_s": add_items(home, 1000, seed, base=count),
    }
    return report


def markdown(report: dict[str, Any]) -> str:
    b = report["build"]
    lines = [
        f"### N = {report['items']:,} items ({report['text_mb']:.0f} MB of text)",
        "",
        "| | Whoosh (papers) | SQLite FTS5 (porter) | ratio |",
        "|---|---|---|---|",
    ]
    for key, label, fmt in (
        ("mb_s", "build MB/s", "{:.2f}"),
        ("docs_s", "build docs/s", "{:,.0f}"),
        ("seconds", "build time (s)", "{:.1f}"),
        ("size_mb", "index size (MB)", "{:.0f}"),
        ("rss_mb", "peak RSS (MB)", "{:.0f}"),
    ):
        w, f = b["whoosh"][key], b["fts5"][key]
        lines.append(f"| {label} | {fmt.format(w)} | {fmt.format(f)} | {w / f:.2f}× |")
    add = report["add_1000_s"]
    lines.append(
        f"| add 1,000 items (s) | {add['whoosh']:.2f} | {add['fts5']:.2f} | "
        f"{add['whoosh'] / add['fts5']:.1f}× |"
    )
    for name, both in report["queries_ms"].items():
        w, f = both["whoosh"], both["fts5"]
        lines.append(
            f"| {name}: median / p95 (ms) | {w['median']:.1f} / {w['p95']:.1f} | "
            f"{f['median']:.1f} / {f['p95']:.1f} | {w['median'] / f['median']:.1f}× / "
            f"{w['p95'] / f['p95']:.1f}× |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--rounds", type=int, default=10, help="query repetitions per case")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--workdir", type=Path, help="where to build (default: a temp folder)")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("home", nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        builder = build_whoosh if args.phase == "whoosh" else build_fts
        print(json.dumps(builder(Home.from_env(args.home))))
        return
    with tempfile.TemporaryDirectory(dir=args.workdir) as workdir:
        reports = []
        for count in args.sizes:
            report = run_size(count, args.rounds, args.seed, Path(workdir))
            reports.append(report)
            print(markdown(report), flush=True)
            if args.json:
                args.json.write_text(json.dumps(reports, indent=2))


if __name__ == "__main__":
    main()
