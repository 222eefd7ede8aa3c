"""Watches and their hits in the database.

Every hit a watch has matched is a `watch_hits` row keyed by its state (see
matching.hit_key). Hits found when a watch is added are `baseline` (seen, not
news). A hit's `delivered` maps each channel it reached to a time, so each
destination gets each hit once and a failed one is retried on the next run;
`sending` marks hits on their way to a channel (see run.py for the guarantee).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from indexer.errors import NotFoundError, UsageError
from indexer.models import Document, Watch, WatchHit
from indexer.search_index import Hit
from indexer.watch.matching import KEY_SCHEME, WatchQuery, describe, hit_key

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
# Taken by the web app's own pages under /watches/.
RESERVED_NAMES = {"new"}
# Hit ids looked up per query when finding what a changed hit was before.
CHUNK = 500


def check_name(name: str) -> None:
    if not NAME.fullmatch(name):
        raise UsageError(
            f"Cannot use {name!r} as a watch name",
            hint="use letters, digits, '.', '_' or '-', e.g. edge-of-care",
        )


def check_new_name(session: Session, name: str) -> None:
    """A usable name that no watch has yet."""
    check_name(name)
    if name.lower() in RESERVED_NAMES:
        raise UsageError(
            f"{name!r} names a page of `papers serve`, not a watch", hint="choose another name"
        )
    if session.scalar(select(Watch.id).where(Watch.name == name)) is not None:
        raise UsageError(
            f"A watch called {name!r} already exists",
            hint=f"choose another name, or `papers watch remove {name}` first",
        )


def create_watch(session: Session, name: str, query: WatchQuery) -> Watch:
    check_new_name(session, name)
    watch = Watch(
        name=name,
        query=query.query,
        filters={"council": query.council, "committee": query.committee, "kinds": query.kinds},
        upcoming_only=query.upcoming_only,
    )
    session.add(watch)
    session.flush()
    return watch


def watch_query(watch: Watch) -> WatchQuery:
    filters = watch.filters or {}
    return WatchQuery(
        query=watch.query,
        council=filters.get("council"),
        committee=filters.get("committee"),
        kinds=tuple(filters.get("kinds") or ()),
        upcoming_only=watch.upcoming_only,
    )


def get_watch(session: Session, name: str) -> Watch:
    watch = session.scalar(select(Watch).where(Watch.name == name))
    if watch is None:
        raise NotFoundError(f"No watch called {name!r}", hint="see `papers watch list`")
    return watch


def select_watches(session: Session, names: Sequence[str]) -> list[Watch]:
    """The named watches, or every watch when no name is given."""
    if not names:
        return list(session.scalars(select(Watch).order_by(Watch.name)))
    return [get_watch(session, name) for name in dict.fromkeys(names)]


def record_hits(
    session: Session, watch: Watch, hits: Iterable[Hit], *, baseline: bool = False
) -> list[WatchHit]:
    """Store the hits whose key this watch has not seen; returns the new rows.

    A hit recorded only under an older key scheme is carried over as seen: a
    new way of computing keys is not news.
    """
    seen = session.execute(
        select(WatchHit.key, WatchHit.hit_id).where(WatchHit.watch_id == watch.id)
    ).all()
    known = {key for key, _ in seen}
    current = {hit_id for key, hit_id in seen if key.startswith(KEY_SCHEME)}
    older = {hit_id for key, hit_id in seen if not key.startswith(KEY_SCHEME)} - current
    fresh: dict[str, Hit] = {}
    for hit in hits:
        key = hit_key(hit)
        if key not in known:
            fresh.setdefault(key, hit)
    before = _last_payloads(session, watch, {hit.id for hit in fresh.values()})
    titled_before = _documents_stored_before(
        session, {hit.id for hit in fresh.values() if hit.id not in before}, watch
    )
    rows = []
    for key, hit in fresh.items():
        payload = describe(hit, before.get(hit.id))
        rows.append(
            WatchHit(
                watch_id=watch.id,
                key=key,
                hit_id=hit.id,
                kind=payload["kind"],
                payload=payload,
                baseline=baseline or hit.id in older or hit.id in titled_before,
                delivered={},
            )
        )
    session.add_all(rows)
    session.flush()
    return rows


def _documents_stored_before(session: Session, hit_ids: set[str], watch: Watch) -> set[str]:
    """The document-title hits among these whose document the watch had already been run over.

    Search began to find documents by their titles (before, a title counted as
    text of every page): an old paper found that way is not news.
    """
    ids = {
        int(hit_id.removeprefix("document:"))
        for hit_id in hit_ids
        if hit_id.startswith("document:")
    }
    since = watch.last_run_at  # a watch never run (just added) has nothing before
    if not ids or since is None:
        return set()
    old = session.scalars(
        select(Document.id).where(Document.id.in_(ids), Document.first_seen < since)
    )
    return {f"document:{doc_id}" for doc_id in old}


def _last_payloads(session: Session, watch: Watch, hit_ids: set[str]) -> dict[str, dict[str, Any]]:
    """The latest recorded payload of each of these hit ids, for telling what changed."""
    found: dict[str, dict[str, Any]] = {}
    ids = sorted(hit_ids)
    for start in range(0, len(ids), CHUNK):
        rows = session.execute(
            select(WatchHit.hit_id, WatchHit.payload)
            .where(WatchHit.watch_id == watch.id, WatchHit.hit_id.in_(ids[start : start + CHUNK]))
            .order_by(WatchHit.id)
        )
        for hit_id, payload in rows:
            found[hit_id] = payload
    return found


def pending(session: Session, watch: Watch, channel: str) -> list[WatchHit]:
    """Hits that are news and have not reached this channel yet, oldest first."""
    # Filtered in SQL: a watch's history only grows, its pending hits stay few.
    return list(
        session.scalars(
            select(WatchHit)
            .where(
                WatchHit.watch_id == watch.id,
                WatchHit.baseline.is_(False),
                WatchHit.delivered[channel].as_string().is_(None),
            )
            .order_by(WatchHit.id)
        )
    )


def mark_sending(hits: Iterable[WatchHit], channel: str, notice: str | None) -> None:
    """Record these hits as on their way to `channel` in `notice` (commit before
    sending), or, with None, as not on their way there."""
    for hit in hits:
        # A new dict, so the JSON column is seen as changed.
        sending = {c: n for c, n in (hit.sending or {}).items() if c != channel}
        hit.sending = sending if notice is None else {**sending, channel: notice}


def mark_delivered(hits: Iterable[WatchHit], channel: str, when: datetime) -> None:
    for hit in hits:
        hit.delivered = {**(hit.delivered or {}), channel: when.isoformat(timespec="seconds")}
        if channel in (hit.sending or {}):
            mark_sending([hit], channel, None)


def notices(hits: Sequence[WatchHit], channel: str) -> list[tuple[list[WatchHit], bool]]:
    """Pending hits in the notices they go out in, each with whether it was sent before.

    A notice already on its way (a run was killed or a send failed) goes again
    with exactly its hits, so it keeps its id; the hits never sent make one new
    notice, last.
    """
    earlier: dict[str, list[WatchHit]] = {}
    fresh: list[WatchHit] = []
    for hit in hits:
        notice = (hit.sending or {}).get(channel)
        if notice is None:
            fresh.append(hit)
        else:
            earlier.setdefault(notice, []).append(hit)
    batches = [(batch, True) for batch in earlier.values()]
    return batches + ([(fresh, False)] if fresh else [])


def recent_hits(session: Session, watch: Watch, limit: int) -> list[WatchHit]:
    """The latest hits that were news, newest first (all of them if `limit` is 0)."""
    query = (
        select(WatchHit)
        .where(WatchHit.watch_id == watch.id, WatchHit.baseline.is_(False))
        .order_by(WatchHit.id.desc())
    )
    return list(session.scalars(query.limit(limit) if limit else query))


def watch_summaries(session: Session) -> list[dict[str, Any]]:
    """One row per watch for `papers watch list`."""
    counts = dict(
        session.execute(
            select(WatchHit.watch_id, func.count())
            .where(WatchHit.baseline.is_(False))
            .group_by(WatchHit.watch_id)
        ).all()
    )
    return [
        describe_watch(watch) | {"hits": counts.get(watch.id, 0)}
        for watch in session.scalars(select(Watch).order_by(Watch.name))
    ]


def describe_watch(watch: Watch) -> dict[str, Any]:
    query = watch_query(watch)
    return {
        "name": watch.name,
        "query": watch.query,
        "council": query.council,
        "committee": query.committee,
        "kinds": list(query.kinds),
        "upcoming_only": watch.upcoming_only,
        "created_at": _seconds(watch.created_at),
        "last_run_at": _seconds(watch.last_run_at),
        "last_success_at": _seconds(watch.last_success_at),
    }


def _seconds(when: datetime | None) -> datetime | None:
    return when.replace(microsecond=0) if when else None


def remove_watch(session: Session, name: str) -> None:
    session.delete(get_watch(session, name))
