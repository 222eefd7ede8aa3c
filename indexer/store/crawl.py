"""Writing a crawl into the database: upserts, document versions, run records.

Every item is written in its own transaction, so an interrupted crawl keeps
everything stored so far and a re-run continues without duplicates (natural
keys: council + source id, meeting + item key, document URL). The crawl run's
counts and errors are saved as they change, so `papers status` shows a killed
crawl's progress too.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from indexer.errors import NotFoundError
from indexer.models import (
    ATTENDANCE_ROLES,
    DOCUMENT_KINDS,
    MEETING_STATUSES,
    AgendaItem,
    Committee,
    Council,
    CrawlRun,
    Document,
    DocumentVersion,
    Meeting,
    utcnow,
)
from indexer.store.attendance import add_attendance
from indexer.store.files import store_bytes
from indexer.store.filestore import FileStore, FileStoreError
from scraper.items import (
    AgendaItemData,
    CommitteeItem,
    DocumentFileItem,
    DocumentRef,
    MeetingItem,
)

COUNT_KEYS = (
    "meetings_new",
    "meetings_changed",
    "meetings_unchanged",
    "documents_downloaded",
    "documents_unchanged",
    "documents_failed",
    "pages_failed",
)
# Keep the stored error list readable when a whole site is down.
MAX_ERRORS = 500
SITE_SOURCES = ("html", "webservice")  # agenda items a crawl owns
# Scrapy's close reasons for a crawl stopped before its end (Ctrl-C, SIGTERM).
INTERRUPTED_REASONS = ("shutdown", "cancelled")


def fingerprint(value: Any) -> str:
    """A stable hash of a dataclass or JSON-able value."""
    data = asdict(value) if hasattr(value, "__dataclass_fields__") else value
    encoded = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def item_key(number: str | None, position: int) -> str:
    """An agenda item's natural key: its printed number normalised, else its position."""
    normalised = re.sub(r"\s+", "", (number or "")).rstrip(".").lower()
    return normalised or f"#{position}"


def known_files(engine: Engine, council_slug: str) -> dict[str, dict[str, str]]:
    """URL → the validators to send on a conditional request, for stored files."""
    with Session(engine) as session:
        rows = session.execute(
            select(Document.url, Document.etag, Document.last_modified)
            .join(Council, Council.id == Document.council_id)
            .where(Council.slug == council_slug, Document.sha256.is_not(None))
        )
        return {
            url: {k: v for k, v in (("etag", etag), ("last_modified", modified)) if v}
            for url, etag, modified in rows
        }


class MeetingRows:
    """One council's committee, meeting, agenda-item and document rows from
    crawled items, inside the caller's session (a crawl's, or an import's of
    a saved meeting page)."""

    def __init__(self, council_id: int) -> None:
        self.council_id = council_id

    def committee(
        self, session: Session, source_id: str, name: str | None, url: str | None
    ) -> Committee:
        committee = session.scalars(
            select(Committee).where(
                Committee.council_id == self.council_id, Committee.source_id == source_id
            )
        ).first()
        if committee is None:
            committee = Committee(council_id=self.council_id, source_id=source_id, name=name or "")
            session.add(committee)
        if name:
            committee.name = name
        if url:
            committee.url = url
        session.flush()
        return committee

    def upsert(self, session: Session, item: MeetingItem) -> tuple[Meeting, str]:
        """The meeting row for a crawled meeting, filled in when it changed:
        (row, "new" / "changed" / "unchanged")."""
        now = utcnow()
        digest = fingerprint(item)
        meeting = session.scalars(
            select(Meeting).where(
                Meeting.council_id == self.council_id, Meeting.source_id == item.source_id
            )
        ).first()
        if meeting is None:
            outcome = "new"
            meeting = Meeting(
                council_id=self.council_id,
                source_id=item.source_id or "",
                first_seen=now,
                last_changed=now,
            )
            session.add(meeting)
        else:
            outcome = "unchanged" if meeting.fingerprint == digest else "changed"
        meeting.last_seen = now
        if outcome != "unchanged":
            self._fill_meeting(session, meeting, item, digest, now)
        return meeting, outcome

    def _fill_meeting(
        self, session: Session, meeting: Meeting, item: MeetingItem, digest: str, now: Any
    ) -> None:
        if item.committee_source_id:
            committee = self.committee(session, item.committee_source_id, item.committee_name, None)
            meeting.committee_id = committee.id
        meeting.title = item.title
        meeting.start = item.start
        meeting.status = item.status if item.status in MEETING_STATUSES else "scheduled"
        meeting.venue = item.venue
        meeting.url = item.url
        meeting.fingerprint = digest
        meeting.last_changed = now
        session.flush()
        keys = self._agenda_items(session, meeting, item, now)
        self._attendance(session, meeting, item)
        listed: set[str] = set()
        for ref in item.documents:
            self._document_row(session, meeting, ref, None)
            listed.add(ref.url or "")
        for data in item.agenda_items:
            for ref in data.documents:
                self._document_row(session, meeting, ref, keys.get(id(data)))
                listed.add(ref.url or "")
        if item.documents_complete:
            self._withdrawn(session, meeting, listed, now)

    def _withdrawn(self, session: Session, meeting: Meeting, listed: set[str], now: Any) -> None:
        """Mark the meeting's documents its page no longer lists (kept, not deleted).

        Papers added by import are not the site's to withdraw, and a page that
        lists no documents at all says nothing about them.
        """
        if not listed - {""}:
            return
        for document in session.scalars(select(Document).where(Document.meeting_id == meeting.id)):
            if document.url in listed:
                document.withdrawn_at = None
            elif document.url.startswith(("http://", "https://")) and document.withdrawn_at is None:
                document.withdrawn_at = now

    def _agenda_items(
        self, session: Session, meeting: Meeting, item: MeetingItem, now: Any
    ) -> dict[int, int]:
        """Upsert agenda items by key, drop ones gone from the page; id(data) → row id."""
        existing = {row.key: row for row in meeting.agenda_items}
        ids: dict[int, int] = {}
        seen: set[str] = set()
        for data in item.agenda_items:
            key = item_key(data.number, data.position)
            if key in seen:  # the same number printed twice: keep both
                key = f"{key}#{data.position}"
            seen.add(key)
            row = existing.get(key)
            digest = fingerprint(_item_fields(data))
            if row is None:
                row = AgendaItem(meeting_id=meeting.id, key=key, first_seen=now, last_changed=now)
                session.add(row)
            elif row.fingerprint != digest:
                row.last_changed = now
            row.number = data.number
            row.position = data.position
            row.title = data.title or ""
            row.description = data.description
            row.decision = data.decision
            row.minutes = data.minutes
            row.vote = data.vote
            row.is_exempt = data.is_exempt
            row.exemption = data.exemption
            row.source = item.source or "html"
            row.fingerprint = digest
            session.flush()
            ids[id(data)] = row.id
        # Items the site no longer lists are gone; items read from papers
        # (a PDF agenda, an import) are not the site's to take away, and a
        # page that lists no items at all says nothing about them.
        if seen:
            for key, row in existing.items():
                if key not in seen and row.source in SITE_SOURCES:
                    session.delete(row)
        return ids

    def _attendance(self, session: Session, meeting: Meeting, item: MeetingItem) -> None:
        # Merged, never replaced: the printed minutes may have added people.
        add_attendance(
            meeting,
            (
                (a.person, a.role if a.role in ATTENDANCE_ROLES else "member")
                for a in item.attendance
                if a.person
            ),
        )

    def _document_row(
        self, session: Session, meeting: Meeting, ref: DocumentRef, agenda_item_id: int | None
    ) -> None:
        if not ref.url:
            return
        document = session.scalars(select(Document).where(Document.url == ref.url)).first()
        if document is None:
            document = Document(council_id=self.council_id, url=ref.url)
            session.add(document)
        document.meeting_id = meeting.id
        document.agenda_item_id = agenda_item_id
        document.title = ref.title or document.title or ""
        document.kind = ref.kind if ref.kind in DOCUMENT_KINDS else "other"
        session.flush()


class CrawlStore:
    """Stores one council's crawl: one instance per run."""

    def __init__(self, engine: Engine, files: FileStore, council_slug: str) -> None:
        self.engine = engine
        self.files = files
        with Session(engine) as session:
            council = session.scalars(select(Council).where(Council.slug == council_slug)).first()
            if council is None:
                raise NotFoundError(f"No council {council_slug!r} in this home")
            self.council_id = council.id
        self.rows = MeetingRows(self.council_id)
        self.run_id: int | None = None
        self.counts: dict[str, int] = dict.fromkeys(COUNT_KEYS, 0)
        self.errors: list[dict[str, str]] = []

    # --- the run ---------------------------------------------------------------

    def start_run(self) -> int | None:
        """Open a crawl run; runs left 'running' by a killed process become 'interrupted'."""
        with Session(self.engine) as session, session.begin():
            _interrupt(session, self.council_id)
            run = CrawlRun(council_id=self.council_id, counts=dict(self.counts), errors=[])
            session.add(run)
            session.flush()
            self.run_id = run.id
        return self.run_id

    def record_error(self, url: str | None, reason: str | None, *, page: bool = True) -> None:
        if page:
            self.counts["pages_failed"] += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append({"url": url or "", "reason": reason or "unknown error"})
        self._save_run()

    def finish_run(self, reason: str) -> dict[str, Any]:
        """Close the run with Scrapy's finish reason; returns the summary."""
        if reason == "finished":
            status = "ok" if not self.errors else "ok_with_errors"
            if self.errors and not self._got_anything():
                status = "failed"  # the site failed: nothing to show but errors
        elif reason in INTERRUPTED_REASONS:
            status = "interrupted"
        else:
            status = "failed"
        self._save_run(status=status, finished=True)
        return {
            "run_id": self.run_id,
            "status": status,
            "counts": self.counts,
            "errors": self.errors,
        }

    def _got_anything(self) -> bool:
        """Whether the site gave a meeting or a document (new, changed or not)."""
        got = ("meetings_new", "meetings_changed", "meetings_unchanged", "documents_downloaded")
        return any(self.counts[key] for key in (*got, "documents_unchanged"))

    def _save_run(self, status: str | None = None, finished: bool = False) -> None:
        if self.run_id is None:
            return
        with Session(self.engine) as session, session.begin():
            run = session.get(CrawlRun, self.run_id)
            if run is None:
                return
            run.counts = dict(self.counts)
            run.errors = list(self.errors)
            if status:
                run.status = status
            if finished:
                run.finished = utcnow()

    # --- committees and meetings ------------------------------------------------

    def store_committee(self, item: CommitteeItem) -> None:
        with Session(self.engine) as session, session.begin():
            self.rows.committee(session, item.source_id or "", item.name, item.url)

    def store_meeting(self, item: MeetingItem) -> str:
        """Upsert a meeting with its items, attendance and document rows: new/changed/unchanged."""
        with Session(self.engine) as session, session.begin():
            _, outcome = self.rows.upsert(session, item)
        self.counts[f"meetings_{outcome}"] += 1
        self._save_run()
        return outcome

    # --- files ------------------------------------------------------------------

    def store_document_file(self, item: DocumentFileItem) -> str:
        """Keep a fetched file and its validators: downloaded / unchanged / failed."""
        now = utcnow()
        outcome = "failed"
        with Session(self.engine) as session, session.begin():
            document = session.scalars(select(Document).where(Document.url == item.url)).first()
            if document is None:
                document = Document(council_id=self.council_id, url=item.url or "")
                session.add(document)
                session.flush()
            if item.outcome == "downloaded" and item.body is not None:
                try:
                    outcome = self._keep_file(session, document, item, now)
                except (
                    FileStoreError
                ) as exc:  # a full disk, a bucket refusing: fetched again next time
                    document.error = str(exc)
                    item.error = str(exc)
            elif item.outcome == "not_modified":
                outcome = "unchanged"
                document.fetched_at = now
                document.error = None
            else:
                document.error = item.error or item.outcome
                if item.outcome == "too_large":
                    document.text_status = "too_large"
        self.counts[f"documents_{outcome}"] += 1
        if outcome == "failed":
            self.record_error(item.url, item.error or item.outcome, page=False)
        else:
            self._save_run()
        return outcome

    def _keep_file(
        self, session: Session, document: Document, item: DocumentFileItem, now: Any
    ) -> str:
        assert item.body is not None
        stored = store_bytes(self.files, item.body, item.content_type)
        document.etag = item.etag
        document.last_modified = item.last_modified
        document.fetched_at = now
        document.error = None
        if document.sha256 == stored.sha256:
            return "unchanged"
        version = session.scalars(
            select(DocumentVersion).where(
                DocumentVersion.document_id == document.id,
                DocumentVersion.sha256 == stored.sha256,
            )
        ).first()
        if version is None:
            session.add(
                DocumentVersion(
                    document_id=document.id,
                    sha256=stored.sha256,
                    size=stored.size,
                    file_path=stored.key,
                    fetched_at=now,
                )
            )
        if document.sha256 is not None:
            document.last_changed = now
        document.sha256 = stored.sha256
        document.size = stored.size
        document.file_path = stored.key
        document.content_type = item.content_type
        document.text_status = "pending"
        return "downloaded"


def interrupt_running(engine: Engine, council_slug: str) -> None:
    """Close the council's running crawl run as interrupted: for a crawl that must
    end before Scrapy could close it (its parent is gone and it will not stop)."""
    with Session(engine) as session, session.begin():
        council_id = session.scalar(select(Council.id).where(Council.slug == council_slug))
        if council_id is not None:
            _interrupt(session, council_id, finished=utcnow())


def _interrupt(session: Session, council_id: int, finished: Any = None) -> None:
    for stale in session.scalars(
        select(CrawlRun).where(CrawlRun.council_id == council_id, CrawlRun.status == "running")
    ):
        stale.status = "interrupted"
        stale.finished = stale.finished or finished


def _item_fields(data: AgendaItemData) -> dict[str, Any]:
    """What makes an agenda item changed (its documents are tracked as documents)."""
    fields = asdict(data)
    fields.pop("documents", None)
    fields.pop("minutes_url", None)
    return fields
