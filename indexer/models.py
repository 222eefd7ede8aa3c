"""The database schema: SQLAlchemy 2.0 typed models.

Table and column names are part of the product: people open `papers.db` in
SQLite browsers and other tools read it (see docs/database.md). Natural keys
are unique constraints so every write is an upsert. Timestamps are naive UTC;
meeting start times are naive local time as the council prints them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from indexer.document_kinds import DOCUMENT_KINDS as DOCUMENT_KINDS  # re-exported

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

MEETING_STATUSES = ("scheduled", "cancelled", "postponed", "held")
TEXT_STATUSES = ("pending", "ok", "ocr", "no_text_layer", "encrypted", "failed", "too_large")
# Statuses whose text was read, so it is parsed and searched: `ocr` is text
# read from pictures of pages (all of a scan, or the scanned pages of a pack).
READ_STATUSES = ("ok", "ocr")
ITEM_SOURCES = ("html", "webservice", "pdf", "import")
RESOLUTION_KINDS = ("resolved", "recommended", "noted", "deferred")
ATTENDANCE_ROLES = (
    "member",
    "chair",
    "vice_chair",
    "apologies",
    "also_present",
    "absent",
    "officer",
    # Listed for a meeting without saying they attended (the site's "Expected"):
    # a meeting not yet held, a cancelled one, or one whose attendance was never recorded.
    "expected",
)


def utcnow() -> datetime:
    """The current time as naive UTC, the form every timestamp column uses."""
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Council(Base):
    __tablename__ = "councils"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    platform: Mapped[str] = mapped_column(String(30))  # moderngov / cmis / local
    base_url: Mapped[str | None] = mapped_column(String(500))
    timezone: Mapped[str] = mapped_column(String(50), default="Europe/London")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    committees: Mapped[list[Committee]] = relationship(
        back_populates="council", cascade="all, delete-orphan", passive_deletes=True
    )
    meetings: Mapped[list[Meeting]] = relationship(
        back_populates="council", cascade="all, delete-orphan", passive_deletes=True
    )


class Committee(Base):
    __tablename__ = "committees"
    __table_args__ = (UniqueConstraint("council_id", "source_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"))
    source_id: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(1000))

    council: Mapped[Council] = relationship(back_populates="committees")
    meetings: Mapped[list[Meeting]] = relationship(back_populates="committee")


class Meeting(Base):
    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("council_id", "source_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"))
    committee_id: Mapped[int | None] = mapped_column(
        ForeignKey("committees.id", ondelete="SET NULL"), index=True
    )
    source_id: Mapped[str] = mapped_column(String(100))
    title: Mapped[str | None] = mapped_column(String(500))
    start: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    status: Mapped[str] = mapped_column(String(20), default="scheduled")
    venue: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(1000))
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    first_seen: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_changed: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    council: Mapped[Council] = relationship(back_populates="meetings")
    committee: Mapped[Committee | None] = relationship(back_populates="meetings")
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting",
        order_by="AgendaItem.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    documents: Mapped[list[Document]] = relationship(back_populates="meeting")
    resolutions: Mapped[list[Resolution]] = relationship(
        back_populates="meeting",
        order_by="Resolution.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    attendances: Mapped[list[Attendance]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True
    )
    declarations: Mapped[list[Declaration]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True
    )


class AgendaItem(Base):
    __tablename__ = "agenda_items"
    __table_args__ = (UniqueConstraint("meeting_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    # Natural key within the meeting: the printed number normalised, or the
    # position where an item has no number.
    key: Mapped[str] = mapped_column(String(100))
    number: Mapped[str | None] = mapped_column(String(50))  # as printed: "59." "64/16"
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str | None] = mapped_column(Text)
    # The item's "Decision:" text as the meeting page prints it; the parsers
    # turn it into `resolutions` rows.
    decision: Mapped[str | None] = mapped_column(Text)
    minutes: Mapped[str | None] = mapped_column(Text)
    vote: Mapped[str | None] = mapped_column(Text)
    is_exempt: Mapped[bool] = mapped_column(Boolean, default=False)
    exemption: Mapped[str | None] = mapped_column(Text)
    page_start: Mapped[int | None] = mapped_column(Integer)
    page_end: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(20), default="html")
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    first_seen: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_changed: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="agenda_items")
    documents: Mapped[list[Document]] = relationship(back_populates="agenda_item")
    resolutions: Mapped[list[Resolution]] = relationship(back_populates="agenda_item")


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"))
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL"), index=True
    )
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    title: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(30), default="other")
    content_type: Mapped[str | None] = mapped_column(String(200))
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    size: Mapped[int | None] = mapped_column(Integer)
    page_count: Mapped[int | None] = mapped_column(Integer)
    text_status: Mapped[str] = mapped_column(String(20), default="pending")
    error: Mapped[str | None] = mapped_column(Text)
    fetched_at: Mapped[datetime | None] = mapped_column(DateTime)
    etag: Mapped[str | None] = mapped_column(String(300))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    file_path: Mapped[str | None] = mapped_column(String(500))  # relative to the home
    # The content whose text is in `pages`: extraction is redone only when
    # sha256 moves on from this.
    extracted_sha256: Mapped[str | None] = mapped_column(String(64))
    parsed_at: Mapped[datetime | None] = mapped_column(DateTime)
    first_seen: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_changed: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # When its meeting's page stopped listing it (replaced by a re-dated pack,
    # say). The file and its text are kept; None while the page lists it.
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)
    # What of kind / committee / date was read from the text ("kind date"),
    # not given by the user or the council's site: reading it again after a
    # parser improves (`papers reparse`) may change these, and only these.
    detected: Mapped[str] = mapped_column(String(40), default="", server_default="")

    meeting: Mapped[Meeting | None] = relationship(back_populates="documents")
    agenda_item: Mapped[AgendaItem | None] = relationship(back_populates="documents")
    versions: Mapped[list[DocumentVersion]] = relationship(
        back_populates="document",
        order_by="DocumentVersion.fetched_at",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    pages: Mapped[list[Page]] = relationship(
        back_populates="document",
        order_by="Page.number",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    parts: Mapped[list[DocumentPart]] = relationship(
        back_populates="document",
        order_by="DocumentPart.page_start",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    def read_from_text(self, field: str) -> bool:
        """Whether this paper's "kind", "committee" or "date" was read from its text."""
        return field in self.detected.split()

    def mark_read_from_text(self, *fields: str) -> None:
        self.detected = " ".join(dict.fromkeys([*self.detected.split(), *fields]))


class DocumentVersion(Base):
    __tablename__ = "document_versions"
    __table_args__ = (UniqueConstraint("document_id", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    file_path: Mapped[str | None] = mapped_column(String(500))
    fetched_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    document: Mapped[Document] = relationship(back_populates="versions")


class DocumentPart(Base):
    """A run of pages inside a document that belongs to one meeting or item.

    A reports pack carries a frontsheet, the previous meeting's minutes, each
    report and the work programme; each part points at what it belongs to.
    """

    __tablename__ = "document_parts"
    __table_args__ = (UniqueConstraint("document_id", "page_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))  # a DOCUMENT_KINDS value
    title: Mapped[str] = mapped_column(Text, default="")
    page_start: Mapped[int] = mapped_column(Integer)
    page_end: Mapped[int] = mapped_column(Integer)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL")
    )

    document: Mapped[Document] = relationship(back_populates="parts")
    agenda_item: Mapped[AgendaItem | None] = relationship()


class Page(Base):
    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)  # 1-based, as a PDF viewer counts
    text: Mapped[str] = mapped_column(Text, default="")
    # Tesseract's mean word confidence (0-100) where the page is a picture
    # read by OCR; None for a page read from its text layer.
    ocr_confidence: Mapped[float | None] = mapped_column(Float)

    document: Mapped[Document] = relationship(back_populates="pages")


class Resolution(Base):
    __tablename__ = "resolutions"
    __table_args__ = (UniqueConstraint("meeting_id", "fingerprint"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20), default="resolved")
    text: Mapped[str] = mapped_column(Text)
    clauses: Mapped[list[Any]] = mapped_column(default=list)  # ordered clause texts
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    page: Mapped[int | None] = mapped_column(Integer)
    # Where this resolution was read: ["html"], ["pdf"], ["html", "pdf"], ...
    sources: Mapped[list[Any]] = mapped_column(default=list)
    # Normalised text hash: the same resolution from two sources is one row.
    fingerprint: Mapped[str] = mapped_column(String(64))
    first_seen: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="resolutions")
    agenda_item: Mapped[AgendaItem | None] = relationship(back_populates="resolutions")


class Attendance(Base):
    __tablename__ = "attendances"
    __table_args__ = (UniqueConstraint("meeting_id", "person", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    person: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20), default="member")

    meeting: Mapped[Meeting] = relationship(back_populates="attendances")


class Declaration(Base):
    __tablename__ = "declarations"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL")
    )
    person: Mapped[str | None] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)

    meeting: Mapped[Meeting] = relationship(back_populates="declarations")


class WorkProgrammeEntry(Base):
    __tablename__ = "work_programme_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"))
    committee_id: Mapped[int | None] = mapped_column(
        ForeignKey("committees.id", ondelete="SET NULL")
    )
    # The newest document that lists the entry (every pack repeats the programme).
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    # Title and planned date as compared across programmes: one row per entry.
    key: Mapped[str] = mapped_column(String(500), default="", server_default="", index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    page: Mapped[int | None] = mapped_column(Integer)  # where that document prints it
    planned_date: Mapped[date | None] = mapped_column(Date)
    planned_label: Mapped[str | None] = mapped_column(String(200))  # as printed: "tbc"
    section: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(Text)
    details: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(Text)
    cabinet_member: Mapped[str | None] = mapped_column(String(300))
    lead_officer: Mapped[str | None] = mapped_column(String(300))
    first_seen: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ChangeCounter(Base):
    """One row: raised whenever a row the search index is made from changes.

    SQLite triggers raise it (indexer.search.changes); the index records the
    value it was built from, so `papers index` sees in one query that
    nothing changed. database_id tells one database from another.
    """

    __tablename__ = "change_counter"

    id: Mapped[int] = mapped_column(primary_key=True)
    database_id: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer, default=0)


class Watch(Base):
    __tablename__ = "watches"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    query: Mapped[str] = mapped_column(Text)
    # Search filters as given on the command line: council, committee, kind...
    filters: Mapped[dict[str, Any]] = mapped_column(default=dict)
    upcoming_only: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_run_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime)

    hits: Mapped[list[WatchHit]] = relationship(
        back_populates="watch", cascade="all, delete-orphan", passive_deletes=True
    )


class WatchHit(Base):
    """Something a watch matched: reported once, delivered once."""

    __tablename__ = "watch_hits"
    __table_args__ = (UniqueConstraint("watch_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    watch_id: Mapped[int] = mapped_column(ForeignKey("watches.id", ondelete="CASCADE"))
    # Stable identity of what matched, including a content fingerprint and the
    # meeting's status and date, so a changed agenda item, a re-published
    # document or a cancelled or moved meeting is a new hit; an unchanged one is not.
    key: Mapped[str] = mapped_column(String(300))
    hit_id: Mapped[str] = mapped_column(String(200), index=True)  # the search hit's id
    kind: Mapped[str] = mapped_column(String(40))  # new_item / new_resolution / changed ...
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    first_seen: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Matched when the watch was added (without --backfill): not news, never sent.
    baseline: Mapped[bool] = mapped_column(Boolean, default=False)
    # Channel ("output", "file:PATH", "email:ADDRESS", "webhook:URL") -> ISO time it was
    # delivered there; a channel that failed is absent, so the next run retries it.
    delivered: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Channel -> id of the notice carrying this hit there, committed before it is sent and
    # cleared when it is delivered: a run killed or failing mid-send leaves it, and the
    # next run sends that same notice again, with the same id, before anything newer.
    sending: Mapped[dict[str, Any]] = mapped_column(default=dict)

    watch: Mapped[Watch] = relationship(back_populates="hits")


class CrawlRun(Base):
    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"))
    started: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(20), default="running")  # ok / failed / ...
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    errors: Mapped[list[Any]] = mapped_column(default=list)  # [{url, reason}, ...]
