"""`papers serve` in a real browser: Debian's headless Chromium, driven by
Selenium, with JavaScript turned off (the pages must not need it).

One browser for the module; skipped with the reason where Chromium,
chromedriver or selenium is missing (.ci/run installs them).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from bench.browser import chromium, missing

if missing():
    pytest.skip(str(missing()), allow_module_level=True)

import httpx  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

from tests.web_support import WebHome, web_home_fixture  # noqa: E402,F401

pytestmark = pytest.mark.slow
# Seconds to wait for a page after a click: generous, it only catches a hang.
PAGE_WAIT = 120


def follow(browser: Any, element: Any, path_part: str) -> None:
    """Click and wait until the browser has loaded an address containing `path_part`
    (a click returns before a form's POST and redirect have finished loading)."""
    from selenium.webdriver.support.ui import WebDriverWait

    element.click()
    WebDriverWait(browser, PAGE_WAIT).until(
        lambda b: (
            path_part in b.current_url
            and b.execute_script("return document.readyState") == "complete"
        )
    )


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(width=1200, height=900, javascript=False) as driver:
        driver.set_page_load_timeout(120)
        yield driver


def test_search_facet_meeting_watch_feed_calendar(web_home: WebHome, browser: Any) -> None:
    base = web_home.base_url
    browser.get(base + "/")
    # Keyboard first: the first Tab reaches the skip link.
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    assert browser.switch_to.active_element.text == "Skip to content"

    box = browser.find_element(By.CSS_SELECTOR, "label[for=q] + input#q")
    box.send_keys('"edge of care"')
    follow(browser, browser.find_element(By.CSS_SELECTOR, "form.search button"), "q=%22edge")
    heading = browser.find_element(By.ID, "results-heading").text
    assert heading.endswith("hits") or "hits, showing" in heading
    marks = browser.find_elements(By.CSS_SELECTOR, ".snippet mark")
    assert marks and all(m.text.lower() == "edge of care" for m in marks)
    before = len(browser.find_elements(By.CSS_SELECTOR, "li.hit"))

    facet = browser.find_elements(By.CSS_SELECTOR, ".facets li a")[-1]  # the smallest count
    wanted = int(facet.find_element(By.XPATH, "following-sibling::span").text)
    follow(browser, facet, facet.get_attribute("href").split("?")[1])
    narrowed = browser.find_elements(By.CSS_SELECTOR, "li.hit")
    assert len(narrowed) == min(wanted, 20) and len(narrowed) <= before
    assert "q=%22edge+of+care%22" in browser.current_url  # a permalink of the narrowed search

    follow(browser, narrowed[0].find_element(By.CSS_SELECTOR, "h3 a"), "/meetings/")
    assert browser.find_element(By.ID, "items-heading").text == "Agenda"
    assert browser.find_element(By.ID, "documents-heading").is_displayed()

    browser.get(base + "/?q=transport")
    follow(browser, browser.find_element(By.LINK_TEXT, "Watch this search"), "/watches/new")
    name = browser.find_element(By.ID, "name")
    assert name.get_attribute("value") == "transport"
    name.clear()
    name.send_keys("browser-transport")
    browser.find_element(By.NAME, "backfill").click()
    submit = browser.find_element(By.CSS_SELECTOR, "form.stacked button[type=submit]")
    follow(browser, submit, "/watches/browser-transport")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Watch browser-transport"

    feed_url = browser.find_element(By.LINK_TEXT, "Atom feed of this watch").get_attribute("href")
    feed = httpx.get(feed_url, timeout=60)
    entries = ET.fromstring(feed.content).findall("{http://www.w3.org/2005/Atom}entry")
    assert feed.status_code == 200 and entries

    browser.get(base + "/councils")
    follow(
        browser, browser.find_element(By.LINK_TEXT, "Sampleshire County Council"), "/sampleshire"
    )
    ics_url = browser.find_element(By.PARTIAL_LINK_TEXT, "Calendar of meetings").get_attribute(
        "href"
    )
    calendar = httpx.get(ics_url, timeout=60)
    assert calendar.text.startswith("BEGIN:VCALENDAR\r\n") and "BEGIN:VEVENT" in calendar.text


def test_readable_at_phone_width(web_home: WebHome, browser: Any) -> None:
    browser.set_window_size(390, 844)
    try:
        browser.get(web_home.base_url + '/?q="edge+of+care"')
        results = browser.find_element(By.CSS_SELECTOR, ".hits")
        # Nothing wider than the screen: the page never scrolls sideways.
        width = browser.execute_script("return document.documentElement.scrollWidth")
        assert width <= browser.execute_script("return window.innerWidth")
        assert results.location["x"] < 40  # facets go below the hits, not beside them
    finally:
        browser.set_window_size(1200, 900)
