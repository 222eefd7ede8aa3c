"""The loopback site server used by the demo and the crawl tests."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from scraper.site_server import Resource, SiteServer

pytestmark = pytest.mark.database_free


def test_serves_routes_case_insensitively_and_404s_the_rest() -> None:
    with SiteServer({"/ieListDocuments.aspx?CId=1&MId=2": Resource(b"<html>hi</html>")}) as site:
        with urllib.request.urlopen(f"{site.base_url}/ielistdocuments.aspx?CId=1&MId=2") as r:
            assert r.read() == b"<html>hi</html>"
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{site.base_url}/nothing-here")
        assert missing.value.code == 404


def test_conditional_request_gets_304() -> None:
    with SiteServer({"/a.pdf": Resource(b"%PDF", "application/pdf")}) as site:
        with urllib.request.urlopen(f"{site.base_url}/a.pdf") as first:
            etag = first.headers["ETag"]
        request = urllib.request.Request(f"{site.base_url}/a.pdf", headers={"If-None-Match": etag})
        with pytest.raises(urllib.error.HTTPError) as not_modified:
            urllib.request.urlopen(request)
        assert not_modified.value.code == 304
