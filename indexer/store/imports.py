"""`papers import`: papers people obtained elsewhere (an FOI response, a pack
sent by email) stored like crawled ones.

A file is kept content-addressed and its document is keyed by the archive
file's URL, so importing the same file twice finds the first import and
changes nothing. Kind, committee and meeting date come from the options or,
where not given, from the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from indexer.errors import PapersError, UsageError
from indexer.home import Home
from indexer.models import DOCUMENT_KINDS, Document, DocumentVersion, utcnow
from indexer.parse.classify import classify_document, detect_meeting
from indexer.process import extract_documents, parse_documents
from indexer.store import structure
from indexer.store.files import store_bytes

CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".html": "text/html",
    ".htm": "text/html",
    ".txt": "text/plain",
    ".text": "text/plain",
}


class ImportFileError(PapersError):
    """A file given to `papers import` that cannot be imported."""


@dataclass
class ImportOutcome:
    path: Path
    document_id: int
    new: bool
    kind: str
    committee: str | None
    meeting_date: date | None
    meeting_id: int | None
    text_status: str
    page_count: int | None
    error: str | None
    detected: tuple[str, ...]  # which of kind / committee / date came from the text


def check_paths(paths: list[Path]) -> None:
    """Every file exists, is readable and is a kind we read: else one plain line."""
    for path in paths:
        if not path.exists():
            raise ImportFileError(f"No such file: {path}")
        if not path.is_file():
            raise ImportFileError(f"Not a file: {path}")
        if path.suffix.lower() not in CONTENT_TYPES:
            raise ImportFileError(
                f"Cannot import {path.name}: papers reads PDF, DOCX, HTML and TXT files",
                hint="old .doc files can be saved as .docx or PDF first",
            )
        try:
            with path.open("rb"):
                pass
        except OSError as exc:
            raise ImportFileError(f"Cannot read {path}: {exc.strerror or exc}") from exc


def import_files(
    engine: Engine,
    home: Home,
    paths: list[Path],
    council: str,
    *,
    committee: str | None = None,
    meeting_date: date | None = None,
    kind: str | None = None,
    title: str | None = None,
) -> list[ImportOutcome]:
    """Store, read and parse local files for a council (created if new)."""
    if kind is not None and kind not in DOCUMENT_KINDS:
        raise UsageError(f"Unknown kind {kind!r}; choose one of: {', '.join(DOCUMENT_KINDS)}")
    if not structure.is_slug(council):
        raise UsageError(
            f"{council!r} is not a council slug: use lower-case letters, digits and hyphens"
        )
    check_paths(paths)
    documents: list[tuple[Path, int, bool]] = []
    with Session(engine) as session, session.begin():
        council_row = structure.local_council(session, council)
        for path in paths:
            content_type = CONTENT_TYPES[path.suffix.lower()]
            stored = store_bytes(home.root, path.read_bytes(), content_type)
            url = (home.root / stored.relative_path).as_uri()
            existing = session.scalar(select(Document).where(Document.url == url))
            if existing is not None:
                documents.append((path, existing.id, False))
                continue
            document = Document(
                council_id=council_row.id,
                url=url,
                title=title or path.name,
                kind=kind or "other",
                content_type=content_type,
                sha256=stored.sha256,
                size=stored.size,
                file_path=stored.relative_path,
                fetched_at=utcnow(),
            )
            document.versions.append(
                DocumentVersion(
                    sha256=stored.sha256, size=stored.size, file_path=stored.relative_path
                )
            )
            session.add(document)
            session.flush()
            documents.append((path, document.id, True))
    extract_documents(engine, home, council)
    detected: dict[int, tuple[str, ...]] = {}
    for _, doc_id, new in documents:
        if new:
            detected[doc_id] = _place(engine, doc_id, committee, meeting_date, kind)
    parse_documents(engine, council)
    return [
        _outcome(engine, path, doc_id, new, detected.get(doc_id, ()))
        for path, doc_id, new in documents
    ]


def _place(
    engine: Engine,
    doc_id: int,
    committee: str | None,
    meeting_date: date | None,
    kind: str | None,
) -> tuple[str, ...]:
    """Give a new document its kind and meeting, reading what was not given."""
    found: list[str] = []
    with Session(engine) as session, session.begin():
        document = session.get(Document, doc_id)
        assert document is not None
        pages = structure.page_texts(session, document) if document.text_status == "ok" else []
        if kind is None and pages:
            document.kind = classify_document(pages, document.title)
            found.append("kind")
        start: datetime | None = None
        if (committee is None or meeting_date is None) and pages:
            seen_committee, seen_date = detect_meeting(pages, document.title, kind=document.kind)
            if committee is None and seen_committee:
                committee = seen_committee
                found.append("committee")
            if meeting_date is None and seen_date:
                if isinstance(seen_date, datetime):
                    start, meeting_date = seen_date, seen_date.date()
                else:
                    meeting_date = seen_date
                found.append("date")
        if meeting_date is not None:
            committee_row = (
                structure.committee_named(session, document.council_id, committee)
                if committee
                else None
            )
            meeting = structure.meeting_on(
                session, document.council_id, committee_row, meeting_date, create=True
            )
            assert meeting is not None
            if start is not None and meeting.start == datetime.combine(meeting_date, time()):
                meeting.start = start  # the printed time, where the meeting had none
            document.meeting_id = meeting.id
    return tuple(found)


def _outcome(
    engine: Engine, path: Path, doc_id: int, new: bool, detected: tuple[str, ...]
) -> ImportOutcome:
    with Session(engine) as session:
        document = session.get(Document, doc_id)
        assert document is not None
        meeting = document.meeting
        return ImportOutcome(
            path=path,
            document_id=doc_id,
            new=new,
            kind=document.kind,
            committee=meeting.committee.name if meeting and meeting.committee else None,
            meeting_date=meeting.start.date() if meeting and meeting.start else None,
            meeting_id=meeting.id if meeting else None,
            text_status=document.text_status,
            page_count=document.page_count,
            error=document.error,
            detected=detected,
        )
