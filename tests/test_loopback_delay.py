"""No politeness delay for a site on this machine; real councils keep theirs."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from scraper import settings as project_settings
from scraper.loopback import is_loopback
from scraper.site_server import Resource, SiteServer
from tests.conftest import REPO_ROOT

# A real Scrapy crawl with the project's settings (no pipeline: nothing is
# stored). It prints, for each response, the delay of the downloader slot it
# came through and whether AutoThrottle may change that delay.
CRAWL = """
import json, sys
import scrapy
from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scraper import settings as defaults

seen = []

class Pages(scrapy.Spider):
    name = "pages"
    start_urls = json.loads(sys.argv[1])

    def parse(self, response):
        return None

settings = Settings()
settings.setmodule(defaults)
settings.set("ITEM_PIPELINES", {})
settings.set("LOG_LEVEL", "ERROR")
settings.update(json.loads(sys.argv[2]))
process = CrawlerProcess(settings)
crawler = process.create_crawler(Pages)

def received(response, request, spider):
    slot = crawler.engine.downloader.slots[request.meta["download_slot"]]
    seen.append([slot.delay, request.meta.get("autothrottle_dont_adjust_delay", False)])

crawler.signals.connect(received, signal=signals.response_received)
process.crawl(crawler)
process.start()
print(json.dumps(seen))
"""


def crawl(urls: list[str], overrides: dict[str, object]) -> list[list[object]]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", CRAWL, json.dumps(urls), json.dumps(overrides)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def site(pages: int) -> SiteServer:
    return SiteServer({f"/p{n}": Resource(b"<html><body>page</body></html>") for n in range(pages)})


def test_loopback_site_has_no_delay_by_default() -> None:
    assert project_settings.DOWNLOAD_DELAY == 1.0 and project_settings.AUTOTHROTTLE_ENABLED
    with site(4) as server:
        seen = crawl([f"{server.base_url}/p{n}" for n in range(4)], {})
    # robots.txt and the four pages, every one through a slot without delay.
    assert len(seen) == 5
    assert seen == [[0.0, True]] * 5


def test_loopback_delay_is_a_setting() -> None:
    with site(1) as server:
        seen = crawl([f"{server.base_url}/p0"], {"LOOPBACK_DELAY": 0.25})
    assert seen == [[0.25, True]] * 2


def test_only_loopback_hosts_count_as_this_machine() -> None:
    for host in ("127.0.0.1", "127.0.0.2", "localhost", "::1", "papers.localhost"):
        assert is_loopback(host), host
    for host in ("democracy.kent.gov.uk", "10.0.0.1", "192.168.1.5", "localhost.example", "", None):
        assert not is_loopback(host), host
