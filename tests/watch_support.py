"""Rows and receivers for watch tests.

Rows: a council whose papers about "edge of care" grow between crawls.
`first_crawl` is what exists when the watch is added; `second_crawl` is what
a later crawl brings: each kind of news once, plus changes that are not news
for the watch (a non-matching item). Both return the ids tests refer to.

Receivers, real servers on 127.0.0.1: `Inbox` (an aiosmtpd handler) and
`Webhook` (an HTTP server). Either can hold one delivery open (`hold_at`)
until the test lets it go, to kill the sender while it waits for the answer.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from indexer.models import (
    AgendaItem,
    Committee,
    Council,
    Document,
    Meeting,
    Page,
    Resolution,
    WorkProgrammeEntry,
)
from tests.search_support import meeting

BASE = "https://democracy.example.gov.uk"
QUERY = '"edge of care"'


def _item(s: Session, meeting: Meeting, number: int, title: str, description: str) -> AgendaItem:
    row = AgendaItem(
        meeting=meeting,
        key=str(number),
        number=f"{number}.",
        position=number,
        title=title,
        description=description,
    )
    s.add(row)
    s.flush()
    return row


def first_crawl(engine: Engine, today: date) -> dict[str, int]:
    """A held meeting with a matching item and decision; an upcoming one that will be cancelled."""
    with Session(engine) as s, s.begin():
        council = Council(slug="kingston", name="Royal Borough of Kingston", platform="moderngov")
        committee = Committee(council=council, source_id="514", name="Children's Committee")
        s.add_all([council, committee])
        held = meeting(s, committee, "100", datetime(2024, 1, 15, 19, 30), "held")
        upcoming = meeting(
            s,
            committee,
            "200",
            datetime.combine(today + timedelta(days=20), datetime.min.time()),
            "scheduled",
        )
        later = meeting(
            s,
            committee,
            "300",
            datetime.combine(today + timedelta(days=60), datetime.min.time()),
            "scheduled",
        )
        edge = _item(s, held, 5, "Edge of care service", "Report on the edge of care service.")
        decision = Resolution(
            meeting_id=held.id,
            agenda_item_id=edge.id,
            text="That the edge of care report be noted.",
            fingerprint="r1",
        )
        s.add(decision)
        to_cancel = _item(s, later, 3, "Edge of care: placements", "The edge of care placements.")
        budget = _item(s, upcoming, 1, "Budget monitoring", "Quarter 3 budget.")
        s.add(decision)
        s.flush()
        return {
            "held": held.id,
            "upcoming": upcoming.id,
            "later": later.id,
            "edge_item": edge.id,
            "decision": decision.id,
            "to_cancel_item": to_cancel.id,
            "budget_item": budget.id,
            "committee": committee.id,
            "council": council.id,
        }


def second_crawl(engine: Engine, ids: dict[str, int]) -> dict[str, str]:
    """Each kind of news once; returns the expected kind by hit id."""
    with Session(engine) as s, s.begin():
        held = s.get_one(Meeting, ids["held"])
        upcoming = s.get_one(Meeting, ids["upcoming"])
        new_item = _item(s, upcoming, 2, "Edge of care: update", "The edge of care team's year.")
        # Not news for the watch: it does not match.
        _item(s, upcoming, 4, "School transport", "Home to school transport policy.")
        new_decision = Resolution(
            meeting=held,
            agenda_item_id=ids["edge_item"],
            text="That officers report back on the edge of care budget.",
            fingerprint="r2",
        )
        s.add(new_decision)
        # Re-published agenda: the matching item's text changed.
        s.get_one(
            AgendaItem, ids["edge_item"]
        ).description = "Revised report on the edge of care service, with figures."
        s.get_one(Meeting, ids["later"]).status = "cancelled"
        supplement = Document(
            council_id=ids["council"],
            meeting=upcoming,
            url=f"{BASE}/documents/s200/Supplement.pdf",
            title="Supplement: late figures",
            kind="supplement",
            page_count=2,
            text_status="ok",
        )
        s.add(supplement)
        s.flush()
        s.add_all(
            [
                Page(document=supplement, number=1, text="Contents"),
                Page(document=supplement, number=2, text="Table 1: edge of care referrals."),
            ]
        )
        entry = WorkProgrammeEntry(
            council_id=ids["council"],
            committee_id=ids["committee"],
            planned_date=upcoming.start.date() + timedelta(days=90),
            title="Edge of care annual report",
        )
        s.add(entry)
        s.flush()
        return {
            f"item:{new_item.id}": "new_item",
            f"resolution:{new_decision.id}": "new_resolution",
            f"item:{ids['edge_item']}": "changed",
            f"item:{ids['to_cancel_item']}": "cancelled",
            f"page:{supplement.id}:2": "new_page",
            f"work-programme:{entry.id}": "new_work_programme",
        }


# Only catches a hang: a held delivery is let go by the test long before this.
HOLD_SECONDS = 120


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Hold:
    """Holds the `at`-th delivery (1-based) after taking it, until `release`."""

    def __init__(self, at: int | None = None) -> None:
        self.at = at
        self.arrived = threading.Event()
        self.released = threading.Event()

    def wait_if_held(self, count: int) -> None:
        if count == self.at:
            self.arrived.set()
            self.released.wait(HOLD_SECONDS)


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self, hold_at: int | None = None) -> None:
        self.messages: list[tuple[list[str], Message]] = []
        self.hold = Hold(hold_at)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        await asyncio.to_thread(self.hold.wait_if_held, len(self.messages))
        return "250 Message accepted"


class Webhook:
    """A local HTTP server answering POSTs with the statuses it is given, in turn.

    `received` keeps each body taken with a 200 and `headers` its headers:
    a held POST is taken (a receiver would act on it) before it is answered.
    """

    def __init__(self, hold_at: int | None = None) -> None:
        self.statuses: list[int] = []
        self.received: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.gets = 0
        self.hold = Hold(hold_at)
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status = hook.statuses.pop(0) if hook.statuses else 200
                if status == 200:
                    assert self.headers["Content-Type"].startswith("application/json")
                    hook.received.append(json.loads(body))
                    hook.headers.append(dict(self.headers))
                    hook.hold.wait_if_held(len(hook.received))
                try:
                    self.send_response(status)
                    if status == 302:
                        self.send_header("Location", "/elsewhere")
                    self.end_headers()
                except OSError:
                    pass  # the sender was killed while this one was held

            def do_GET(self) -> None:  # where a followed redirect would land
                hook.gets += 1
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"


@contextmanager
def serving(hook: Webhook) -> Iterator[Webhook]:
    """The webhook answering on its own thread for the block."""
    thread = threading.Thread(target=hook.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hook
    finally:
        hook.hold.released.set()
        hook.server.shutdown()
        hook.server.server_close()
