"""Resolutions of real Kent County Council minutes and proposed records of decision.

The expected phrases are read from the hand-checked gold (`../shared/fixtures/kent/
gold.json`), not copied here. Assertions are over the whole document (every
minute's resolutions together), so they hold however the minutes are split.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from indexer.parse.minutes import parse_minutes
from indexer.parse.types import ParsedResolution
from tests.parse_support import pages

pytestmark = pytest.mark.database_free


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[‘’`´]", "'", re.sub(r"[“”]", '"', text))
    return " ".join(re.sub(r"[‐‑‒–—―\ufffe]", "-", text).split())


def _gold(fixtures: Path, name: str) -> dict[str, Any]:
    entries = json.loads((fixtures / "kent" / "gold.json").read_text(encoding="utf-8"))
    [entry] = [e for e in entries if e["file"] == name]
    return dict(entry)


def _resolutions(fixtures: Path, name: str) -> list[ParsedResolution]:
    minutes = parse_minutes(pages(fixtures, f"kent/{name}"))
    # A deferral note in prose is the minutes parser's (minutes.py) reading, not a
    # printed resolution; the gold does not count it.
    return [r for item in minutes.items for r in item.resolutions if r.kind != "deferred"]


def _matched(fixtures: Path, name: str) -> tuple[list[ParsedResolution], list[int]]:
    """The resolutions read, and for each the gold phrase (by position) it holds.
    Every one must hold exactly one gold phrase: nothing read is a false one."""
    snippets = [_norm(s) for s in _gold(fixtures, name)["resolution_snippets"]]
    found = _resolutions(fixtures, name)
    positions = []
    for resolution in found:
        hits = [n for n, s in enumerate(snippets) if s in _norm(resolution.text)]
        assert len(hits) == 1, resolution.text
        positions.append(hits[0])
    assert positions == sorted(set(positions)), "in the printed order, each once"
    return found, positions


MINUTES = {
    # file: gold phrases (by position) that must be found, whatever the headings
    "kent_cabinet_minutes_2025-01-09.pdf": [0, 1, 2, 3, 4],
    "kent_council_minutes_2024-12-19.pdf": [0, 1, 2, 3, 4, 5, 6],
    "kent_council_minutes_2025-01-09.pdf": [1],
    "kent_cpp_minutes_2024-10-29.pdf": [1, 2, 3, 4, 5, 6, 8, 9, 10],
}


@pytest.mark.parametrize("name", sorted(MINUTES))
def test_kent_minutes_resolutions_are_gold_ones_in_order(shared_fixtures: Path, name: str) -> None:
    found, positions = _matched(shared_fixtures, name)
    assert set(MINUTES[name]) <= set(positions)
    assert len(found) <= _gold(shared_fixtures, name)["resolutions"]


def test_kent_council_motions_amendments_and_condolences_are_not_resolutions(
    shared_fixtures: Path,
) -> None:
    found, _ = _matched(shared_fixtures, "kent_council_minutes_2024-12-19.pdf")
    texts = [r.text for r in found]
    assert not any(t.lower().startswith("agreed") for t in texts)  # a condolence motion
    # The carried motion: six numbered clauses over a page break, and the next
    # paragraph of the minute ("9) The Chairman proposed ...") is not a seventh.
    [farms] = [r for r in found if len(r.clauses) == 6]
    assert [c.split()[0] for c in farms.clauses] == ["1.", "2.", "3.", "4.", "5.", "6."]
    assert all("\n9)" not in c and "Chairman proposed" not in c for c in farms.clauses)
    [remote] = [r for r in found if len(r.clauses) == 3]
    assert [c[:2] for c in remote.clauses] == ["a)", "b)", "c)"]

    january, _ = _matched(shared_fixtures, "kent_council_minutes_2025-01-09.pdf")
    [devolution] = [r for r in january if r.clauses]
    assert [c.split()[0] for c in devolution.clauses] == ["(1)", "(2)", "(3)", "(4)", "(5)"]


def test_kent_cabinet_resolution_not_its_proposal_or_amended_motion(shared_fixtures: Path) -> None:
    found, _ = _matched(shared_fixtures, "kent_cabinet_minutes_2025-01-09.pdf")
    assert len(found) == 5
    assert [len(r.clauses) for r in found] == [0, 0, 0, 0, 3]


@pytest.mark.parametrize(
    "name",
    [
        "kent_cabinet_prod_2025-01-30_24-00096.pdf",
        "kent_cabinet_prod_2025-01-30_24-00108.pdf",
        "kent_cabinet_prod_2025-01-30_24-00109.pdf",
        "kent_cabinet_prod_2025-01-30_24-00115.pdf",
    ],
)
def test_a_proposed_record_of_decision_records_no_resolution(
    shared_fixtures: Path, name: str
) -> None:
    assert _gold(shared_fixtures, name)["resolutions"] == 0
    assert _resolutions(shared_fixtures, name) == []
