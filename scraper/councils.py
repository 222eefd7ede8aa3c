"""Which councils papers knows, and finding out what a council's site is.

`resolve` turns what a user typed into a council to store: a bare name from
the built-in list below (no network needed), or a URL whose site is probed:
the ModernGov web service at mgWebService.asmx first, then the HTML pages
for ModernGov's markup. The council's name comes from the site's title.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import Engine

from indexer.errors import PapersError
from indexer.store.councils import add_council
from scraper.moderngov import pages, webservice
from scraper.moderngov.webservice import WebServiceError
from scraper.settings import USER_AGENT

DETECT_TIMEOUT = 30.0
# A probe reads at most this much: enough for any committee page.
PROBE_MAX_BYTES = 5 * 1024 * 1024


class UnknownSiteError(PapersError):
    """The site could not be reached, or is not a platform papers can crawl."""


@dataclass(frozen=True)
class CouncilSite:
    slug: str
    name: str
    base_url: str
    platform: str = "moderngov"


# Well-known ModernGov councils: `papers councils add stockport`.
BUILT_IN: dict[str, CouncilSite] = {
    site.slug: site
    for site in (
        CouncilSite("staffordshire", "Staffordshire", "https://moderngov.staffordshire.gov.uk/"),
        CouncilSite("stockport", "Stockport", "https://democracy.stockport.gov.uk/"),
        CouncilSite("tameside", "Tameside", "https://tameside.moderngov.co.uk/"),
        CouncilSite("thurrock", "Thurrock", "https://democracy.thurrock.gov.uk/"),
        CouncilSite("kingston", "Kingston upon Thames", "https://moderngov.kingston.gov.uk/"),
        CouncilSite("manchester", "Manchester", "https://democracy.manchester.gov.uk/"),
    )
}


def slugify(text: str) -> str:
    """'Kingston upon Thames' → 'kingston-upon-thames'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def built_in(name: str) -> CouncilSite | None:
    """A built-in council by slug or name, in any case and spacing."""
    wanted = slugify(name)
    for site in BUILT_IN.values():
        if wanted in (site.slug, slugify(site.name)):
            return site
    return None


def looks_like_url(text: str) -> bool:
    return "/" in text or "." in text or ":" in text


def normalise_base_url(url: str) -> str:
    """The site's base: scheme, host and folder, without the page, query or fragment.

    "moderngov.kingston.gov.uk/mgCommitteeStructure.aspx?bcr=1" becomes
    "https://moderngov.kingston.gov.uk/".
    """
    text = url.strip()
    if not re.match(r"^[a-z][a-z0-9+.-]*://", text, re.I):
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise UnknownSiteError(f"Not a web address: {url!r}")
    path = parts.path or "/"
    last = path.rsplit("/", 1)[-1]
    if "." in last:  # a page such as mgCommitteeStructure.aspx: keep its folder
        path = path[: -len(last)]
    if not path.endswith("/"):
        path += "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, "", ""))


def resolve(
    target: str,
    slug: str | None = None,
    name: str | None = None,
    timeout: float = DETECT_TIMEOUT,
) -> CouncilSite:
    """The council `target` names: a built-in name, or a ModernGov site's URL."""
    known = built_in(target)
    if known is not None:
        return CouncilSite(slug or known.slug, name or known.name, known.base_url)
    if not looks_like_url(target):
        raise UnknownSiteError(
            f"Unknown council {target!r}",
            hint="give the address of its committee papers site, or one of: "
            + ", ".join(sorted(BUILT_IN)),
        )
    base_url = normalise_base_url(target)
    title = detect_moderngov(base_url, timeout)
    found_name = name or title or (urlsplit(base_url).hostname or base_url)
    return CouncilSite(slug or slugify(found_name), found_name, base_url)


def detect_moderngov(base_url: str, timeout: float = DETECT_TIMEOUT) -> str | None:
    """Check `base_url` is a ModernGov site; returns the site's council name if it has one.

    Raises UnknownSiteError saying what was tried when neither the web
    service nor any page looks like ModernGov.
    """
    tried: list[str] = []
    service = False
    service_url = base_url + "mgWebService.asmx/GetCommittees"
    try:
        webservice.parse_committees(_fetch(service_url, timeout), "probe", base_url)
        service = True
    except (UnknownSiteError, WebServiceError) as exc:
        tried.append(f"{service_url} ({exc})")
    for page in ("mgCommitteeStructure.aspx", "mgListCommittees.aspx", ""):
        url = base_url + page
        try:
            html = _fetch(url, timeout).decode("utf-8", errors="replace")
        except UnknownSiteError as exc:
            tried.append(f"{url} ({exc})")
            continue
        if pages.is_moderngov(html):
            return pages.site_title(html)
        tried.append(f"{url} (no ModernGov markup)")
    if service:
        return None
    raise UnknownSiteError(
        f"No ModernGov site found at {base_url}; tried " + "; ".join(tried),
        hint="check the address of the council's committee papers site",
    )


def _fetch(url: str, timeout: float) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return bytes(response.read(PROBE_MAX_BYTES))
    except urllib.error.HTTPError as exc:
        raise UnknownSiteError(f"HTTP {exc.code}") from exc
    except urllib.error.URLError as exc:
        raise UnknownSiteError(str(exc.reason)) from exc
    except (TimeoutError, OSError) as exc:
        raise UnknownSiteError(str(exc) or type(exc).__name__) from exc


def add_from(
    engine: Engine,
    target: str,
    slug: str | None = None,
    name: str | None = None,
    timeout: float = DETECT_TIMEOUT,
) -> CouncilSite:
    """Resolve what the user typed (name or URL) and store the council."""
    site = resolve(target, slug=slug, name=name, timeout=timeout)
    if not site.slug:
        raise UnknownSiteError(
            f"Cannot make a short name for {target!r}", hint="give one with --slug"
        )
    add_council(engine, site.slug, site.name, site.platform, site.base_url)
    return site
