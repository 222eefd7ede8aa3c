"""How well real papers are read: every gold document imported as a user would.

Each document listed in any `../shared/fixtures/*/gold.json` is imported
through `papers import`'s own code path (`import_files`) with nothing given
but a council, under the file name the council published it as (from its
`.source.txt`, so the fixture's descriptive name tells the reader nothing).
What was stored is then read back from the database and compared with the
hand-written gold: kind, meeting date, committee, items, resolutions,
apologies, chair, present members and pack parts.

    PYTHONPATH=. python bench/fidelity.py [--fixtures ../shared/fixtures] [--json]

One line per document, then one line per measure with its target. Latest
figures: docs/fidelity.md. `tests/test_fidelity.py` holds the totals at or
above the figures reached.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from indexer.db import open_database
from indexer.home import Home
from indexer.models import (
    AgendaItem,
    Attendance,
    Council,
    Document,
    DocumentPart,
    Meeting,
    Resolution,
)
from indexer.store.imports import import_files

FIXTURES = Path(__file__).resolve().parent.parent.parent / "shared" / "fixtures"

# measure -> (what it counts, target as a fraction, or None where there is none)
TARGETS: dict[str, tuple[str, float | None]] = {
    "kind": ("document kind right", 0.95),
    "meeting_date": ("meeting date right", 0.95),
    "committee": ("committee right", 0.90),
    "item_recall": ("gold items found", 0.95),
    "item_precision": ("items found that are gold items", 0.97),
    "item_titles": ("gold items found with the exact title", None),
    "resolution_count": ("documents with the exact number of resolutions", 0.90),
    "resolution_words": ("resolution phrases found in a resolution", 0.95),
    "apologies": ("minutes with apologies exactly right", 0.90),
    "chair": ("minutes with the chair right", None),
    "present_recall": ("present members found", None),
    "present_precision": ("members stored who are in the present list", None),
    "parts": ("pack parts with the right pages and kind", None),
    "part_items": ("pack parts filed under the right item", 0.90),
}
# Stored people who are no person of the gold lists: must stay 0.
WRONG_PEOPLE = "wrong_people"

_HONOURS = re.compile(r",?\s+\b(?:OBE|MBE|CBE|KBE|DBE|BEM|QPM|JP|DL|MP)\b\.?", re.I)


def norm(text: str) -> str:
    """Case, spacing, quote and dash styles folded: how gold text is compared."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[‘’`´]", "'", text)
    text = re.sub(r"[“”]", '"', text)
    text = re.sub(r"[‐‑‒–—―\ufffe]", "-", text)
    return " ".join(text.split())


def norm_words(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", norm(text)))


def norm_person(name: str) -> str:
    name = re.sub(r"\([^)]*\)", " ", name)
    return norm_words(_HONOURS.sub("", name))


def norm_number(number: str | None) -> str:
    return (number or "").strip().rstrip(".):").lower()


@dataclass
class Tally:
    """right / counted for one measure."""

    right: int = 0
    counted: int = 0

    def add(self, right: int, counted: int = 1) -> None:
        self.right += right
        self.counted += counted

    @property
    def share(self) -> float | None:
        return self.right / self.counted if self.counted else None


@dataclass
class DocResult:
    file: str
    tallies: dict[str, Tally] = field(default_factory=dict)
    wrong_people: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was wrong, in words

    def score(self, measure: str, right: bool | int, counted: int = 1, why: str = "") -> None:
        self.tallies.setdefault(measure, Tally()).add(int(right), counted)
        if why and int(right) < counted:
            self.notes.append(why)


@dataclass
class Stored:
    """What the database holds for one imported document."""

    kind: str
    committee: str | None
    meeting_date: str | None
    items: list[tuple[str, str]]  # (number, title) of the document's meeting, in order
    resolutions: list[str]
    people: list[tuple[str, str]]  # (person, role) of the meeting the minutes record
    parts: list[tuple[str, int, int, str | None]]  # kind, first, last, item number


def _published_name(path: Path) -> str:
    """The file name the council published it under (its source.txt says), made safe."""
    source = path.with_name(path.name + ".source.txt")
    if source.is_file():
        found = re.search(r"^path:\s*(.+)$", source.read_text(encoding="utf-8"), re.M)
        if found:
            name = found.group(1).strip().rsplit("/", 1)[-1]
            name = re.sub(r"[^\w .,()&'-]+", "_", name).strip(" .")
            if name.lower().endswith(path.suffix.lower()):
                return name
    return "document" + path.suffix


def _meeting_of(session: Session, document: Document) -> Meeting | None:
    """The meeting minutes record (where their resolutions went), else the document's."""
    if document.kind in ("minutes", "decisions"):
        recorded = session.scalar(
            select(Resolution.meeting_id).where(Resolution.document_id == document.id).limit(1)
        )
        if recorded is not None:
            return session.get(Meeting, recorded)
    return document.meeting


def read_stored(engine: Engine, document_id: int) -> Stored:
    with Session(engine) as session:
        document = session.get(Document, document_id)
        assert document is not None
        meeting = _meeting_of(session, document)
        resolutions = session.scalars(
            select(Resolution.text)
            .where(Resolution.document_id == document.id)
            .order_by(Resolution.meeting_id, Resolution.position)
        ).all()
        people = (
            session.execute(
                select(Attendance.person, Attendance.role).where(
                    Attendance.meeting_id == meeting.id
                )
            ).all()
            if meeting is not None
            else []
        )
        parts = [
            (kind, first, last, number)
            for kind, first, last, number in session.execute(
                select(
                    DocumentPart.kind,
                    DocumentPart.page_start,
                    DocumentPart.page_end,
                    AgendaItem.number,
                )
                .outerjoin(AgendaItem, AgendaItem.id == DocumentPart.agenda_item_id)
                .where(DocumentPart.document_id == document.id)
                .order_by(DocumentPart.page_start)
            )
        ]
        return Stored(
            kind=document.kind,
            committee=meeting.committee.name if meeting and meeting.committee else None,
            meeting_date=meeting.start.date().isoformat() if meeting and meeting.start else None,
            items=[
                (item.number or "", item.title)
                for item in sorted(meeting.agenda_items, key=lambda i: i.position)
            ]
            if meeting is not None
            else [],
            resolutions=list(resolutions),
            people=[(person, role) for person, role in people],
            parts=parts,
        )


def _same_committee(found: str | None, gold: str, council: str) -> bool:
    if not found:
        return False
    authority = norm_words(council)
    a, b = norm_words(found), norm_words(gold)
    a = a.replace(authority, "").strip() or a
    b = b.replace(authority, "").strip() or b
    return re.sub(r"^the ", "", a) == re.sub(r"^the ", "", b)


def _similar(a: str, b: str) -> bool:
    """Titles that name the same item: equal words, or one the start of the other."""
    wa, wb = norm_words(a), norm_words(b)
    if not wa or not wb:
        return False
    if wa == wb or wa.startswith(wb) or wb.startswith(wa):
        return True
    sa, sb = set(wa.split()), set(wb.split())
    return len(sa & sb) / len(sa | sb) >= 0.6


def _match_items(
    found: list[tuple[str, str]], gold: list[dict[str, Any]]
) -> tuple[int, int, list[str]]:
    """(gold items matched, of those with the exact title, gold items missed)."""
    unused = list(found)
    matched = exact = 0
    missed = []
    for item in gold:
        number = norm_number(item.get("number"))
        hit = next(
            (
                f
                for f in unused
                if _similar(f[1], item["title"])
                and (norm_number(f[0]) == number or not number or not norm_number(f[0]))
            ),
            None,
        )
        if hit is None:
            missed.append(f"{item.get('number', '')} {item['title'][:50]}".strip())
            continue
        unused.remove(hit)
        matched += 1
        exact += norm(hit[1]) == norm(item["title"])
    return matched, exact, missed


def score(gold: dict[str, Any], stored: Stored) -> DocResult:
    result = DocResult(gold["file"])
    kind = gold["project_kind"]
    result.score("kind", stored.kind == kind, why=f"kind {stored.kind}, not {kind}")
    result.score(
        "meeting_date",
        stored.meeting_date == gold["meeting_date"],
        why=f"date {stored.meeting_date}, not {gold['meeting_date']}",
    )
    result.score(
        "committee",
        _same_committee(stored.committee, gold["committee"], gold["council"]),
        why=f"committee {stored.committee!r}, not {gold['committee']!r}",
    )
    if "items" in gold:
        matched, exact, missed = _match_items(stored.items, gold["items"])
        result.score("item_recall", matched, len(gold["items"]), f"items missed: {missed}")
        result.score(
            "item_precision",
            matched,
            len(stored.items),
            f"{len(stored.items) - matched} items not in the gold",
        )
        result.score("item_titles", exact, len(gold["items"]))
    count = gold.get("resolutions", 0)
    result.score(
        "resolution_count",
        len(stored.resolutions) == count,
        why=f"{len(stored.resolutions)} resolutions, not {count}",
    )
    snippets = gold.get("resolution_snippets", [])
    if snippets:
        texts = [norm(t) for t in stored.resolutions]
        found = [s for s in snippets if any(norm(s) in t for t in texts)]
        missing = [s[:40] for s in snippets if s not in found]
        result.score("resolution_words", len(found), len(snippets), f"phrases missed: {missing}")
    _score_people(gold, stored, result)
    _score_parts(gold, stored, result)
    return result


def _score_people(gold: dict[str, Any], stored: Stored, result: DocResult) -> None:
    if gold["project_kind"] not in ("minutes", "decisions") or "present" not in gold:
        return
    by_role: dict[str, set[str]] = {}
    for person, role in stored.people:
        by_role.setdefault(role, set()).add(norm_person(person))
    apologies = {norm_person(p) for p in gold.get("apologies", [])}
    found_apologies = by_role.get("apologies", set())
    result.score(
        "apologies",
        found_apologies == apologies,
        why=f"apologies: missed {sorted(apologies - found_apologies)}, "
        f"extra {sorted(found_apologies - apologies)}",
    )
    if gold.get("chair"):
        chairs = by_role.get("chair", set())
        result.score("chair", chairs == {norm_person(gold["chair"])}, why=f"chair {sorted(chairs)}")
    present = {norm_person(p) for p in gold["present"]}
    members = set().union(*(by_role.get(r, set()) for r in ("member", "chair", "vice_chair")))
    result.score("present_recall", len(members & present), len(present))
    result.score(
        "present_precision",
        len(members & present),
        len(members),
        f"members not present: {sorted(members - present)[:6]}",
    )
    everyone = present | apologies | {norm_person(p) for p in gold.get("declarations", [])}
    result.wrong_people = sorted((found_apologies | members) - everyone)


def _score_parts(gold: dict[str, Any], stored: Stored, result: DocResult) -> None:
    for part in gold.get("parts", []):
        first, last = part["first_page"], part["last_page"]
        hit = next((p for p in stored.parts if p[1] == first), None)
        right = hit is not None and hit[2] == last and hit[0] == part["kind"]
        result.score(
            "parts",
            right,
            why=f"part p{first}-{last} {part['kind']}: stored {hit}",
        )
        if part.get("item"):
            filed = hit is not None and norm_number(hit[3]) == norm_number(part["item"])
            result.score(
                "part_items",
                filed,
                why=f"part p{first} filed under {hit[3] if hit else None}, not {part['item']}",
            )


def gold_documents(
    fixtures: Path, folders: Iterable[str] | None = None
) -> Iterable[tuple[Path, dict[str, Any]]]:
    """Every paper of every gold.json (or of those in `folders` only)."""
    wanted = set(folders) if folders is not None else None
    for gold_file in sorted(fixtures.glob("*/gold.json")):
        if wanted is not None and gold_file.parent.name not in wanted:
            continue
        for entry in json.loads(gold_file.read_text(encoding="utf-8")):
            yield gold_file.parent / entry["file"], entry


def run(fixtures: Path = FIXTURES, folders: Iterable[str] | None = None) -> list[DocResult]:
    """Import every gold document (of `folders`, if given) into one temporary
    home and score it."""
    results: list[DocResult] = []
    with tempfile.TemporaryDirectory(prefix="fidelity-") as tmp:
        home = Home.from_env(Path(tmp) / "home").ensure()
        engine = open_database(home)
        try:
            for index, (path, gold) in enumerate(gold_documents(fixtures, folders)):
                # One council per document, so no document sees another's meetings.
                council = f"{gold.get('slug', 'council')}-{index:03d}"
                folder = Path(tmp) / "in" / str(index)
                folder.mkdir(parents=True)
                copy = folder / _published_name(path)
                shutil.copyfile(path, copy)
                (outcome,) = import_files(engine, home, [copy], council)
                with Session(engine) as session:
                    row = session.scalar(select(Council).where(Council.slug == council))
                    assert row is not None
                    row.name = gold.get("council", row.name)
                    session.commit()
                results.append(score(gold, read_stored(engine, outcome.document_id)))
        finally:
            engine.dispose()
    return results


def totals(results: list[DocResult]) -> dict[str, Tally]:
    out: dict[str, Tally] = {name: Tally() for name in TARGETS}
    for result in results:
        for name, tally in result.tallies.items():
            out[name].add(tally.right, tally.counted)
    out[WRONG_PEOPLE] = Tally(sum(len(r.wrong_people) for r in results), 0)
    return out


def _percent(share: float | None) -> str:
    return "   —" if share is None else f"{share * 100:4.0f}%"


def report(results: list[DocResult], out: Any = sys.stdout) -> None:
    for result in results:
        cells = " ".join(
            f"{name}={tally.right}/{tally.counted}"
            for name, tally in result.tallies.items()
            if tally.right < tally.counted
        )
        print(f"{'ok ' if not cells else '   '} {result.file}  {cells}", file=out)
        for note in result.notes:
            print(f"        {note}", file=out)
        if result.wrong_people:
            print(f"        not people of this meeting: {result.wrong_people}", file=out)
    print(file=out)
    summed = totals(results)
    for name, (label, target) in TARGETS.items():
        tally = summed[name]
        met = (
            ""
            if target is None or tally.share is None
            else ("  met" if tally.share >= target else f"  below the target {target * 100:.0f}%")
        )
        print(
            f"{name:18} {_percent(tally.share)} {tally.right:4}/{tally.counted:<4} {label}{met}",
            file=out,
        )
    wrong = summed[WRONG_PEOPLE].right
    print(f"{WRONG_PEOPLE:18} {wrong:5}      stored as people, no person of the meeting", file=out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", type=Path, default=FIXTURES)
    parser.add_argument("--json", action="store_true", help="totals as JSON")
    parser.add_argument(
        "--only", action="append", metavar="FOLDER", help="only this gold folder (e.g. kent)"
    )
    args = parser.parse_args()
    if not any(args.fixtures.glob("*/gold.json")):
        sys.exit(f"No gold.json under {args.fixtures}")
    results = run(args.fixtures, args.only)
    if args.json:
        summed = totals(results)
        print(json.dumps({k: [t.right, t.counted] for k, t in summed.items()}, indent=1))
    else:
        report(results)


if __name__ == "__main__":
    main()
