"""Adding, listing and removing councils."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, or_, select
from sqlalchemy.orm import Session

from indexer.errors import NotFoundError, UsageError
from indexer.models import Council, CrawlRun, Document, Meeting


def add_council(engine: Engine, slug: str, name: str, platform: str, base_url: str) -> Council:
    """Store a new council; a clear error if its slug or site is already there."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        clash = session.scalars(
            select(Council).where((Council.slug == slug) | (Council.base_url == base_url))
        ).first()
        if clash is not None:
            raise UsageError(
                f"Council {clash.slug!r} ({clash.base_url}) is already added",
                hint="choose another name with --slug" if clash.slug == slug else None,
            )
        council = Council(slug=slug, name=name, platform=platform, base_url=base_url)
        session.add(council)
    return council


def get_council(engine: Engine, slug: str) -> Council:
    with Session(engine, expire_on_commit=False) as session:
        council = session.scalars(select(Council).where(Council.slug == slug)).first()
        if council is None:
            raise NotFoundError(
                f"No council {slug!r} in this home", hint="see `papers councils list`"
            )
        return council


def all_councils(engine: Engine) -> list[Council]:
    with Session(engine, expire_on_commit=False) as session:
        return list(session.scalars(select(Council).order_by(Council.slug)))


def list_councils(engine: Engine) -> list[dict[str, Any]]:
    """Each council with how much is stored and when it was last crawled."""
    with Session(engine) as session:
        meetings = _per_council(session, Meeting.council_id, func.count())
        documents = _per_council(session, Document.council_id, func.count())
        last_crawled = _per_council(session, CrawlRun.council_id, func.max(CrawlRun.finished))
        return [
            {
                "slug": c.slug,
                "name": c.name,
                "platform": c.platform,
                "base_url": c.base_url,
                "meetings": meetings.get(c.id, 0),
                "documents": documents.get(c.id, 0),
                "last_crawled": last_crawled.get(c.id),
            }
            for c in session.scalars(select(Council).order_by(Council.slug))
        ]


def _per_council(session: Session, council_id: Any, aggregate: Any) -> dict[int, Any]:
    query = select(council_id, aggregate).group_by(council_id)
    return {row[0]: row[1] for row in session.execute(query)}


def remove_council(engine: Engine, slug: str) -> None:
    """Delete a council and everything stored for it (the files archive is shared and kept)."""
    with Session(engine) as session, session.begin():
        council = session.scalars(select(Council).where(Council.slug == slug)).first()
        if council is None:
            raise NotFoundError(
                f"No council {slug!r} in this home", hint="see `papers councils list`"
            )
        session.delete(council)


LOCAL_PLATFORM = "local"  # a council made by `papers import`, with no website


def councils_to_crawl(engine: Engine, slugs: list[str], everything: bool) -> list[Council]:
    """The councils a crawl names (or all of them); a clear error for none or unknown ones."""
    # Councils made by `papers import` have no website to crawl.
    stored = all_councils(engine)
    local = [c.slug for c in stored if c.platform == LOCAL_PLATFORM and c.slug in slugs]
    if local:
        raise UsageError(
            ", ".join(local) + " only holds imported papers and has no website to crawl",
            hint="add its papers with `papers import FILE --council SLUG`",
        )
    councils = [c for c in stored if c.platform != LOCAL_PLATFORM]
    if not councils:
        raise UsageError(
            "No councils with a website yet",
            hint="add one with `papers councils add NAME-OR-URL`",
        )
    if everything:
        return councils
    if not slugs:
        raise UsageError(
            "Name the councils to crawl, or give --all",
            hint="known: " + ", ".join(c.slug for c in councils),
        )
    by_slug = {c.slug: c for c in councils}
    unknown = [s for s in slugs if s not in by_slug]
    if unknown:
        raise NotFoundError(
            "No council " + ", ".join(repr(s) for s in unknown) + " in this home",
            hint="known: " + ", ".join(by_slug),
        )
    return [by_slug[s] for s in dict.fromkeys(slugs)]


def council_slug(engine: Engine, value: str | None) -> str | None:
    """The slug of the council a user named by slug or full name; a plain error if none."""
    if value is None:
        return None
    wanted = value.strip().lower()
    with Session(engine) as session:
        slug = session.scalar(
            select(Council.slug).where(
                or_(Council.slug == wanted, func.lower(Council.name) == wanted)
            )
        )
    if slug is None:
        raise NotFoundError(
            f"No council {value!r} in this home", hint="see them with `papers councils list`"
        )
    return slug
