"""Text helpers the parsers share: lines without page furniture, dates, names.

Every regular expression here works on one line or a bounded window of text
and has no nested quantifiers, so hostile input costs linear time.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
MONTH_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY_MONTH_YEAR = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:day\s+of\s+|of\s+)?({MONTH_NAME})\.?,?\s+(\d{{4}})\b",
    re.I,
)
_MONTH_DAY_YEAR = re.compile(
    rf"\b({MONTH_NAME})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I
)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
MONTH_YEAR = re.compile(rf"\b({MONTH_NAME})\.?\s+(\d{{4}})\b", re.I)
# A month alone (or with its year) after a day's number: "7 February" over "2025"
# on a cover, which a reader of numbered lines would take for item 7.
MONTH_ALONE = re.compile(rf"(?i)^{MONTH_NAME}\b[\s,.]*(?:\d{{4}}\b.*)?$")
_TIME = re.compile(
    r"\b(\d{1,2})(?:[.:](\d{2}))?\s*(a\.?m\.?|p\.?m\.?|noon)(?![a-z])|\b([01]?\d|2[0-3])[:.]([0-5]\d)\b",
    re.I,
)

# A line that is only a page number: "3", "Page 3", "- 3 -", "Page 3 of 10"; a
# bare year ("2026", the end of a wrapped date) is not one.
PAGE_NUMBER_LINE = re.compile(
    r"^[-–\s]*(?:page\s*\d{1,4}|(?!(?:19|20)\d\d\b)\d{1,4})(?:\s*of\s*\d{1,4})?[-–\s]*$", re.I
)
_PAGE_FOOTER = re.compile(r"^page\s+(\d{1,4})(?:\s+of\s+\d{1,4})?$", re.I)
_TOP, _BOTTOM = 6, 3  # how many lines at a page's top and bottom can be furniture
_BULLETS = "•●○◦▪■‣∙·\uf0b7\uf0a7\uf0d8*"
# clean() runs on every line of every paper: its patterns are compiled once.
_LEADERS = re.compile(r"\.{4,}|…{2,}")
_SPACES = re.compile(r"[^\S\t]+")
_AROUND_TAB = re.compile(r" *\t *")


@dataclass
class Line:
    text: str
    page: int  # 1-based page of the document (or of the part) it is on
    bullet: bool = False  # printed with a bullet (which `clean` drops)


def clean(text: str) -> str:
    """One line: whitespace collapsed (tabs kept: they part table cells), stray
    bullets and dot leaders dropped."""
    text = unicodedata.normalize("NFKC", text)
    text = _LEADERS.sub(" ", text)
    text = _AROUND_TAB.sub("\t", _SPACES.sub(" ", text)).strip(" ")  # tabs part cells
    return text.lstrip(_BULLETS + " ").strip(" ")


def is_bullet(text: str) -> bool:
    stripped = text.lstrip()
    return bool(stripped) and stripped[0] in _BULLETS


def shape(text: str) -> str:
    """A line's shape for spotting running headers: digits do not count."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip().lower()))


def furniture(pages: list[str]) -> set[str]:
    """Shapes of lines repeated at the top or bottom of many pages: running
    headers and footers ("All minutes are draft ...", "AUDIT COMMITTEE")."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for page in pages:
        lines = [line for line in page.splitlines() if line.strip()]
        edge = lines[:_TOP] + lines[-_BOTTOM:]
        seen.update({shape(line) for line in edge})
    needed = max(2, (len(pages) + 1) // 2)
    return {line for line, count in seen.items() if count >= needed and len(line) > 2}


def page_lines(
    pages: list[str], *, keep_page_numbers: bool = False, headers: frozenset[str] = frozenset()
) -> list[Line]:
    """All non-empty lines with their page, running headers, footers and page
    numbers removed (page numbers are kept on request: agendas print them).
    `headers` are more lines (as printed on page 1) to drop from later pages' tops."""
    repeated = furniture(pages)
    later_tops = {shape(h) for h in headers}
    out: list[Line] = []
    for number, page in enumerate(pages, start=1):
        lines = [line for line in page.splitlines() if line.strip()]
        for index, raw in enumerate(lines):
            at_edge = index < _TOP or index >= len(lines) - _BOTTOM
            form = shape(raw)
            if at_edge and (
                form in repeated or (number > 1 and index < _TOP and form in later_tops)
            ):
                continue
            if at_edge and not keep_page_numbers and PAGE_NUMBER_LINE.match(raw):
                continue
            text = clean(raw)
            if text.strip():
                out.append(Line(text, number, is_bullet(raw)))
    return out


def printed_page_number(page: str) -> int | None:
    """The "Page N" stamp a reports pack prints on each page, if any."""
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    for line in lines[-3:] + lines[:2]:
        found = _PAGE_FOOTER.match(line)
        if found:
            return int(found.group(1))
    return None


def find_date(text: str) -> tuple[date, int, int] | None:
    """The first full date in the text, with where it was found."""
    best: tuple[date, int, int] | None = None
    for pattern, order in (
        (_DAY_MONTH_YEAR, "dmy"),
        (_MONTH_DAY_YEAR, "mdy"),
        (_NUMERIC_DATE, "n"),
    ):
        for found in pattern.finditer(text):
            if best is not None and found.start() >= best[1]:
                break
            a, b, c = found.groups()
            try:
                if order == "dmy":
                    day = date(int(c), MONTHS[b.lower()], int(a))
                elif order == "mdy":
                    day = date(int(c), MONTHS[a.lower()], int(b))
                else:
                    day = date(int(c), int(b), int(a))
            except (ValueError, KeyError):
                continue
            best = (day, found.start(), found.end())
            break
    return best


def find_time(text: str) -> time | None:
    """The first clock time: "7.00 pm", "7pm", "19:15", "10.30 a.m."."""
    found = _TIME.search(text)
    if found is None:
        return None
    if found.group(3):
        hour, minute = int(found.group(1)), int(found.group(2) or 0)
        suffix = found.group(3).lower()
        if suffix == "noon":
            return time(12, minute) if hour == 12 else None
        if hour > 12 or minute > 59:
            return None
        if suffix.startswith("p") and hour != 12:
            hour += 12
        elif suffix.startswith("a") and hour == 12:
            hour = 0
        return time(hour, minute)
    return time(int(found.group(4)), int(found.group(5)))


def date_and_time(text: str) -> date | datetime | None:
    """A date, with its time when one follows closely ("... 2018 at 7.00 pm")."""
    found = find_date(text)
    if found is None:
        return None
    day, _, end = found
    clock = find_time(text[end : end + 40])
    return datetime.combine(day, clock) if clock else day


SMALL_WORDS = frozenset(
    ("a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the")
)


def title_case(text: str) -> str:
    """ "AUDIT COMMITTEE" -> "Audit Committee"; mixed case is left as printed."""
    if any(ch.islower() for ch in text):
        return text
    words = text.lower().split()
    return " ".join(
        w if i and w in SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(words)
    )


BODY_WORDS = re.compile(
    r"\b(?:committee|sub-committee|panel|board|cabinet|forum|commission|partnership|"
    r"executive|assembly|council|group)\b",
    re.I,
)


def strip_honorific(name: str) -> str:
    """ "Councillor Ann Lee" -> "Ann Lee"; other titles (Dr, Mrs) are part of a name."""
    return re.sub(r"^(?:councillors?|cllrs?\.?|co-opted members?)\s+", "", name.strip(), flags=re.I)


# "This page is intentionally left blank": packs pad each paper to an even page.
_BLANK_PAGE = re.compile(
    r"^(?:this\s+page\s+(?:is\s+|has\s+been\s+)?(?:(?:intentionally|deliberately)\s+)?"
    r"(?:left\s+)?blank|(?:page\s+)?intentionally\s+(?:left\s+)?blank|blank\s+page)\.?$",
    re.I,
)


def is_blank(page: str) -> bool:
    """Nothing on the page but "This page is intentionally left blank" and its number."""
    said: list[str] = []
    for raw in page.splitlines():
        line = clean(raw)
        if not line or PAGE_NUMBER_LINE.match(line):
            continue
        said.append(line)
        if len(said) > 1:
            return False
    return not said or bool(_BLANK_PAGE.match(said[0]))
