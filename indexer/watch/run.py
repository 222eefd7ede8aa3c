"""One `papers watch run`: find what is new for each watch and deliver it.

New hits are recorded first (committed), then each destination gets what it
has not had: the output (text, JSON or Atom), then each e-mail address and
webhook, watch by watch. A dry run does all of this in a transaction it rolls
back, and sends nothing.

The guarantee for e-mail and webhooks is at-least-once with stable ids. Each
notice (one message or POST: some hits of one watch) has an id made from its
hits (ids.notice_id). It is recorded as on its way, and committed, before it
is sent, and marked delivered only once the server accepted it. A run killed
mid-send, or a send that failed once under way (the server may still have
taken it), leaves it on its way: the next run sends exactly that notice
again, with the same id, before anything newer. One that failed before
anything was sent (no connection) is simply not on its way any more. So
nothing is lost, and a repeat carries an id the receiver has seen. The
output is marked once written; a run killed between the two writes those
hits again next time (their `entry_id`s are stable too).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from indexer.errors import DeliveryError, NotFoundError, NotSentError
from indexer.home import Home
from indexer.locks import exclusive
from indexer.models import Watch, utcnow
from indexer.search_index import update_index
from indexer.watch.matching import current_hits
from indexer.watch.report import WatchReport, watch_report
from indexer.watch.state import (
    mark_delivered,
    mark_sending,
    notices,
    pending,
    recent_hits,
    record_hits,
    select_watches,
    watch_query,
)

STDOUT = "output"
# A feed carries each watch's latest hits, not only this run's: readers drop
# the entries they have already shown by id.
FEED_ENTRIES = 50


class Sender(Protocol):
    channel: str

    def send(self, report: WatchReport) -> None: ...


@dataclass
class Delivery:
    watch: str
    channel: str
    count: int
    notice: str
    # Sent before by a run that was killed or failed mid-send: the receiver may have it.
    again: bool = False
    error: str | None = None


@dataclass
class RunSummary:
    dry_run: bool
    deliveries: list[Delivery] = field(default_factory=list)

    @property
    def failures(self) -> list[Delivery]:
        return [d for d in self.deliveries if d.error]


def output_channel(path: Path | None) -> str:
    """Standard output is one destination; each output file is another."""
    return STDOUT if path is None else f"file:{path.resolve()}"


def _report(session: Session, watch: Watch, channel: str, feed: bool) -> WatchReport:
    rows = recent_hits(session, watch, FEED_ENTRIES) if feed else pending(session, watch, channel)
    return watch_report(watch.name, watch.query, rows)


def run_watches(
    engine: Engine,
    home: Home,
    names: Sequence[str] = (),
    *,
    output: Callable[[list[WatchReport]], None] | None = None,
    output_to: str = STDOUT,
    feed: bool = False,
    senders: Sequence[Sender] = (),
    dry_run: bool = False,
    today: date | None = None,
    progress: Callable[[str], None] | None = None,
) -> RunSummary:
    """Run the named watches (all when none are named).

    `output` receives, per watch, the hits the destination `output_to` has not
    had yet (with `feed`, the latest hits instead). `senders` deliver per watch.
    """
    with exclusive(home.root / "watch.lock", "`papers watch run`", progress):
        return _run_watches(
            engine, home, names, output, output_to, feed, senders, dry_run, today, progress
        )


def _run_watches(
    engine: Engine,
    home: Home,
    names: Sequence[str],
    output: Callable[[list[WatchReport]], None] | None,
    output_to: str,
    feed: bool,
    senders: Sequence[Sender],
    dry_run: bool,
    today: date | None,
    progress: Callable[[str], None] | None,
) -> RunSummary:
    update_index(engine, home, progress=progress)
    summary = RunSummary(dry_run=dry_run)
    started = utcnow()
    with Session(engine) as session:
        watches = select_watches(session, names)
        if not watches:
            raise NotFoundError("There are no watches", hint='papers watch add NAME "QUERY"')
        for watch in watches:
            hits = current_hits(home, watch_query(watch), today or date.today())
            record_hits(session, watch, hits)
            watch.last_run_at = started
        if not dry_run:
            session.commit()
        if output is not None:
            output([_report(session, watch, output_to, feed) for watch in watches])
            for watch in watches:
                mark_delivered(pending(session, watch, output_to), output_to, started)
            if not dry_run:
                session.commit()
        for sender in senders:
            for watch in watches:
                _deliver(session, watch, sender, summary)
        failed = {d.watch for d in summary.failures}
        for watch in watches:
            if watch.name not in failed:
                watch.last_success_at = started
        if dry_run:
            session.rollback()
        else:
            session.commit()
    return summary


def _deliver(session: Session, watch: Watch, sender: Sender, summary: RunSummary) -> None:
    for hits, again in notices(pending(session, watch, sender.channel), sender.channel):
        report = watch_report(watch.name, watch.query, hits)
        delivery = Delivery(watch.name, sender.channel, len(hits), report.id, again)
        summary.deliveries.append(delivery)
        if summary.dry_run:
            continue
        mark_sending(hits, sender.channel, report.id)
        session.commit()  # on its way before it goes: a kill from here on means "send again"
        try:
            sender.send(report)
        except DeliveryError as exc:
            delivery.error = str(exc)
            if isinstance(exc, NotSentError):
                mark_sending(hits, sender.channel, None)  # never left: not a repeat next time
                session.commit()
            return  # the rest waits with it for the next run
        mark_delivered(hits, sender.channel, utcnow())
        session.commit()
