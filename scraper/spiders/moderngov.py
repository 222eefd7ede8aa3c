"""One spider for every ModernGov council; the council is data (slug + base URL).

Two routes to the same items. The web service first: GetCommittees →
GetMeetings per committee over the window (dd/mm/yyyy) → GetMeeting. When
the service is absent, disabled, forbidden or answers something that is not
its XML, the HTML pages: committee structure → committee → meeting list (with
earlier/later paging and the year selector) → meeting page (→ its
mgMeetingAttendance.aspx for who attended, → mgAi.aspx for minutes the page
cuts short). On either route, a pack linked through mgChooseDocPack.aspx is
replaced by the PDFs that page lists. Then every document of each meeting,
with a conditional request when the file is already stored.

Nothing is requested off the council's own site (scheme, host and port). Every failure becomes a
FetchErrorItem or a failed DocumentFileItem, and the crawl goes on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any, Self
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from indexer.errors import PapersError
from scraper.items import (
    CommitteeItem,
    DocumentFileItem,
    DocumentRef,
    FetchErrorItem,
    MeetingItem,
    MeetingListEntry,
)
from scraper.middlewares import same_site
from scraper.moderngov import pages, webservice
from scraper.moderngov.webservice import WebServiceError
from scraper.standalone import spider_arguments

# The service's answers are small; a service that does not answer in this
# time is treated as absent rather than holding up the HTML route.
SERVICE_PROBE_TIMEOUT = 60


class ModernGovSpider(scrapy.Spider):
    name = "moderngov"

    def __init__(
        self,
        council: str,
        base_url: str,
        since: str | date,
        until: str | date,
        committee: str | None = None,
        download: bool | str = True,
        known_files: dict[str, dict[str, str]] | None = None,
        refusal: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.council = council
        # Why this crawl cannot run (an unknown council): said and closed at start.
        self.refusal = refusal
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.host = urlsplit(self.base_url).hostname or ""
        self.allowed_domains = [self.host]
        self.since = since if isinstance(since, date) else date.fromisoformat(since)
        self.until = until if isinstance(until, date) else date.fromisoformat(until)
        self.committee_filter = (committee or "").strip().lower()
        self.download = download not in (False, "false", "0", "no")
        self.known_files = known_files or {}
        self.requested_documents: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        """`papers crawl` gives every argument; a plain `scrapy crawl moderngov -a
        council=SLUG` gives the council, and the rest comes from the home."""
        if not all(kwargs.get(name) for name in ("base_url", "since", "until")):
            try:
                kwargs.update(
                    spider_arguments(
                        crawler.settings,
                        cls.name,
                        kwargs.get("council", ""),
                        kwargs.get("base_url"),
                        kwargs.get("since"),
                        kwargs.get("until"),
                    )
                )
            except PapersError as exc:
                today = date.today()
                kwargs.update(base_url="", since=today, until=today, refusal=str(exc))
                kwargs.setdefault("council", "")
        return super().from_crawler(crawler, *args, **kwargs)

    # --- start: try the web service ----------------------------------------------

    async def start(self) -> Any:
        if self.refusal:
            self.logger.error("Cannot crawl: %s", self.refusal)
            raise CloseSpider("cannot_crawl")
        yield scrapy.Request(
            self.base_url + "mgWebService.asmx/GetCommittees",
            callback=self.parse_service_committees,
            errback=self.service_unavailable,
            meta={
                "handle_httpstatus_all": True,
                "dont_retry": True,
                "download_timeout": SERVICE_PROBE_TIMEOUT,
            },
            dont_filter=True,
        )

    def parse_service_committees(self, response: Response) -> Iterator[Any]:
        try:
            if response.status != 200:
                raise WebServiceError(f"HTTP {response.status}")
            committees = webservice.parse_committees(response.body, self.council, self.base_url)
            if not committees:
                raise WebServiceError("no committees listed")
        except WebServiceError as exc:
            self.logger.info("Web service not usable at %s (%s): reading pages", response.url, exc)
            yield from self._html_start()
            return
        self.logger.info("Web service answered at %s", response.url)
        if self._none_wanted(committees):
            yield self._no_committee(response.url, committees)
        for committee in self._wanted(committees):
            yield committee
            query = webservice.meetings_query(committee.source_id or "", self.since, self.until)
            yield scrapy.Request(
                f"{self.base_url}mgWebService.asmx/GetMeetings?{query}",
                callback=self.parse_service_meetings,
                errback=self.page_failed,
                cb_kwargs={"committee": committee},
            )

    def service_unavailable(self, failure: Failure) -> Iterator[Any]:
        self.logger.info("Web service unreachable (%s): reading pages", failure.getErrorMessage())
        yield from self._html_start()

    def parse_service_meetings(self, response: Response, committee: CommitteeItem) -> Iterator[Any]:
        entries = webservice.parse_meetings(response.body, committee.source_id or "", self.base_url)
        for entry in self._in_window(entries):
            yield scrapy.Request(
                f"{self.base_url}mgWebService.asmx/GetMeeting?lMeetingId={entry.source_id}",
                callback=self.parse_service_meeting,
                errback=self.page_failed,
                cb_kwargs={"committee": committee, "entry": entry},
            )

    def parse_service_meeting(
        self, response: Response, committee: CommitteeItem, entry: MeetingListEntry
    ) -> Iterator[Any]:
        meeting = webservice.parse_meeting(response.body, self.council, self.base_url)
        meeting.committee_source_id = meeting.committee_source_id or committee.source_id
        meeting.committee_name = meeting.committee_name or committee.name
        if entry.status == "cancelled":
            meeting.status = "cancelled"
        yield from self._next_doc_pack(meeting)

    # --- HTML route ----------------------------------------------------------------

    def _html_start(self) -> Iterator[scrapy.Request]:
        yield scrapy.Request(
            self.base_url + "mgCommitteeStructure.aspx",
            callback=self.parse_committee_list,
            errback=self.committee_structure_failed,
        )

    def committee_structure_failed(self, failure: Failure) -> Iterator[Any]:
        """Some sites have no structure page; mgListCommittees.aspx lists the same."""
        yield from self.page_failed(failure)
        yield scrapy.Request(
            self.base_url + "mgListCommittees.aspx",
            callback=self.parse_committee_list,
            errback=self.page_failed,
        )

    def parse_committee_list(self, response: Response) -> Iterator[Any]:
        committees = pages.parse_committees(response.text, response.url, self.council)
        if not committees:
            yield self._error(response.url, "no committees found on the page")
        if self._none_wanted(committees):
            yield self._no_committee(response.url, committees)
        for committee in self._wanted(committees):
            yield committee
            if committee.url and self._on_site(committee.url):
                yield scrapy.Request(
                    committee.url,
                    callback=self.parse_committee,
                    errback=self.page_failed,
                    cb_kwargs={"committee": committee},
                )

    def parse_committee(self, response: Response, committee: CommitteeItem) -> Iterator[Any]:
        url = pages.meeting_list_url(response.text, response.url)
        if url is None:
            yield self._error(response.url, "no meeting list linked from the committee page")
            return
        yield self._meeting_list_request(url, committee)

    def parse_meeting_list(self, response: Response, committee: CommitteeItem) -> Iterator[Any]:
        page = pages.parse_meeting_list(response.text, response.url, committee.source_id or "")
        for entry in self._in_window(page.entries):
            if entry.url and self._on_site(entry.url):
                yield scrapy.Request(
                    entry.url,
                    callback=self.parse_meeting_page,
                    errback=self.page_failed,
                    cb_kwargs={"entry": entry},
                )
        starts = [e.start.date() for e in page.entries if e.start]
        if not starts:
            # An empty list: ask the year selector for each year of the window.
            for year, url in page.year_urls.items():
                if self.since.year <= year <= self.until.year:
                    yield self._meeting_list_request(url, committee)
            return
        if min(starts) > self.since and page.earlier_url:
            yield self._meeting_list_request(page.earlier_url, committee)
        if max(starts) < self.until and page.later_url:
            yield self._meeting_list_request(page.later_url, committee)

    def _meeting_list_request(self, url: str, committee: CommitteeItem) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_meeting_list,
            errback=self.page_failed,
            cb_kwargs={"committee": committee},
        )

    def parse_meeting_page(self, response: Response, entry: MeetingListEntry) -> Iterator[Any]:
        meeting = pages.parse_meeting(response.text, response.url, self.council)
        meeting.source_id = meeting.source_id or entry.source_id
        meeting.committee_source_id = meeting.committee_source_id or entry.committee_source_id
        meeting.start = meeting.start or entry.start
        if entry.status == "cancelled":
            meeting.status = "cancelled"
        attendance = pages.attendance_url(response.text, response.url)
        if attendance and meeting.status != "cancelled" and self._on_site(attendance):
            yield scrapy.Request(
                attendance,
                callback=self.parse_attendance_page,
                errback=self.attendance_failed,
                cb_kwargs={"meeting": meeting},
                # A request dropped as a duplicate would leave the meeting unfinished.
                dont_filter=True,
            )
            return
        yield from self._next_full_minutes(meeting)

    def parse_attendance_page(self, response: Response, meeting: MeetingItem) -> Iterator[Any]:
        meeting.attendance = pages.parse_attendance(response.text, response.url)
        yield from self._next_full_minutes(meeting)

    def attendance_failed(self, failure: Failure) -> Iterator[Any]:
        """Recorded; the meeting is stored without attendance."""
        yield from self.page_failed(failure)
        yield from self._next_full_minutes(failure.request.cb_kwargs["meeting"])  # type: ignore[attr-defined]

    def _next_full_minutes(self, meeting: MeetingItem) -> Iterator[Any]:
        """Fetch cut-short minutes one item at a time, then finish the meeting."""
        for index, item in enumerate(meeting.agenda_items):
            if item.minutes_url and self._on_site(item.minutes_url):
                yield scrapy.Request(
                    item.minutes_url,
                    callback=self.parse_full_minutes,
                    errback=self.full_minutes_failed,
                    cb_kwargs={"meeting": meeting, "index": index},
                )
                return
        yield from self._next_doc_pack(meeting)

    def parse_full_minutes(self, response: Response, meeting: MeetingItem, index: int) -> Any:
        item = meeting.agenda_items[index]
        item.minutes = pages.parse_full_minutes(response.text) or item.minutes
        item.minutes_url = None
        yield from self._next_full_minutes(meeting)

    def full_minutes_failed(self, failure: Failure) -> Iterator[Any]:
        """Keep the shortened minutes: the meeting is still worth storing."""
        yield from self.page_failed(failure)
        meeting: MeetingItem = failure.request.cb_kwargs["meeting"]  # type: ignore[attr-defined]
        meeting.agenda_items[failure.request.cb_kwargs["index"]].minutes_url = None  # type: ignore[attr-defined]
        yield from self._next_full_minutes(meeting)

    def _next_doc_pack(self, meeting: MeetingItem) -> Iterator[Any]:
        """Open pack choosers (mgChooseDocPack.aspx) one at a time, then finish the meeting."""
        for index, ref in enumerate(meeting.documents):
            if ref.url and pages.is_doc_pack_chooser(ref.url) and self._on_site(ref.url):
                yield scrapy.Request(
                    ref.url,
                    callback=self.parse_doc_pack,
                    errback=self.doc_pack_failed,
                    cb_kwargs={"meeting": meeting, "index": index},
                    # A request dropped as a duplicate would leave the meeting unfinished.
                    dont_filter=True,
                )
                return
        # Any chooser left is off the site: an HTML page, never a document to store.
        meeting.documents = [
            ref for ref in meeting.documents if not pages.is_doc_pack_chooser(ref.url or "")
        ]
        yield from self._meeting_done(meeting)

    def parse_doc_pack(self, response: Response, meeting: MeetingItem, index: int) -> Any:
        """Put the chooser's PDFs where its link was, leaving out ones the meeting already has."""
        html = response.text if isinstance(response, TextResponse) else ""
        listed = pages.parse_doc_pack_chooser(html, response.url)
        if not listed:
            meeting.documents_complete = False
            yield self._error(response.url, "no PDF listed on the document pack page")
        linked = {ref.url for ref in meeting.documents}
        linked.update(ref.url for item in meeting.agenda_items for ref in item.documents)
        meeting.documents[index : index + 1] = [ref for ref in listed if ref.url not in linked]
        yield from self._next_doc_pack(meeting)

    def doc_pack_failed(self, failure: Failure) -> Iterator[Any]:
        """Recorded; the meeting is stored without that pack."""
        yield from self.page_failed(failure)
        meeting: MeetingItem = failure.request.cb_kwargs["meeting"]  # type: ignore[attr-defined]
        del meeting.documents[failure.request.cb_kwargs["index"]]  # type: ignore[attr-defined]
        meeting.documents_complete = False
        yield from self._next_doc_pack(meeting)

    # --- documents -------------------------------------------------------------------

    def _meeting_done(self, meeting: MeetingItem) -> Iterator[Any]:
        """Yield the meeting, then fetch its documents."""
        yield meeting
        if not self.download:
            return
        refs: list[DocumentRef] = list(meeting.documents)
        for item in meeting.agenda_items:
            refs.extend(item.documents)
        for ref in refs:
            if not ref.url or ref.url in self.requested_documents:
                continue
            if not self._on_site(ref.url):
                self.logger.info("Not following off-site document %s", ref.url)
                continue
            self.requested_documents.add(ref.url)
            yield scrapy.Request(
                ref.url,
                callback=self.parse_document,
                errback=self.document_failed,
                headers=self._validators(ref.url),
                # The link's own address names the document, even after a redirect.
                meta={"handle_httpstatus_list": [304], "document_url": ref.url},
            )

    def _validators(self, url: str) -> dict[str, str]:
        known = self.known_files.get(url, {})
        headers = {}
        if known.get("etag"):
            headers["If-None-Match"] = known["etag"]
        if known.get("last_modified"):
            headers["If-Modified-Since"] = known["last_modified"]
        return headers

    def parse_document(self, response: Response) -> Iterator[DocumentFileItem]:
        url = response.meta.get("document_url", response.url)
        if response.status == 304:
            yield DocumentFileItem(council=self.council, url=url, outcome="not_modified")
            return
        headers = response.headers
        yield DocumentFileItem(
            council=self.council,
            url=url,
            outcome="downloaded",
            body=response.body,
            content_type=_header(headers, b"Content-Type"),
            etag=_header(headers, b"ETag"),
            last_modified=_header(headers, b"Last-Modified"),
        )

    def document_failed(self, failure: Failure) -> Iterator[DocumentFileItem]:
        request = failure.request  # type: ignore[attr-defined]
        url = request.meta.get("document_url", request.url)
        reason = _reason(failure)
        too_large = "maxsize" in reason.lower() or "larger than" in reason.lower()
        yield DocumentFileItem(
            council=self.council,
            url=url,
            outcome="too_large" if too_large else "failed",
            error="larger than the download size limit" if too_large else reason,
        )

    # --- shared ------------------------------------------------------------------------

    def page_failed(self, failure: Failure) -> Iterator[FetchErrorItem]:
        yield self._error(failure.request.url, _reason(failure))  # type: ignore[attr-defined]

    def _error(self, url: str, reason: str) -> FetchErrorItem:
        self.logger.warning("Failed %s: %s", url, reason)
        return FetchErrorItem(council=self.council, url=url, reason=reason)

    def _wanted(self, committees: list[CommitteeItem]) -> list[CommitteeItem]:
        if not self.committee_filter:
            return committees
        return [c for c in committees if self.committee_filter in (c.name or "").lower()]

    def _none_wanted(self, committees: list[CommitteeItem]) -> bool:
        return bool(committees) and not self._wanted(committees)

    def _no_committee(self, url: str, committees: list[CommitteeItem]) -> FetchErrorItem:
        """--committee matched nothing: say so, with names to choose from."""
        names = sorted({c.name for c in committees if c.name})
        shown = "; ".join(names[:12]) + ("; ..." if len(names) > 12 else "")
        return self._error(
            url, f"no committee's name contains {self.committee_filter!r}; the site lists: {shown}"
        )

    def _in_window(self, entries: list[MeetingListEntry]) -> list[MeetingListEntry]:
        """Meetings inside the window (ones without a date are kept: better seen)."""
        low = datetime.combine(self.since, time.min)
        high = datetime.combine(self.until, time.max)
        return [e for e in entries if e.start is None or low <= e.start <= high]

    def _on_site(self, url: str) -> bool:
        """The council's own site: scheme, host and port (see scraper/middlewares.py)."""
        return same_site(urljoin(self.base_url, url), self.base_url)


def _header(headers: Any, name: bytes) -> str | None:
    value = headers.get(name)
    return value.decode("latin-1") if value else None


def _reason(failure: Failure) -> str:
    """A short human reason: 'HTTP 500', 'timed out after 90 s', the error text."""
    response = getattr(failure.value, "response", None)
    if response is not None:
        return f"HTTP {response.status}"
    message = failure.getErrorMessage()
    meta = failure.request.meta  # type: ignore[attr-defined]
    if "larger than download" in message and "document_url" not in meta:
        limit = meta.get("download_maxsize", 0) / (1024 * 1024)
        return (
            f"too large: the page is over the {limit:g} MB limit for a page, so it was not "
            "read (PAPERS_PAGE_MAXSIZE)"
        )
    if re.search(r"took longer than|timed? ?out", message, re.I):
        return f"timed out ({message})"
    return message or repr(failure.value)
