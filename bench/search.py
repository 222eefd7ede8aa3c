"""Benchmark: the project's Whoosh index against SQLite FTS5 (porter) and, with
--postgres, the PostgreSQL backend (search_units) on N items.

    PYTHONPATH=. python bench/search.py --sizes 10000 100000 \
        --postgres postgresql+psycopg://root@127.0.0.1:5432/test

For each N it builds a home with N synthetic agenda items (~1.5 KB each, see
bench/corpus.py), indexes them with `update_index` and, in the same run, with
an FTS5 table, then reports build speed, index size, peak RSS, the time to
add 1,000 items, and median/p95 latency of top-10 queries with snippets.
Builds run in child processes so each peak RSS (the process and its worker
processes together, sampled every 0.25 s) is measured on its own.

PostgreSQL gets the same items in a database of its own, made on that server
and dropped after. Its build is `papers index --rebuild` (refilling
search_units); its "add 1,000 items" is the transaction that stores them,
since that transaction indexes them too.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
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


def _tree_rss_kb(root: int) -> int:
    """Current RSS of a process and all its descendants (Linux /proc), in KB."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(entry.name)] = int(fields["PPid"])
        rss[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0])
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        tree.update(children)
        frontier.extend(children)
    return sum(rss.get(pid, 0) for pid in tree)


class PeakRss:
    """Samples the RSS of this process and its worker processes, keeping the peak."""

    def __init__(self, interval: float = 0.25) -> None:
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(interval,), daemon=True)

    def _run(self, interval: float) -> None:
        while not self._stop.is_set():
            self.peak_kb = max(self.peak_kb, _tree_rss_kb(os.getpid()))
            self._stop.wait(interval)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_kb = max(self.peak_kb, _tree_rss_kb(os.getpid()))

    @property
    def mb(self) -> float:
        return self.peak_kb / 1024


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
    """The home's own backend: Whoosh, or PostgreSQL when it has a DATABASE_URL."""
    engine = open_database(home)
    with PeakRss() as peak:
        started = time.perf_counter()
        update_index(engine, home, rebuild=True)
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "rss_mb": peak.mb}


def build_fts(home: Home) -> dict[str, float]:
    engine = open_database(home)
    with PeakRss() as peak:
        started = time.perf_counter()
        db = sqlite3.connect(home.root / "fts.db")
        db.execute(FTS_SCHEMA)
        with db:
            db.executemany(
                "INSERT INTO items_fts VALUES (?, ?, ?, ?)",
                ((t, b, c, s.isoformat()) for t, b, c, s in fts_rows(engine)),
            )
        db.close()
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "rss_mb": peak.mb}


def in_child(phase: str, home: Home) -> dict[str, float]:
    env = {**os.environ, "DATABASE_URL": home.database_url_override or ""}
    done = subprocess.run(
        [sys.executable, __file__, "--phase", phase, str(home.root)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
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


def measure_queries(
    home: Home, rounds: int, pg_home: Home | None
) -> dict[str, dict[str, dict[str, float]]]:
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
        if pg_home is not None:
            results[name]["postgresql"] = latencies(
                lambda text, f=filters: search(pg_home, text, f, limit=10, exact=True),
                whoosh_queries,
                rounds,
            )
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


def postgres_database(server_url: str, name: str, drop: bool = False) -> str:
    """A new database on the server (or, with `drop`, none); its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if not drop:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def postgres_add(pg_home: Home, count: int, seed: int, base: int) -> float:
    engine = open_database(pg_home)
    started = time.perf_counter()
    populate(engine, count, seed + 1, offset=base)  # rows and their units, one transaction
    seconds = time.perf_counter() - started
    engine.dispose()
    return seconds


def run_size(
    count: int, rounds: int, seed: int, workdir: Path, postgres: str | None
) -> dict[str, Any]:
    home = Home(workdir / f"home-{count}").ensure()
    engine = open_database(home)
    text_mb = populate(engine, count, seed) / 1e6
    engine.dispose()
    whoosh = in_child("whoosh", home)
    fts = in_child("fts", home)
    pg_home = None
    if postgres:
        url = postgres_database(postgres, f"papers_bench_{count}")
        pg_home = Home(workdir / f"pg-home-{count}", url).ensure()
        pg_engine = open_database(pg_home)
        started = time.perf_counter()
        populate(pg_engine, count, seed)
        stored = time.perf_counter() - started
        pg_engine.dispose()
        pg = in_child("whoosh", pg_home)
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
        "queries_ms": measure_queries(home, rounds, pg_home),
        "add_1000_s": add_items(home, 1000, seed, base=count),
    }
    if pg_home is not None:
        report["build"]["postgresql"] = {
            **pg,
            "mb_s": text_mb / pg["seconds"],
            "docs_s": count / pg["seconds"],
            "size_mb": size_mb_postgres(pg_home),
            "store_and_index_s": stored,
        }
        report["add_1000_s"]["postgresql"] = postgres_add(pg_home, 1000, seed, count)
        postgres_database(str(postgres), f"papers_bench_{count}", drop=True)
    return report


def size_mb_postgres(home: Home) -> float:
    from sqlalchemy import text

    engine = open_database(home)
    with engine.connect() as connection:
        size = connection.execute(text("SELECT pg_total_relation_size('search_units')")).scalar()
    engine.dispose()
    return float(size or 0) / 1e6


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
    if "postgresql" in b:
        lines += ["", "| PostgreSQL backend | value | against Whoosh |", "|---|---|---|"]
        pg = b["postgresql"]
        for key, label, fmt in (
            ("mb_s", "build MB/s (`papers index --rebuild`)", "{:.2f}"),
            ("seconds", "build time (s)", "{:.1f}"),
            ("size_mb", "search_units size (MB)", "{:.0f}"),
            ("rss_mb", "build peak RSS (MB)", "{:.0f}"),
        ):
            lines.append(f"| {label} | {fmt.format(pg[key])} | {pg[key] / b['whoosh'][key]:.2f}× |")
        lines.append(
            f"| store {report['items']:,} items with their units (s) | "
            f"{pg['store_and_index_s']:.1f} | |"
        )
        lines.append(
            f"| add 1,000 items, stored and indexed (s) | {add['postgresql']:.2f} | "
            f"{add['postgresql'] / add['whoosh']:.2f}× |"
        )
        for name, both in report["queries_ms"].items():
            p, w = both["postgresql"], both["whoosh"]
            lines.append(
                f"| {name}: median / p95 (ms) | {p['median']:.1f} / {p['p95']:.1f} | "
                f"{p['median'] / w['median']:.2f}× / {p['p95'] / w['p95']:.2f}× |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--rounds", type=int, default=10, help="query repetitions per case")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--workdir", type=Path, help="where to build (default: a temp folder)")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--postgres", help="a PostgreSQL server URL: bench that backend too")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("home", nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        builder = build_whoosh if args.phase == "whoosh" else build_fts
        print(json.dumps(builder(Home(Path(args.home), os.environ.get("DATABASE_URL") or None))))
        return
    with tempfile.TemporaryDirectory(dir=args.workdir) as workdir:
        reports = []
        for count in args.sizes:
            report = run_size(count, args.rounds, args.seed, Path(workdir), args.postgres)
            reports.append(report)
            print(markdown(report), flush=True)
            if args.json:
                args.json.write_text(json.dumps(reports, indent=2))


if __name__ == "__main__":
    main()
