"""`papers import`: papers people obtained elsewhere (an FOI response, a pack
sent by email) stored like crawled ones.

A file is kept content-addressed and its document is keyed by its archive
key (`papers:ab/cd/<sha256>.pdf`, the same on every machine), so importing
the same file twice finds the first import and changes nothing, unless a
--kind, --committee or --date given differs from what the first import
made of it: then the document is placed and read again (and a meeting it
alone made, now empty, is removed). Kind, committee and meeting date come
from the options or, where not given, from the text.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from indexer.errors import PapersError, UsageError
from indexer.home import Home
from indexer.models import (
    DOCUMENT_KINDS,
    READ_STATUSES,
    Council,
    Document,
    DocumentPart,
    DocumentVersion,
    Meeting,
    Resolution,
    utcnow,
)
from indexer.process import ReadingProgress, extract_documents, no_progress, parse_documents
from indexer.reading import (
    DocumentReading,
    MeetingRef,
    read_document,
)
from indexer.store import structure
from indexer.store.files import store_bytes
from indexer.store.filestore import archive_url
from indexer.store.placing import place

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
    # What is stored for it now, read back from the database.
    reading: DocumentReading | None = None
    # Imported before and read again because an option given differs: what
    # was stored before, and the meetings (and committees) that were left
    # empty and removed.
    reread: bool = False
    before: DocumentReading | None = None
    removed_meetings: list[MeetingRef] = field(default_factory=list)
    removed_committees: list[str] = field(default_factory=list)
    council: str | None = None  # set when already imported for another council


def files_in(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """The files to import from what was given, and the files skipped.

    A file is taken as given. A folder (a FOI response, say) gives every
    file papers reads in it and its subfolders, in a stable order: by path,
    numbers in names in numeric order ("2 report" before "10 report"). Files
    of other kinds in a folder are skipped, not an error; hidden files and
    folders (".DS_Store", ".git") are left out, and links to folders are not
    followed.
    """
    files: list[Path] = []
    skipped: list[Path] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        found = []
        for folder, subfolders, names in os.walk(path):
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]
            found += [Path(folder, name) for name in names if not name.startswith(".")]
        found.sort(key=lambda file: _natural(file.relative_to(path)))
        readable = [file for file in found if file.suffix.lower() in CONTENT_TYPES]
        if not readable:
            raise ImportFileError(
                f"No PDF, DOCX, HTML or TXT files in {path}",
                hint="papers import takes such files, or folders that hold them",
            )
        files += readable
        skipped += [file for file in found if file.suffix.lower() not in CONTENT_TYPES]
    check_paths(files)
    return files, skipped


def _natural(path: Path) -> list[tuple[int, int | str]]:
    """A sort key: each folder and name in turn, its digits as a number."""
    key: list[tuple[int, int | str]] = []
    for part in path.parts:
        for run in re.split(r"(\d+)", part.casefold()):
            key.append((0, int(run)) if run.isdigit() else (1, run))
        key.append((-1, ""))  # a folder's end sorts before anything in a longer name
    return key


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
    progress: ReadingProgress = no_progress,
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
    again: dict[int, _Again] = {}  # imported before, to be placed and read again
    elsewhere: dict[int, str] = {}  # imported before for another council
    with Session(engine) as session, session.begin():
        council_row = structure.local_council(session, council)
        for path in paths:
            content_type = CONTENT_TYPES[path.suffix.lower()]
            stored = store_bytes(home.files, path.read_bytes(), content_type)
            url = archive_url(stored.key)
            existing = session.scalar(select(Document).where(Document.url == url))
            if existing is not None:
                given_now = any(doc_id == existing.id for _, doc_id, _ in documents)
                if not given_now and _unfinished(existing, council_row.id):
                    documents.append((path, existing.id, True))
                    continue
                documents.append((path, existing.id, False))
                if existing.council_id != council_row.id:
                    elsewhere[existing.id] = session.get_one(Council, existing.council_id).slug
                elif (
                    existing.id not in again
                    # not a file given twice, its first copy imported just now
                    and not any(doc_id == existing.id and new for _, doc_id, new in documents)
                    and _differs(session, existing, committee, meeting_date, kind)
                ):
                    again[existing.id] = _Again(
                        before=read_document(session, existing),
                        touched=_touched_meetings(session, existing),
                        committee=committee,
                        meeting_date=meeting_date,
                        kind=kind,
                    )
                continue
            document = Document(
                council_id=council_row.id,
                url=url,
                title=title or path.name,
                kind=kind or "other",
                content_type=content_type,
                sha256=stored.sha256,
                size=stored.size,
                file_path=stored.key,
                fetched_at=utcnow(),
            )
            document.versions.append(
                DocumentVersion(sha256=stored.sha256, size=stored.size, file_path=stored.key)
            )
            session.add(document)
            session.flush()
            documents.append((path, document.id, True))
    extract_documents(engine, home, council, progress=progress)
    detected: dict[int, tuple[str, ...]] = {}
    for _, doc_id, new in documents:
        if new:
            detected[doc_id] = _place(engine, doc_id, committee, meeting_date, kind)
    for doc_id, redo in again.items():
        detected[doc_id] = _place_again(engine, doc_id, redo)
    parse_documents(engine, council, home=home, progress=progress)
    for doc_id, redo in again.items():
        _remove_left_empty(engine, doc_id, redo)
    outcomes = []
    for path, doc_id, new in documents:
        outcome = _outcome(engine, path, doc_id, new, detected.get(doc_id, ()))
        if doc_id in again:
            redo = again[doc_id]
            outcome.reread, outcome.before = True, redo.before
            outcome.removed_meetings = redo.removed_meetings
            outcome.removed_committees = redo.removed_committees
        outcome.council = elsewhere.get(doc_id)
        outcomes.append(outcome)
    return outcomes


# Text statuses whose documents an import goes on to parse (and so to mark parsed).
_TO_PARSE = ("pending", "ok")


def _unfinished(document: Document, council_id: int) -> bool:
    """Imported into this council by an import that stopped (killed, Ctrl-C)
    before it had read the paper: before or during extraction, placing or
    parsing. Nothing is read from it into a meeting until it is parsed, so
    placing it again, as asked now, and reading it finishes that import."""
    return (
        document.council_id == council_id
        and document.parsed_at is None
        and document.text_status in _TO_PARSE
    )


@dataclass
class _Again:
    """A document imported before that an option given now places differently."""

    before: DocumentReading
    touched: set[int]  # the meetings its earlier reading stored things in
    committee: str | None
    meeting_date: date | None
    kind: str | None
    removed_meetings: list[MeetingRef] = field(default_factory=list)
    removed_committees: list[str] = field(default_factory=list)


def _differs(
    session: Session,
    document: Document,
    committee: str | None,
    meeting_date: date | None,
    kind: str | None,
) -> bool:
    """Whether an option given says something other than what is stored."""
    meeting = document.meeting
    if kind is not None and kind != document.kind:
        return True
    if meeting_date is not None and (
        meeting is None or meeting.start is None or meeting.start.date() != meeting_date
    ):
        return True
    if committee is not None:
        if meeting is None or meeting.committee_id is None:
            return True
        found = structure.find_committee(session, document.council_id, committee)
        return found is None or found.id != meeting.committee_id
    return False


def _touched_meetings(session: Session, document: Document) -> set[int]:
    """The meetings a document's reading stored things in."""
    touched = {document.meeting_id} if document.meeting_id else set()
    touched |= {
        meeting_id
        for meeting_id in session.scalars(
            select(DocumentPart.meeting_id).where(DocumentPart.document_id == document.id)
        )
        if meeting_id is not None
    }
    touched |= set(
        session.scalars(select(Resolution.meeting_id).where(Resolution.document_id == document.id))
    )
    return touched


def _place_again(engine: Engine, doc_id: int, redo: _Again) -> tuple[str, ...]:
    """Place an imported document again: what was given now wins, what was not
    stays as it was (its kind, its meeting's committee and date: given ones
    kept, ones read from the text read again, so they stay marked as read)."""
    with Session(engine) as session, session.begin():
        document = session.get_one(Document, doc_id)
        meeting = document.meeting
        kind = redo.kind or document.kind
        committee = redo.committee
        if (
            committee is None
            and not document.read_from_text("committee")
            and meeting
            and meeting.committee
        ):
            committee = meeting.committee.name
        meeting_date = redo.meeting_date
        if (
            meeting_date is None
            and not document.read_from_text("date")
            and meeting
            and meeting.start
        ):
            meeting_date = meeting.start.date()
        for meeting_id in sorted(redo.touched):
            structure.forget_reading(session, document, meeting_id)
        document.kind = kind
        document.parsed_at = None  # read it again
        # A kind read from the text stays one to read (unless --kind is given now).
        given_kind = None if redo.kind is None and document.read_from_text("kind") else kind
    return _place(engine, doc_id, committee, meeting_date, given_kind)


def _remove_left_empty(engine: Engine, doc_id: int, redo: _Again) -> None:
    """Remove the meetings the document's earlier reading made that nothing
    refers to now (structure.meeting_in_use), and the local committees left
    with no meeting."""
    with Session(engine) as session, session.begin():
        document = session.get_one(Document, doc_id)
        still = _touched_meetings(session, document)
        for meeting_id in sorted(redo.touched - still):
            meeting = session.get(Meeting, meeting_id)
            if meeting is None or not meeting.source_id.startswith(structure.LOCAL_PREFIX):
                continue
            if structure.meeting_in_use(session, meeting_id):
                continue
            ref = MeetingRef(
                id=meeting.id,
                committee=meeting.committee.name if meeting.committee else meeting.title,
                start=meeting.start,
            )
            committee = meeting.committee
            structure.delete_meeting(session, meeting)
            redo.removed_meetings.append(ref)
            if (
                committee is not None
                and committee.source_id.startswith(structure.LOCAL_PREFIX)
                and session.scalar(
                    select(Meeting.id).where(Meeting.committee_id == committee.id).limit(1)
                )
                is None
            ):
                redo.removed_committees.append(committee.name)
                session.delete(committee)
                session.flush()


def _place(
    engine: Engine,
    doc_id: int,
    committee: str | None,
    meeting_date: date | None,
    kind: str | None,
) -> tuple[str, ...]:
    """Give a new document its kind and meeting, reading what was not given."""
    with Session(engine) as session, session.begin():
        document = session.get_one(Document, doc_id)
        pages = (
            structure.page_texts(session, document) if document.text_status in READ_STATUSES else []
        )
        return place(session, document, committee, meeting_date, kind, pages)


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
            reading=read_document(session, document),
        )
