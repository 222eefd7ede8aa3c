"""What a plain `scrapy crawl moderngov -a council=SLUG` (or Scrapyd) needs that
`papers crawl` hands its crawl child: the home, the council's site, the dates
and the files already stored (for conditional requests).

The home is the one `papers` uses: the PAPERS_HOME and PAPERS_DATABASE_URL
settings when given (`-s PAPERS_HOME=...`, Scrapyd's `setting=`), else the
PAPERS_HOME and DATABASE_URL environment variables, else ./papers-data. It is
created and migrated on first use. The council is the home's own (added by
`papers councils add`), else the site given as `-a base_url=URL`, else one of
the built-in councils; either of the last two is added to the home first.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from scrapy.settings import BaseSettings
from sqlalchemy import Engine

from indexer.db import open_database
from indexer.errors import NotFoundError, UsageError
from indexer.home import Home
from indexer.models import Council
from indexer.store.councils import LOCAL_PLATFORM, add_council, all_councils, get_council
from indexer.store.crawl import known_files
from scraper.councils import add_from, built_in
from scraper.run import crawl_window

USAGE = "scrapy crawl moderngov -a council=SLUG"


def home_for(settings: BaseSettings) -> Home:
    """The home a crawl with these settings writes to."""
    from_env = Home.from_env(settings.get("PAPERS_HOME") or None)
    url = settings.get("PAPERS_DATABASE_URL") or from_env.database_url_override
    files = settings.get("PAPERS_FILES") or from_env.files_spec
    return Home(from_env.root, url, files)


def spider_arguments(
    settings: BaseSettings,
    platform: str,
    council: str,
    base_url: str | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """The spider's arguments, with what was not given taken from the home.

    Raises a PapersError whose text is the one line to log when the council
    cannot be crawled.
    """
    if not council:
        raise UsageError("No council named", hint=f"run {USAGE}")
    window = crawl_window(_date(since, "since"), _date(until, "until"), today or date.today())
    engine = open_database(home_for(settings))
    try:
        stored = _council(engine, council, base_url, platform)
        return {
            "council": stored.slug,
            "base_url": base_url or stored.base_url,
            "since": window[0],
            "until": window[1],
            "known_files": known_files(engine, stored.slug),
        }
    finally:
        engine.dispose()


def _council(engine: Engine, wanted: str, base_url: str | None, platform: str) -> Council:
    """The home's council by slug or name, added first when it is new."""
    council = _stored(engine, wanted) or _add(engine, wanted, base_url)
    if council.platform == LOCAL_PLATFORM:
        raise UsageError(f"{council.slug} only holds imported papers and has no website to crawl")
    if council.platform != platform:
        raise UsageError(
            f"{council.slug} is a {council.platform} site", hint=f"scrapy crawl {council.platform}"
        )
    return council


def _add(engine: Engine, wanted: str, base_url: str | None) -> Council:
    """Add the site given, or the built-in council of that name, to the home."""
    if base_url:  # probed and stored as `papers councils add URL --slug SLUG` does
        return get_council(engine, add_from(engine, base_url, slug=wanted).slug)
    site = built_in(wanted)
    if site is None:
        raise NotFoundError(
            f"No council {wanted!r} in this home, nor among the built-in councils",
            hint="add it with `papers councils add NAME-OR-URL`, or give -a base_url=URL",
        )
    return add_council(engine, site.slug, site.name, site.platform, site.base_url)


def _stored(engine: Engine, wanted: str) -> Council | None:
    key = wanted.strip().lower()
    return next(
        (c for c in all_councils(engine) if key in (c.slug, c.name.lower())),
        None,
    )


def _date(value: str | date | None, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"-a {name}={value!r} is not a date", hint="give it as YYYY-MM-DD"
        ) from None
