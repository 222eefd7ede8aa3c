"""A meeting in full, and the archived copy of a document."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import FileResponse, Response, StreamingResponse
from starlette.routing import Route

from indexer.browse import archived_file, document_ids
from indexer.meetings import meeting_detail
from indexer.store.filestore import FileStore, FolderStore
from search_cli.web.app import row_id, site_of

MEETING_TABLES = ("agenda-items", "resolutions", "attendance", "declarations", "documents")
# Attendance roles in the order a set of minutes prints them.
ROLE_ORDER = ("chair", "vice_chair", "member", "also_present", "officer", "apologies", "absent")
ROLE_LABELS = {
    "chair": "Chair",
    "vice_chair": "Vice-chair",
    "member": "Members present",
    "also_present": "Also present",
    "officer": "Officers",
    "apologies": "Apologies",
    "absent": "Absent",
}


def _attendance(rows: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    def order(row: dict[str, Any]) -> tuple[int, str]:
        role = row["role"]
        return (ROLE_ORDER.index(role) if role in ROLE_ORDER else len(ROLE_ORDER), role)

    return [
        (ROLE_LABELS.get(role, role.replace("_", " ").capitalize()), [r["person"] for r in group])
        for (_, role), group in groupby(sorted(rows, key=order), key=order)
    ]


def meeting_page(request: Request) -> Response:
    site = site_of(request)
    detail = meeting_detail(site.engine, row_id(request, "meeting_id", "meeting"))
    urls = [d["url"] for d in detail["documents"]] + [
        p["url"].split("#")[0] for p in detail["parts"]
    ]
    local = document_ids(site.engine, urls)
    day = detail["start"].date().isoformat() if detail["start"] else None
    # The export rows of this meeting: its council, committee and day.
    scope = {"council": detail["council"], "committee": detail["committee"], "since": day}
    query = urlencode({k: v for k, v in (scope | {"until": day}).items() if v})
    context = {
        "title": f"{detail['committee'] or detail['title'] or 'Meeting'} – {detail['council']}",
        "exports": [
            (t, f"/export/{t}.csv?{query}", f"/export/{t}.json?{query}") for t in MEETING_TABLES
        ]
        if day
        else [],
        "m": detail,
        "attendance": _attendance(detail["attendance"]),
        "local": local,
    }
    return site.page(request, "meeting.html", context)


def document_file(request: Request) -> Response:
    """Our archived copy: the council may have taken theirs down."""
    site = site_of(request)
    key, content_type = archived_file(
        site.engine, site.home, row_id(request, "document_id", "document")
    )
    # An archived file is the council's (or anyone's) content, not the app's:
    # never sniffed, and anything but a PDF sandboxed, so a script in an
    # imported HTML paper cannot act as this site (read tokens, post forms).
    headers = {"X-Content-Type-Options": "nosniff"}
    if content_type != "application/pdf":
        headers["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src data:"
    files = site.home.files
    if isinstance(files, FolderStore):
        return FileResponse(
            files.path(key),
            media_type=content_type,
            content_disposition_type="inline",
            headers=headers,
        )
    headers["Content-Disposition"] = "inline"
    return StreamingResponse(_chunks(files, key), media_type=content_type, headers=headers)


def _chunks(files: FileStore, key: str) -> Iterator[bytes]:
    """A file from a remote store, a megabyte at a time."""
    with files.open(key) as handle:
        yield from iter(lambda: handle.read(1 << 20), b"")


routes = [
    Route("/meetings/{meeting_id:int}", meeting_page, name="meeting"),
    Route("/documents/{document_id:int}/file", document_file, name="document_file"),
]
