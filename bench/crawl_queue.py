"""Crawls on the job queue: N sample councils by 1 worker, then by 2, on PostgreSQL.

    PYTHONPATH=. python bench/crawl_queue.py [--councils 20] [--rounds 1] [--committee highways]

Each round gets a fresh PostgreSQL database (on PAPERS_TEST_POSTGRES, default
the development server) and a queue of its own on Redis (PAPERS_TEST_REDIS);
the sample site is served N times, on N ports (N sites: per-site politeness
lets workers crawl two of them at once), and N councils are enqueued with
--committee (default: one committee each, to keep a round short). The wall
time runs from starting the workers to the last job's "done" line (crawled,
read and indexed). Rounds of 1 and 2 workers alternate, so load from other
work on the machine falls on both. Then duplicated rows are counted: rows
per council must be the same for every council (N copies of one site), and
every council crawled exactly once.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

from indexer.store.councils import add_council  # noqa: E402
from scraper.sample_site import serve_sample_council  # noqa: E402

SERVER = os.environ.get("PAPERS_TEST_POSTGRES", "postgresql+psycopg://127.0.0.1:5432/test")
REDIS = os.environ.get("PAPERS_TEST_REDIS", "redis://127.0.0.1:6379/0")
FAST = '{"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": false}'
PER_COUNCIL = (
    "SELECT council_id, count(*) FROM meetings GROUP BY 1",
    "SELECT council_id, count(*) FROM documents GROUP BY 1",
    "SELECT m.council_id, count(*) FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id"
    " GROUP BY 1",
    "SELECT d.council_id, count(*) FROM document_parts p JOIN documents d ON d.id = p.document_id"
    " GROUP BY 1",
    "SELECT d.council_id, count(*) FROM pages p JOIN documents d ON d.id = p.document_id"
    " GROUP BY 1",
    "SELECT m.council_id, count(*) FROM resolutions r JOIN meetings m ON m.id = r.meeting_id"
    " GROUP BY 1",
    "SELECT council_id, count(*) FROM work_programme_entries GROUP BY 1",
)


def papers(env: dict[str, str], home: Path, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "search_cli", "--home", str(home), *args],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def one_round(workers: int, councils: int, committee: str | None, folder: Path) -> dict:
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    name = f"papers_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    queue = f"papers-bench-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": url,
        "PAPERS_QUEUE_URL": REDIS,
        "PAPERS_QUEUE_NAME": queue,
        "PAPERS_SCRAPY_SETTINGS": FAST,
    }
    engine = create_engine(url, poolclass=NullPool)
    logs: list[Path] = []
    try:
        with ExitStack() as stack:
            sites = [stack.enter_context(serve_sample_council()) for _ in range(councils)]
            desk = folder / f"desk-{queue}"
            papers(env, desk, "db", "upgrade")
            slugs = [f"c{i:02d}" for i in range(councils)]
            for slug, site in zip(slugs, sites, strict=True):
                add_council(engine, slug, slug, "moderngov", site.base_url + "/")
            papers(env, desk, "enqueue", *slugs, *(["--committee", committee] if committee else []))
            processes = []
            started = time.monotonic()
            for n in range(workers):
                log = folder / f"{queue}-worker{n}.log"
                logs.append(log)
                with log.open("wb") as out:
                    processes.append(
                        subprocess.Popen(
                            [
                                sys.executable,
                                "-m",
                                "search_cli",
                                "--home",
                                str(folder / f"{queue}-home{n}"),
                                "worker",
                            ],
                            env=env,
                            cwd=ROOT,
                            stdout=out,
                            stderr=subprocess.STDOUT,
                        )
                    )
            while sum(log.read_text(errors="replace").count(": done (") for log in logs) < councils:
                if time.monotonic() - started > 3600:
                    raise SystemExit("a round took over an hour: see " + ", ".join(map(str, logs)))
                time.sleep(0.2)
            wall = time.monotonic() - started
            for process in processes:
                process.send_signal(signal.SIGTERM)
            for process in processes:
                process.wait(timeout=600)
        with engine.connect() as connection:
            runs = connection.execute(
                text("SELECT council_id, count(*) FROM crawl_runs WHERE status = 'ok' GROUP BY 1")
            ).all()
            duplicated = 0
            for sql in PER_COUNCIL:
                counts = [n for _, n in connection.execute(text(sql))]
                duplicated += sum(counts) - min(counts) * len(counts) if counts else 0
        twice = sum(n - 1 for _, n in runs) + (councils - len(runs))
        return {"wall": wall, "duplicated_rows": duplicated, "councils_not_crawled_once": twice}
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        import redis

        client = redis.Redis.from_url(REDIS)
        keys = list(client.scan_iter(match=f"{queue}:*"))
        if keys:
            client.delete(*keys)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--councils", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--committee", default="highways", help="'' for every committee")
    args = parser.parse_args()
    results: dict[int, list[dict]] = {1: [], 2: []}
    with tempfile.TemporaryDirectory(prefix="bench-queue-") as tmp:
        for round_number in range(args.rounds):
            for workers in (1, 2):
                result = one_round(workers, args.councils, args.committee or None, Path(tmp))
                results[workers].append(result)
                print(f"round {round_number + 1}, {workers} worker(s): {result}", flush=True)
    medians = {w: statistics.median(r["wall"] for r in rs) for w, rs in results.items()}
    print(
        f"{args.councils} councils (committee: {args.committee or 'all'}), {args.rounds} round(s):"
        f" 1 worker {medians[1]:.1f} s, 2 workers {medians[2]:.1f} s (median wall time);"
        f" 1 worker / 2 workers = {medians[1] / medians[2]:.2f}"
    )
    print(
        "duplicated rows:",
        sum(r["duplicated_rows"] for rs in results.values() for r in rs),
        "; councils not crawled exactly once:",
        sum(r["councils_not_crawled_once"] for rs in results.values() for r in rs),
    )


if __name__ == "__main__":
    main()
