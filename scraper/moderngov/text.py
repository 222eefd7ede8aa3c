"""Clean text from ModernGov HTML fragments, keeping paragraph breaks.

Decision and minutes text keeps one line per paragraph because the
resolution parser reads clauses such as "(a) ..." and "1. ..." line by line.
Inside a paragraph every run of whitespace (source line breaks, &nbsp;,
Word's list-indent spans) becomes a single space.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

# Tags whose start and end are paragraph breaks.
_BLOCK_TAGS = frozenset(
    ("address", "article", "blockquote", "caption", "dd", "div", "dl", "dt", "footer")
    + ("h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre")
    + ("section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul")
)
_SKIPPED_TAGS = frozenset(("script", "style", "noscript", "template", "head"))
_WHITESPACE = re.compile(r"\s+")
# Word's list bullets survive as characters at the start of a paragraph.
_LEADING_BULLET = re.compile(r"^[·•▪■◦‣∙●○§\uf0b7\uf0a7]+\s*")


def collapse(text: str | None) -> str:
    """One line of text: every whitespace run becomes one space."""
    return _WHITESPACE.sub(" ", text or "").strip()


def block_text(node: Tag | None) -> str:
    """The text of `node`, one line per paragraph, whitespace collapsed."""
    if node is None:
        return ""
    parts: list[str] = []
    _walk(node, parts)
    lines = (_LEADING_BULLET.sub("", collapse(line)) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def html_fragment_text(fragment: str | None) -> str:
    """The text of an HTML fragment (e.g. agenda text inside web-service XML)."""
    if not fragment or not fragment.strip():
        return ""
    return block_text(BeautifulSoup(fragment, "lxml"))


def _walk(node: Tag, parts: list[str]) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            # Comments, CDATA, doctypes and processing instructions are subclasses.
            if type(child) is NavigableString:
                parts.append(_WHITESPACE.sub(" ", str(child)))
        elif isinstance(child, Tag):
            if child.name in _SKIPPED_TAGS:
                continue
            if child.name == "br":
                parts.append("\n")
            elif child.name in _BLOCK_TAGS:
                parts.append("\n")
                _walk(child, parts)
                parts.append("\n")
            else:
                _walk(child, parts)
