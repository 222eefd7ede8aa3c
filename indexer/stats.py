"""What is in a home: the numbers behind `papers status`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from indexer.home import Home
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


def collect_status(engine: Engine, home: Home) -> dict[str, Any]:
    """Counts of everything stored, index presence and each council's last crawl."""
    with Session(engine) as session:

        def count(model: Any) -> int:
            return session.scalar(select(func.count()).select_from(model)) or 0

        by_status = dict.fromkeys(TEXT_STATUSES, 0)
        for text_status, n in session.execute(
            select(Document.text_status, func.count()).group_by(Document.text_status)
        ):
            by_status[text_status] = n
        last_crawls = []
        for council in session.scalars(select(Council).order_by(Council.slug)):
            run = session.scalars(
                select(CrawlRun)
                .where(CrawlRun.council_id == council.id)
                .order_by(CrawlRun.started.desc(), CrawlRun.id.desc())
                .limit(1)
            ).first()
            last_crawls.append(
                {
                    "council": council.slug,
                    "started": run.started if run else None,
                    "finished": run.finished if run else None,
                    "status": run.status if run else "never crawled",
                    "counts": run.counts if run else {},
                    "errors": run.errors if run else [],
                }
            )
        return {
            "home": str(home.root),
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
            "index_present": (home.index_dir / "_MAIN_WRITELOCK").exists()
            or any(home.index_dir.glob("*.toc")),
            "last_crawls": last_crawls,
        }


def has_papers(engine: Engine) -> bool:
    """Whether anything searchable has been stored: a meeting or a document."""
    with engine.connect() as conn:
        return bool(
            conn.execute(select(Meeting.id).limit(1)).first()
            or conn.execute(select(Document.id).limit(1)).first()
        )
