"""What the spiders yield. Items are dataclasses; fields default to None.

A spider yields `CommitteeItem` and `MeetingItem` (with its agenda items,
documents and attendance inside) from listing and meeting pages, and one
`DocumentFileItem` per document it fetched (or found unchanged, or failed
to fetch), and a `FetchErrorItem` for a page that failed. The store pipeline
writes each to the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class CommitteeItem:
    council: str | None = None  # council slug
    source_id: str | None = None  # the site's committee id, e.g. "711"
    name: str | None = None
    url: str | None = None


@dataclass
class DocumentRef:
    """A link to a document, taken from the page (never built)."""

    url: str | None = None  # absolute, whitespace removed, percent-encoded
    title: str | None = None
    kind: str | None = None  # a DOCUMENT_KINDS value (indexer.models)
    item_number: str | None = None  # the agenda item it belongs to, as printed


@dataclass
class AttendeeData:
    person: str | None = None
    role: str | None = None  # an ATTENDANCE_ROLES value (indexer.models)


@dataclass
class AgendaItemData:
    number: str | None = None  # exactly as printed: "54."
    position: int = 0  # 0-based order on the page
    title: str | None = None
    description: str | None = None
    decision: str | None = None  # the "Decision:" text, as printed
    minutes: str | None = None  # the "Minutes:" text (full, once mgAi.aspx is followed)
    minutes_url: str | None = None  # "view the full minutes text" link, when cut short
    vote: str | None = None  # a recorded vote, as printed
    is_exempt: bool = False
    exemption: str | None = None
    documents: list[DocumentRef] = field(default_factory=list)


@dataclass
class MeetingListEntry:
    """A meeting as a committee's meeting list (or GetMeetings) shows it."""

    source_id: str | None = None  # the meeting id (MId)
    committee_source_id: str | None = None
    url: str | None = None  # the meeting page
    start: datetime | None = None
    status: str | None = None  # scheduled / cancelled / postponed / held


@dataclass
class MeetingItem:
    council: str | None = None
    committee_source_id: str | None = None
    committee_name: str | None = None
    source_id: str | None = None
    title: str | None = None
    start: datetime | None = None  # local time as printed
    status: str | None = None
    venue: str | None = None
    url: str | None = None
    source: str | None = None  # "html" or "webservice"
    agenda_items: list[AgendaItemData] = field(default_factory=list)
    documents: list[DocumentRef] = field(default_factory=list)  # meeting-level
    attendance: list[AttendeeData] = field(default_factory=list)
    # False when part of the document list could not be read (a pack chooser
    # failed): then no stored document is taken as withdrawn.
    documents_complete: bool = True


@dataclass
class DocumentFileItem:
    """The outcome of fetching one document."""

    council: str | None = None
    url: str | None = None
    outcome: str | None = None  # downloaded / not_modified / failed / too_large
    body: bytes | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None


@dataclass
class FetchErrorItem:
    """A page that could not be fetched or read: recorded, and the crawl goes on."""

    council: str | None = None
    url: str | None = None
    reason: str | None = None
