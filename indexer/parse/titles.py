"""What the title a paper was published under says it is ("Printed minutes",
"Public reports pack", "Appendix A - ..."): one rule list for link titles and
file names alike. The first rule that matches decides."""

from __future__ import annotations

import re

TITLE_KINDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.I), kind)
    for pattern, kind in (
        (r"\b(?:reports?\s+pack|public\s+pack|agenda\s+pack|document\s+pack)\b", "agenda_pack"),
        (r"\bfront\s*sheet\b|^agenda\b(?!\s+item)", "agenda"),
        (r"^(?:appendix|annex|annexe|enclosure)\b", "appendix"),
        (r"\bminutes\b", "minutes"),
        (
            r"\bprinted\s+decisions\b|\bdecision\s+notice\b|\brecord\s+of\s+decisions?\b|"
            r"^decisions?\b(?!\s+(?:progress|report))",
            "decisions",
        ),
        (
            r"\b(?:supplement(?:ary)?|late\s+material|addendum|additional\s+information)\b",
            "supplement",
        ),
        (r"\b(?:forward\s+plan|notice\s+of\s+key\s+decisions)\b", "forward_plan"),
        (r"\b(?:work\s*programme|work\s+plan)\b", "work_programme"),
        (r"\b(?:appendix|annex|annexe)\b", "appendix"),
    )
)


def title_kind(title: str) -> str | None:
    """The documents.kind a published title names, or None."""
    title = title[:300]  # titles are short; a longer one is cut before matching
    return next((kind for pattern, kind in TITLE_KINDS if pattern.search(title)), None)
