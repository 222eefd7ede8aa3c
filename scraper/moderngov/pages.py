"""Parse ModernGov HTML pages into crawl items.

Pure functions: page text and its URL in, `scraper.items` dataclasses out.
The pages, in crawl order: mgCommitteeStructure.aspx / mgListCommittees.aspx
(committees) → mgCommitteeDetails.aspx?ID= (link to the meeting list) →
ieListMeetings.aspx (meetings, year selector, earlier/later) →
ieListDocuments.aspx?CId=&MId= (the meeting: items, decisions, minutes,
documents) → mgAi.aspx?ID= (an item's full minutes when the meeting page cuts
them short), mgMeetingAttendance.aspx?ID= (who attended) and
mgChooseDocPack.aspx?ID= (the packs' PDFs, where a site links its packs
through that page rather than directly). Every URL
returned is taken from the page, cleaned, and on the page's own host.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qs, quote, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from scraper.items import (
    AgendaItemData,
    AttendeeData,
    CommitteeItem,
    DocumentRef,
    MeetingItem,
    MeetingListEntry,
)
from scraper.moderngov.text import block_text, collapse

_MODERNGOV_PAGE = re.compile(r"(?:^|/)(?:mg|ie)[A-Z][A-Za-z0-9]*\.aspx", re.IGNORECASE)
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")
# Characters left as they are when percent-encoding a URL (existing %XX too).
_URL_SAFE = "/:?#[]@!$&'()*+,;=%~"


def _soup(html: str | bytes) -> BeautifulSoup:
    return BeautifulSoup(html or "", "lxml")


def _content(soup: BeautifulSoup) -> Tag:
    """The ModernGov part of the page (div#modgov), without the site's menus."""
    modgov = soup.find(id="modgov")
    return modgov if isinstance(modgov, Tag) else soup


def _query_value(url: str, *names: str) -> str | None:
    """The first of `names` present in the URL's query (case-insensitive)."""
    query = {k.lower(): v for k, v in parse_qs(urlsplit(url).query).items()}
    for name in names:
        values = query.get(name.lower())
        if values and values[0].strip():
            return values[0].strip()
    return None


def _attr(tag: Tag, name: str) -> str:
    value = tag.get(name)
    if isinstance(value, list):
        return " ".join(value)
    return value or ""


def _classes(tag: Tag) -> list[str]:
    value = tag.get("class")
    if isinstance(value, str):
        return value.split()
    return list(value or [])


def _has_class(tag: Tag, name: str) -> bool:
    return name in _classes(tag)


# --- links -------------------------------------------------------------------


def clean_href(href: str, page_url: str) -> str | None:
    """An absolute, percent-encoded URL on the page's own host, or None.

    ModernGov hrefs carry spaces ("documents/s112217/Petition TMO Manorgate Rd
    Report.pdf") and line breaks inside attribute values; line breaks are
    removed, spaces percent-encoded. javascript:, mailto: and links to other
    hosts give None: a crawl never follows a link off the council's site.
    """
    if not href:
        return None
    href = _LINE_BREAKS.sub("", href).strip()
    if not href or href.lower().startswith(("javascript:", "mailto:", "tel:", "data:")):
        return None
    absolute = urljoin(page_url, href)
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https"):
        return None
    if (parts.hostname or "") != (urlsplit(page_url).hostname or ""):
        return None
    return quote(absolute, safe=_URL_SAFE)


def _link(tag: Tag | None, page_url: str) -> str | None:
    if tag is None:
        return None
    return clean_href(_attr(tag, "href"), page_url)


def _link_title(anchor: Tag) -> str:
    """A link's text without ModernGov's hidden and file-size spans."""
    anchor = _copy(anchor)
    for span in anchor.find_all("span"):
        if _has_class(span, "mgFileSize") or _has_class(span, "mgHide"):
            span.decompose()
    return collapse(anchor.get_text(" "))


def _copy(tag: Tag) -> Tag:
    """A detached copy, so callers can strip parts without changing the page."""
    return BeautifulSoup(str(tag), "lxml").find(tag.name) or tag


# --- site ----------------------------------------------------------------------


def is_moderngov(html: str) -> bool:
    """Whether the page carries ModernGov markup: div#modgov or mg*/ie*.aspx links."""
    soup = _soup(html)
    if soup.find(id="modgov") is not None:
        return True
    return any(_MODERNGOV_PAGE.search(_attr(a, "href")) for a in soup.find_all("a", href=True))


# Titles that name the software, not the council (ModernGov's default theme).
_GENERIC_TITLES = frozenset(("modern council", "modern.gov", "moderngov", "democracy", "home"))
_NAME_PREFIXES = re.compile(
    r"^(?:the\s+)?(?:royal\s+borough\s+of|london\s+borough\s+of|metropolitan\s+borough\s+of|"
    r"borough\s+of|city\s+of|county\s+of)\s+",
    re.IGNORECASE,
)
_NAME_SUFFIXES = re.compile(
    r"\s+(?:metropolitan\s+borough|borough|city|county|district|town)?\s*council$",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?(.+?)(?:\.|\s+all rights|$)", re.I)


def site_title(html: str) -> str | None:
    """A clean council name, e.g. "Kingston upon Thames", from the page's title.

    ModernGov titles read "Committee structure - Manchester City Council"; the
    page name before the last " - " is dropped. Sites on the default theme are
    titled "Modern Council": the footer's copyright line names the council.
    """
    soup = _soup(html)
    candidates = []
    if soup.title is not None:
        title = collapse(soup.title.get_text())
        candidates.append(re.split(r"\s+[-|–]\s+", title)[-1] if title else "")
    footer = soup.find("footer") or soup.find(id=re.compile("footer", re.I))
    if isinstance(footer, Tag):
        match = _COPYRIGHT.search(collapse(footer.get_text(" ")))
        if match:
            candidates.append(match.group(1))
    for candidate in candidates:
        if collapse(candidate).lower() in _GENERIC_TITLES:
            continue
        name = _council_name(candidate)
        if name:
            return name
    return None


def _council_name(text: str) -> str:
    name = collapse(text)
    name = _NAME_SUFFIXES.sub("", name)
    name = _NAME_PREFIXES.sub("", name)
    return name.strip(" .,-")


# --- committees ------------------------------------------------------------------


def parse_committees(html: str, url: str, council: str) -> list[CommitteeItem]:
    """Committees linked from mgCommitteeStructure.aspx or mgListCommittees.aspx."""
    committees: list[CommitteeItem] = []
    seen: set[str] = set()
    for anchor in _content(_soup(html)).find_all("a", href=True):
        href = _attr(anchor, "href")
        if "mgcommitteedetails.aspx" not in href.lower():
            continue
        source_id = _query_value(href, "ID")
        name = collapse(anchor.get_text(" "))
        link = clean_href(href, url)
        if not source_id or not name or not link or source_id in seen:
            continue
        seen.add(source_id)
        committees.append(CommitteeItem(council=council, source_id=source_id, name=name, url=link))
    return committees


def meeting_list_url(html: str, url: str) -> str | None:
    """The committee's meeting list (ieListMeetings.aspx) linked from mgCommitteeDetails.aspx."""
    committee_id = _query_value(url, "ID")
    fallback = None
    for anchor in _content(_soup(html)).find_all("a", href=True):
        href = _attr(anchor, "href")
        if "ielistmeetings.aspx" not in href.lower():
            continue
        link = clean_href(href, url)
        if link is None:
            continue
        if committee_id and _query_value(href, "CommitteeId", "CId") == committee_id:
            return link
        fallback = fallback or link
    return fallback


# --- meeting list ----------------------------------------------------------------


@dataclass
class MeetingListPage:
    entries: list[MeetingListEntry] = field(default_factory=list)
    year_urls: dict[int, str] = field(default_factory=dict)  # year → that year's list
    earlier_url: str | None = None
    later_url: str | None = None


_DATE_TIME = re.compile(
    # "15 January 2026", and as some councils print it "Wednesday, 12th March, 2025"
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>[A-Za-z]+),?\s+(?P<year>\d{4})"
    r"(?:,?\s+(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<ampm>[ap])\.?\s*m\b\.?)?",
    re.IGNORECASE,
)
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}


def parse_start(text: str) -> datetime | None:
    """The first "15 Jan 2026 7:30 pm" style date (time optional) in `text`."""
    for match in _DATE_TIME.finditer(text or ""):
        month = _MONTHS.get(match["month"].lower())
        if month is None:
            continue
        hour = int(match["hour"] or 0)
        if match["ampm"]:
            hour = hour % 12 + (12 if match["ampm"].lower() == "p" else 0)
        try:
            return datetime(
                int(match["year"]), month, int(match["day"]), hour, int(match["minute"] or 0)
            )
        except ValueError:
            continue
    return None


def _status_from(text: str) -> str | None:
    """cancelled / postponed when ModernGov prints it next to a meeting."""
    lowered = text.lower()
    if "cancelled" in lowered or "canceled" in lowered:
        return "cancelled"
    if "postponed" in lowered:
        return "postponed"
    return None


def parse_meeting_list(html: str, url: str, committee_source_id: str) -> MeetingListPage:
    """Meetings, year selector and earlier/later links from ieListMeetings.aspx."""
    content = _content(_soup(html))
    page = MeetingListPage()
    seen: set[str] = set()
    for anchor in content.find_all("a", href=True):
        href = _attr(anchor, "href")
        lowered = href.lower()
        if "ielistdocuments.aspx" in lowered:
            entry = _list_entry(anchor, url, committee_source_id)
            if entry is not None and entry.source_id not in seen:
                seen.add(entry.source_id or "")
                page.entries.append(entry)
        elif "ielistmeetings.aspx" in lowered:
            action = (_query_value(href, "Act") or "").lower()
            if action == "earlier" and page.earlier_url is None:
                page.earlier_url = clean_href(href, url)
            elif action == "later" and page.later_url is None:
                page.later_url = clean_href(href, url)
    page.year_urls = _year_urls(content, url, committee_source_id)
    return page


def _list_entry(anchor: Tag, url: str, committee_source_id: str) -> MeetingListEntry | None:
    """One meeting line: "15 Jan 2026 7:30 pm - Agenda, Decisions, Minutes"."""
    href = _attr(anchor, "href")
    meeting_id = _query_value(href, "MId")
    link = clean_href(href, url)
    if not meeting_id or not link:
        return None
    row = anchor.find_parent("li") or anchor.find_parent("tr") or anchor
    row_text = collapse(row.get_text(" "))
    status = _status_from(row_text)
    if status is None:
        published = row_text[len(collapse(anchor.get_text(" "))) :].lower()
        status = "held" if ("minutes" in published or "decisions" in published) else "scheduled"
    return MeetingListEntry(
        source_id=meeting_id,
        committee_source_id=_query_value(href, "CId") or committee_source_id,
        url=link,
        start=parse_start(collapse(anchor.get_text(" "))),
        status=status,
    )


def _year_urls(content: Tag, url: str, committee_source_id: str) -> dict[int, str]:
    """Each year of the "Show meetings for the year" selector → its list URL.

    The selector is a form that posts back; ModernGov answers the same list
    to a GET of the form's action with CId= and Year= (the form's own fields
    are the committee id and the chosen year).
    """
    select = content.find("select", id=re.compile("^YearSelect$", re.I))
    if not isinstance(select, Tag):
        return {}
    form = select.find_parent("form")
    action = (_attr(form, "action") if isinstance(form, Tag) else "") or "ieListMeetings.aspx"
    hidden = content.find("input", attrs={"name": "hCommitteeId"})
    committee_id = _attr(hidden, "value") if isinstance(hidden, Tag) else ""
    committee_id = committee_id or committee_source_id
    years: dict[int, str] = {}
    for option in select.find_all("option"):
        value = _attr(option, "value").strip()
        if not value.isdigit() or int(value) < 1900:
            continue
        link = clean_href(f"{action}?CId={committee_id}&Year={value}", url)
        if link:
            years[int(value)] = link
    return years


# --- meeting page ------------------------------------------------------------------


def parse_meeting(html: str, url: str, council: str) -> MeetingItem:
    """The meeting on ieListDocuments.aspx: details, agenda items, documents."""
    content = _content(_soup(html))
    subtitle = content.find(class_="mgSubTitleTxt")
    heading = collapse(subtitle.get_text(" ")) if isinstance(subtitle, Tag) else ""
    committee_name, when = _split_subtitle(heading)
    items = _agenda_items(content, url)
    documents = _meeting_documents(content, url)
    status = _status_from(heading) or _status_from_content(items, documents)
    committee_link = subtitle.find("a", href=True) if isinstance(subtitle, Tag) else None
    return MeetingItem(
        council=council,
        committee_source_id=_query_value(url, "CId")
        or (_query_value(_attr(committee_link, "href"), "ID") if committee_link else None),
        committee_name=committee_name or None,
        source_id=_query_value(url, "MId"),
        title=_meeting_title(heading) or None,
        start=parse_start(when),
        status=status,
        venue=_venue(content),
        url=url,
        source="html",
        agenda_items=items,
        documents=documents,
    )


def _split_subtitle(heading: str) -> tuple[str, str]:
    """ "Committee - Thursday 15 January 2026 7:30 pm, CANCELLED" → (committee, date)."""
    match = _DATE_TIME.search(heading)
    if match is None:
        return heading, ""
    before = heading[: match.start()]
    name = re.sub(r"\s*[-–]\s*(?:[A-Za-z]+day,?)?\s*$", "", before).strip()
    return name, heading[match.start() :]


def _meeting_title(heading: str) -> str:
    """The subtitle without the status ModernGov appends (", CANCELLED")."""
    return re.sub(r",?\s*(?:CANCELLED|CANCELED|POSTPONED)\s*$", "", heading, flags=re.I).strip()


def _status_from_content(items: list[AgendaItemData], documents: list[DocumentRef]) -> str:
    """held once minutes or decisions are published, scheduled before."""
    if any(item.minutes or item.decision for item in items) or any(
        doc.kind in ("minutes", "decisions") for doc in documents
    ):
        return "held"
    return "scheduled"


def _venue(content: Tag) -> str | None:
    """The text after the "Venue:" (or "Proposed venue:") label."""
    for label in content.find_all(class_="mgLabel"):
        if "venue" not in label.get_text().lower():
            continue
        paragraph = _copy(label.parent) if isinstance(label.parent, Tag) else None
        if paragraph is None:
            continue
        for child in paragraph.find_all(["span", "a"]):
            if _has_class(child, "mgLabel") or child.name == "a":
                child.decompose()
        venue = collapse(paragraph.get_text(" ")).rstrip(" .")
        return venue or None
    return None


_DOCUMENT_HREF = re.compile(
    r"documents/|mgChooseDocPack\.aspx|mgConvert2PDF\.aspx|\.(?:pdf|docx?|xlsx?|pptx?|odt|rtf)(?:$|\?)",
    re.IGNORECASE,
)


def _meeting_documents(content: Tag, url: str) -> list[DocumentRef]:
    """Frontsheet, reports pack, supplements, printed minutes and decisions (div.mgLinks)."""
    documents: list[DocumentRef] = []
    for links in content.find_all(class_="mgLinks"):
        for anchor in links.find_all("a", href=True):
            doc = _document(anchor, url, None)
            if doc is not None:
                documents.append(doc)
    return documents


def _document(anchor: Tag, url: str, item_number: str | None) -> DocumentRef | None:
    href = _attr(anchor, "href")
    if not _DOCUMENT_HREF.search(href):
        return None
    link = clean_href(href, url)
    title = _link_title(anchor)
    if link is None or not title:
        return None
    return DocumentRef(
        url=link, title=title, kind=document_kind(title, link), item_number=item_number
    )


def _agenda_items(content: Tag, url: str) -> list[AgendaItemData]:
    table = content.find("table", class_="mgItemTable") or content.find(id="mgItemTable")
    if not isinstance(table, Tag):
        return []
    items: list[AgendaItemData] = []
    for row in table.find_all("tr"):
        number_cell = row.find("td", class_="mgItemNumberCell")
        if not isinstance(number_cell, Tag) or number_cell.find_parent("tr") is not row:
            continue
        body = number_cell.find_next_sibling("td")
        if not isinstance(body, Tag):
            continue
        item = _agenda_item(collapse(number_cell.get_text(" ")), body, url)
        item.position = len(items)
        items.append(item)
    return items


# The labels ModernGov puts before each part of an item (p.mgSubItemTitleTxt).
_SECTIONS = {
    "minutes:": "minutes",
    "decision:": "decision",
    "decisions:": "decision",
    "additional documents:": "documents",
    "supporting documents:": "documents",
}
_EXEMPTION = re.compile(
    r"[^.\n]*paragraphs?\s+[\d,\s()a-z&]*?of\s+(?:part\s+1\s+of\s+)?schedule\s+12a[^.\n]*",
    re.IGNORECASE,
)
_EXEMPT_TITLE = re.compile(r"\b(?:exempt|confidential|part (?:2|ii)|restricted)\b", re.IGNORECASE)


def _agenda_item(number: str, body: Tag, url: str) -> AgendaItemData:
    """One row of the items table: title, text, documents, decision, minutes, vote."""
    item = AgendaItemData(number=number or None)
    texts: dict[str, list[str]] = {"description": [], "decision": [], "minutes": []}
    section = "description"
    for child in body.find_all(recursive=False):
        classes = _classes(child)
        if "mgAiTitleTxt" in classes and item.title is None:
            _read_title(child, item, url)
        elif "mgSubItemTitleTxt" in classes:
            section = _SECTIONS.get(collapse(child.get_text()).lower(), "other")
        elif "mgWordPara" in classes and section in texts:
            if section == "minutes":
                item.minutes_url = item.minutes_url or _full_minutes_link(child, url)
            text = block_text(_without_full_minutes_link(child))
            if text:
                texts[section].append(text)
        elif child.name == "ul" and "mgBulletList" in classes:
            item.documents.extend(
                doc
                for anchor in child.find_all("a", href=True)
                if (doc := _document(anchor, url, item.number)) is not None
            )
        elif child.name == "table" and _is_recorded_vote(child):
            item.vote = _recorded_vote(child)
    item.description = "\n".join(texts["description"]) or None
    item.decision = "\n".join(texts["decision"]) or None
    item.minutes = "\n".join(texts["minutes"]) or None
    _read_exemption(item, body)
    return item


def _read_title(paragraph: Tag, item: AgendaItemData, url: str) -> None:
    """The item title; when it is a link, that link is the item's main report."""
    anchor = paragraph.find("a", href=True)
    if isinstance(anchor, Tag):
        item.title = _link_title(anchor)
        doc = _document(anchor, url, item.number)
        if doc is not None:
            if doc.kind == "other":
                doc.kind = "report"
            item.documents.append(doc)
    else:
        item.title = collapse(paragraph.get_text(" "))


def _is_full_minutes_anchor(anchor: Tag) -> bool:
    return "mgai.aspx" in _attr(anchor, "href").lower() and "full" in anchor.get_text().lower()


def _full_minutes_link(div: Tag, url: str) -> str | None:
    """The "view the full minutes text for item 59." link (mgAi.aspx)."""
    for anchor in div.find_all("a", href=True):
        if _is_full_minutes_anchor(anchor):
            return clean_href(_attr(anchor, "href"), url)
    return None


def _without_full_minutes_link(div: Tag) -> Tag:
    """The minutes without the "...  view the full minutes text" link that ends a cut."""
    if not any(_is_full_minutes_anchor(a) for a in div.find_all("a", href=True)):
        return div
    div = _copy(div)
    for anchor in div.find_all("a", href=True):
        if _is_full_minutes_anchor(anchor):
            previous = anchor.previous_sibling
            if previous is not None and isinstance(previous, str):
                previous.replace_with(re.sub(r"[\s\xa0]*\.\.\.[\s\xa0]*$", "", str(previous)))
            anchor.decompose()
    return div


def _is_recorded_vote(table: Tag) -> bool:
    caption = table.find("caption")
    return isinstance(caption, Tag) and "vote" in caption.get_text().lower()


def _recorded_vote(table: Tag) -> str | None:
    """Each recorded vote as printed: "Title (Type): Result", one per line."""
    lines = []
    for row in table.find_all("tr"):
        cells = [collapse(cell.get_text(" ")) for cell in row.find_all("td")]
        if len(cells) < 2:
            continue
        title, kind = cells[0], cells[1]
        text = cells[2] if len(cells) > 3 else ""
        result = cells[-1] if len(cells) > 2 else ""
        line = f"{title} ({kind})" if kind else title
        line += f": {result}" if result else ""
        line += f" - {text}" if text else ""
        lines.append(line)
    return "\n".join(lines) or None


def _read_exemption(item: AgendaItemData, body: Tag) -> None:
    """Exempt items: the Schedule 12A paragraph as printed, or an exempt title."""
    match = _EXEMPTION.search(block_text(body))
    if match:
        item.is_exempt = True
        item.exemption = collapse(match.group(0))
    elif item.title and _EXEMPT_TITLE.search(item.title):
        item.is_exempt = True


def parse_full_minutes(html: str) -> str:
    """The minutes text on an mgAi.aspx page (the full text the meeting page cut short)."""
    content = _content(_soup(html))
    for label in content.find_all(class_="mgSubItemTitleTxt"):
        if collapse(label.get_text()).lower() != "minutes:":
            continue
        for sibling in label.find_next_siblings():
            classes = _classes(sibling)
            if "mgSubItemTitleTxt" in classes:
                break
            if "mgWordPara" in classes:
                return block_text(sibling)
    return ""


# --- document pack chooser ----------------------------------------------------------

_PDF_HREF = re.compile(r"\.pdf(?:$|[?#])|mgConvert2PDF\.aspx", re.IGNORECASE)


def is_doc_pack_chooser(url: str) -> bool:
    """Whether a document link is ModernGov's pack chooser (mgChooseDocPack.aspx), not a file."""
    return "mgchoosedocpack.aspx" in urlsplit(url or "").path.lower()


def parse_doc_pack_chooser(html: str | bytes, page_url: str) -> list[DocumentRef]:
    """The PDFs an mgChooseDocPack.aspx page lists: frontsheet, reports pack, minutes...

    The page is HTML, not a pack: it links each pack the meeting has as a
    PDF, titled as ModernGov prints it ("Public reports pack"). Only PDF
    links on the page's own host count; each kind comes from the title.
    """
    documents: list[DocumentRef] = []
    seen: set[str] = set()
    for anchor in _content(_soup(html)).find_all("a", href=True):
        href = _attr(anchor, "href")
        if not _PDF_HREF.search(href) or is_doc_pack_chooser(href):
            continue
        link = clean_href(href, page_url)
        title = _link_title(anchor)
        if link is None or not title or link in seen:
            continue
        seen.add(link)
        documents.append(DocumentRef(url=link, title=title, kind=document_kind(title, link)))
    return documents


# --- attendance page ---------------------------------------------------------------


def attendance_url(html: str | bytes, url: str) -> str | None:
    """The meeting's "Attendance details" link (mgMeetingAttendance.aspx?ID=), if any.

    Only a link to this meeting's own attendance counts: a real Kingston page
    (MId=10220) links another meeting's (ID=10214), whose people must not be
    filed under this one.
    """
    meeting_id = _query_value(url, "MId")
    for anchor in _content(_soup(html)).find_all("a", href=True):
        href = _attr(anchor, "href")
        if "mgmeetingattendance.aspx" not in href.lower():
            continue
        if meeting_id and _query_value(href, "ID") != meeting_id:
            continue
        link = clean_href(href, url)
        if link:
            return link
    return None


# Header words naming each column of an attendance table.
_ATTENDANCE_HEADERS = {
    "name": ("attendee", "name", "member"),
    "role": ("role",),
    "status": ("attendance", "status"),
}


def parse_attendance(html: str | bytes, page_url: str) -> list[AttendeeData]:
    """Who attended, from mgMeetingAttendance.aspx: one AttendeeData per table row.

    The members' table has Attendee / Role / Attendance columns; officers
    and others in attendance may follow in their own table or list under a
    heading. "Expected" rows (a meeting not yet held) are "expected", never
    present; statuses not known here are left out. Names are
    kept as printed ("Councillor Ann Lee"). `page_url` gives the call the
    same shape as the other page parsers; the rows need nothing from it.
    """
    content = _content(_soup(html))
    people: list[AttendeeData] = []
    for table in content.find_all("table"):
        people += _attendance_rows(table, _section_title(table))
    for listing in content.find_all(["ul", "ol"]):
        role = _section_role(_section_title(listing))
        if role is None or listing.find_parent("table") is not None:
            continue
        for entry in listing.find_all("li"):
            name = collapse(entry.get_text(" "))
            if name:
                people.append(AttendeeData(person=name, role=role))
    return people


def _section_title(tag: Tag) -> str:
    """The table's caption, or the heading the table or list sits under (not the page title)."""
    caption = tag.find("caption") if tag.name == "table" else None
    if isinstance(caption, Tag):
        return collapse(caption.get_text(" ")).lower()
    for heading in tag.find_all_previous(["h2", "h3", "h4"]):
        if _has_class(heading, "mgSubTitleTxt") or _has_class(heading, "mgMainTitleTxt"):
            break
        return collapse(heading.get_text(" ")).lower()
    return ""


def _section_role(section: str) -> str | None:
    """officer / also_present for a section that lists people without a status."""
    if "officer" in section:
        return "officer"
    if "in attendance" in section or "also present" in section or "others" in section:
        return "also_present"
    return None


def _attendance_rows(table: Tag, section: str) -> list[AttendeeData]:
    headers = [collapse(th.get_text(" ")).lower() for th in table.find_all("th")]
    columns = {
        key: next((n for n, text in enumerate(headers) if any(w in text for w in words)), None)
        for key, words in _ATTENDANCE_HEADERS.items()
    }
    if columns["status"] is None and _section_role(section) is None:
        return []  # not an attendance table
    people = []
    for row in table.find_all("tr"):
        cells = [collapse(td.get_text(" ")) for td in row.find_all("td")]
        if not cells or row.find_parent("table") is not table:
            continue
        name = _cell(cells, columns["name"] or 0)
        role = _attendance_role(
            _cell(cells, columns["status"]), _cell(cells, columns["role"]), section
        )
        if name and role:
            people.append(AttendeeData(person=name, role=role))
    return people


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


def _attendance_role(status: str, role: str, section: str) -> str | None:
    """An ATTENDANCE_ROLES value from the printed attendance and role, or None to skip."""
    status, role = status.lower(), role.lower()
    if "expected" in status:
        return "expected"
    if "apolog" in status:  # "Apologies", "Apologies, sent substitute"
        return "apologies"
    if "absent" in status:
        return "absent"
    section_role = _section_role(section)
    if status and "present" not in status and "attendance" not in status:
        return None
    if not status and section_role is None:
        return None
    if "officer" in role or section_role == "officer":
        return "officer"
    if "vice" in role and "chair" in role:
        return "vice_chair"
    if "chair" in role:
        return "chair"
    if "in attendance" in status or section_role == "also_present":
        return "also_present"
    return "member"  # "Present", "Present as substitute"


# --- document kinds ----------------------------------------------------------------

# First match wins: a "Supplement: Agenda Item 7" is a supplement, not an agenda.
_KIND_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("supplement", r"supplement|late material|additional information|addendum|\bSID="),
        ("agenda_pack", r"reports? pack|document pack|agenda pack|mgChooseDocPack\.aspx"),
        ("agenda", r"front ?sheet|^agenda\b(?! item)"),
        ("decisions", r"printed decisions|decision notice|^decisions?\b(?! progress)"),
        ("minutes", r"\bminutes\b"),
        ("work_programme", r"work ?programme|\bWP\b"),
        ("forward_plan", r"forward plan"),
        ("appendix", r"annex|appendi|enclosure"),
    )
)
# Item-level files (documents/sNNN/, mgConvert2PDF.aspx) default to a report.
_ITEM_DOCUMENT = re.compile(r"/documents/s\d+/|mgConvert2PDF\.aspx", re.I)


def document_kind(title: str, url: str) -> str:
    """The DOCUMENT_KINDS value for a document, from its title and URL."""
    title = collapse(title)
    for kind, pattern in _KIND_RULES:
        if pattern.search(title):
            return kind
    for kind, pattern in _KIND_RULES[:2]:
        if pattern.search(url or ""):
            return kind
    return "report" if _ITEM_DOCUMENT.search(url or "") else "other"
