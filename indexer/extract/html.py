"""The visible text of an HTML page, one line per block."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from indexer.extract.result import ExtractionResult

INVISIBLE = ("script", "style", "noscript", "template", "head", "svg", "iframe", "object")
BLOCKS = (
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tr", "ul", "caption",
)  # fmt: skip
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SPACES = re.compile(r"[ \t\u00a0]+")


def visible_text(markup: bytes | str) -> str:
    soup = BeautifulSoup(markup, "lxml")
    for tag in soup.find_all(INVISIBLE):
        tag.decompose()
    for tag in soup.find_all(True):
        if isinstance(tag, Tag) and not tag.decomposed and _is_hidden(tag):
            tag.decompose()
    for tag in soup.find_all("br"):
        tag.replace_with("\n")
    for tag in soup.find_all(("td", "th")):
        tag.insert_after("\t")
    for tag in soup.find_all(BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    lines = (_SPACES.sub(" ", line).strip() for line in soup.get_text().split("\n"))
    return "\n".join(line for line in lines if line)


def _is_hidden(tag: Tag) -> bool:
    attrs = tag.attrs or {}
    return "hidden" in attrs or bool(_HIDDEN_STYLE.search(str(attrs.get("style", ""))))


def extract(path: Path) -> ExtractionResult:
    text = visible_text(path.read_bytes())
    if not text:
        return ExtractionResult("failed", pages=[""], page_count=1, error="the page has no text")
    return ExtractionResult("ok", pages=[text], page_count=1)
