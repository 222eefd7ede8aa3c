"""What is in a home: the numbers behind `papers status`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from indexer.home import Home
from indexer.locks import crawl_lock, is_held
from indexer.models import (
    TEXT_STATUSES,
    AgendaItem,
    Committee,
    Council,
    CrawlRun,
    Document,
    Meeting,
    Resolution,
    WorkProgrammeEntry,
)

# Document states that mean "we do not have its text", with a reason stored.
FAILED_TEXT = ("pending", "failed", "too_large", "encrypted")
FAILURE_COLUMNS = ("council", "kind", "url", "status", "reason")


# The counts a status report leads with, in the order people read them.
TOTALS = (
    "councils",
    "committees",
    "meetings",
    "documents",
    "agenda_items",
    "resolutions",
    "work_programme_entries",
)


def failures(engine: Engine, limit: int | None = None) -> tuple[list[dict[str, Any]], int]:
    """Documents that failed (to download or to read) and pages each council's last
    crawl failed on, with their reasons: (the first `limit` of them, how many in all)."""
    rows: list[dict[str, Any]] = []
    with Session(engine) as session:
        documents = session.execute(
            select(Council.slug, Document.url, Document.text_status, Document.error)
            .join(Council, Council.id == Document.council_id)
            .where(Document.error.is_not(None), Document.text_status.in_(FAILED_TEXT))
            .order_by(Council.slug, Document.id)
        )
        for slug, url, text_status, error in documents:
            status = "download failed" if text_status == "pending" else text_status
            rows.append(
                {"council": slug, "kind": "document", "url": url, "status": status, "reason": error}
            )
        document_urls = {row["url"] for row in rows}
        for council, run in _last_runs(session):
            for error in run.errors if run else []:
                if error.get("url") not in document_urls:
                    rows.append(
                        {
                            "council": council.slug,
                            "kind": "page",
                            "url": error.get("url"),
                            "status": "crawl failed",
                            "reason": error.get("reason"),
                        }
                    )
    return (rows if limit is None else rows[:limit]), len(rows)


def _last_runs(session: Session) -> list[tuple[Council, CrawlRun | None]]:
    """Each council with its last crawl run (None when never crawled)."""
    runs = []
    for council in session.scalars(select(Council).order_by(Council.slug)):
        run = session.scalars(
            select(CrawlRun)
            .where(CrawlRun.council_id == council.id)
            .order_by(CrawlRun.started.desc(), CrawlRun.id.desc())
            .limit(1)
        ).first()
        runs.append((council, run))
    return runs


# How many failures the status report shows; `papers status --failures` lists all.
SHOWN_FAILURES = 10


def collect_status(engine: Engine, home: Home) -> dict[str, Any]:
    """Counts of everything stored, index presence, each council's last crawl, and
    the first failures (documents and pages, with reasons)."""
    shown, total = failures(engine, SHOWN_FAILURES)
    with Session(engine) as session:

        def count(model: Any) -> int:
            return session.scalar(select(func.count()).select_from(model)) or 0

        by_status = dict.fromkeys(TEXT_STATUSES, 0)
        for text_status, n in session.execute(
            select(Document.text_status, func.count()).group_by(Document.text_status)
        ):
            by_status[text_status] = n
        # A run left 'running' with no crawl holding the lock was killed with its
        # crawl child (the next crawl records it so; say it now).
        crawling = is_held(crawl_lock(home.root))
        last_crawls = [
            {
                "council": council.slug,
                "started": run.started if run else None,
                "finished": run.finished if run else None,
                "status": (
                    "never crawled"
                    if run is None
                    else "interrupted"
                    if run.status == "running" and not crawling
                    else run.status
                ),
                "counts": run.counts if run else {},
                "errors": run.errors if run else [],
            }
            for council, run in _last_runs(session)
        ]
        return {
            "home": str(home.root),
            # Which database, as people can be shown it: never its password.
            "database": engine.url.render_as_string(hide_password=True),
            # Where stored files are (PAPERS_FILES, else HOME/files).
            "files": home.files.location,
            "files_shared": bool(home.files_spec),
            "councils": count(Council),
            "committees": count(Committee),
            "meetings": count(Meeting),
            "documents": count(Document),
            "documents_by_text_status": by_status,
            # Scans stored without OCR (OCR was not installed then, or is not now).
            "scans_without_ocr": session.scalar(
                select(func.count()).where(
                    Document.text_status == "no_text_layer",
                    func.coalesce(Document.error, "").not_like("%OCR found no text%"),
                )
            )
            or 0,
            "agenda_items": count(AgendaItem),
            "resolutions": count(Resolution),
            "work_programme_entries": count(WorkProgrammeEntry),
            **_search_index(engine, home),
            "last_crawls": last_crawls,
            "failures": shown,
            "failures_total": total,
        }


def _search_index(engine: Engine, home: Home) -> dict[str, Any]:
    """Which search backend the home uses, whether it is built, and whether it is behind."""
    from indexer.search.backend import backend_for, is_postgres

    present = is_postgres(home) or any(home.index_dir.glob("*.toc"))
    backend = backend_for(home)
    return {
        "search_backend": backend.name,
        "index_present": present,
        "index_behind": present and backend.behind(engine),
    }


def has_papers(engine: Engine) -> bool:
    """Whether anything searchable has been stored: a meeting or a document."""
    with engine.connect() as conn:
        return bool(
            conn.execute(select(Meeting.id).limit(1)).first()
            or conn.execute(select(Document.id).limit(1)).first()
        )
