"""Which documents each meeting publishes, at which path, built by which function.

Paths follow ModernGov: meeting-level files under documents/gNNN/ with a
?T= type, item reports under documents/sNNN/. Pages and XML link to exactly
these paths, so a crawler never has to build a document URL. One committee
links each meeting's reports pack through mgChooseDocPack.aspx?ID=<MId>, an
HTML page listing the meeting's PDFs, as some real sites do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from scraper.sample_site.pdfs import minutes_pdf, pack_pdf, report_pdf
from scraper.sample_site.schedule import Item, Meeting


@dataclass(frozen=True)
class Document:
    title: str  # the link text
    path: str  # relative to the site root, unencoded (spaces as on real sites)
    build: Callable[[], bytes]


def _stamp(meeting: Meeting) -> str:
    """ "Tuesday 09-Sep-2026 10.00 Children and Young People Scrutiny Committee"."""
    return f"{meeting.start:%A %d-%b-%Y %H.%M} {meeting.committee.name}"


def meeting_documents(meeting: Meeting) -> list[Document]:
    """The reports pack once the agenda is out, the printed minutes once held."""
    if not meeting.published:
        return []
    folder = f"documents/g{meeting.pack_id}"
    documents = [
        Document(
            "Agenda reports pack",
            f"{folder}/Public reports pack {_stamp(meeting)}.pdf?T=10",
            partial(pack_pdf, meeting),
        )
    ]
    if meeting.held:
        documents.append(
            Document(
                "Printed minutes",
                f"{folder}/Printed minutes {_stamp(meeting)}.pdf?T=1",
                partial(minutes_pdf, meeting),
            )
        )
    return documents


# Highways and Transport: its meeting pages link the pack through the chooser page.
DOC_PACK_CHOOSER_COMMITTEE = 133


def doc_pack_chooser_path(meeting: Meeting) -> str | None:
    """mgChooseDocPack.aspx?ID=<MId> when the meeting's pack is linked through it, else None."""
    if meeting.committee.id != DOC_PACK_CHOOSER_COMMITTEE or not meeting.published:
        return None
    return f"mgChooseDocPack.aspx?ID={meeting.id}"


def item_report(meeting: Meeting, item: Item) -> Document | None:
    """The item's own report, for items that have one."""
    if item.paper is None:
        return None
    return Document(
        item.title,
        f"documents/s{item.id}/{item.paper.file_name}.pdf",
        partial(report_pdf, meeting, item),
    )


def all_documents(meetings: list[Meeting]) -> list[Document]:
    documents = []
    for meeting in meetings:
        documents += meeting_documents(meeting)
        if meeting.published:
            documents += [d for item in meeting.items if (d := item_report(meeting, item))]
    return documents
