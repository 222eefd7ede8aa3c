"""`papers export`: every row of every table, the right columns, filters, formats."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from indexer.export import TABLES, ExportFilters, export_columns, export_rows
from indexer.models import (
    AgendaItem,
    Attendance,
    Committee,
    Council,
    Declaration,
    Document,
    Meeting,
    Resolution,
    WorkProgrammeEntry,
)
from indexer.store.filestore import FolderStore
from search_cli.app import app

MODELS = {
    "meetings": Meeting,
    "agenda-items": AgendaItem,
    "resolutions": Resolution,
    "documents": Document,
    "attendance": Attendance,
    "declarations": Declaration,
    "work-programme": WorkProgrammeEntry,
}
ID_COLUMN = {
    "meetings": "meeting_id",
    "agenda-items": "agenda_item_id",
    "resolutions": "resolution_id",
    "documents": "document_id",
    "attendance": "attendance_id",
    "declarations": "declaration_id",
    "work-programme": "entry_id",
}
# Where archived copies' links point in tests that do not read them.
FILES = FolderStore(Path("/archive"))
# Text a spreadsheet chokes on when CSV is written carelessly.
AWKWARD = 'Edge of care, "Section 20" — £1.2m\nsecond line'


@pytest.fixture
def papers(engine: Engine) -> Engine:
    """Two councils; meetings with and without a committee; a document with no meeting."""
    with Session(engine) as s, s.begin():
        kingston = Council(slug="kingston", name="Royal Borough of Kingston", platform="moderngov")
        manchester = Council(slug="manchester", name="Manchester City Council", platform="local")
        children = Committee(council=kingston, source_id="10", name="Children's Committee")
        finance = Committee(council=manchester, source_id="20", name="Finance Scrutiny")
        s.add_all([kingston, manchester, children, finance])
        s.flush()
        meetings = [
            Meeting(
                council=kingston,
                committee=children,
                source_id="1",
                title="Children's",
                start=datetime(2024, 1, 15, 19, 30),
                status="held",
            ),
            Meeting(
                council=kingston,
                committee=children,
                source_id="2",
                title="Children's",
                start=datetime(2024, 3, 4, 19, 0),
                status="cancelled",
            ),
            Meeting(
                council=manchester,
                committee=finance,
                source_id="3",
                title="Finance",
                start=datetime(2024, 3, 5, 10, 0),
            ),
            Meeting(
                council=manchester,
                committee=None,
                source_id="4",
                title="Full Council",
                start=datetime(2024, 6, 1, 14, 0),
            ),
        ]
        s.add_all(meetings)
        s.flush()
        for n, meeting in enumerate(meetings):
            pack = Document(
                council_id=meeting.council_id,
                meeting=meeting,
                url=f"https://example.org/g{n}.pdf",
                title=f"Pack {n}",
                kind="agenda_pack",
                page_count=12,
            )
            item = AgendaItem(
                meeting=meeting,
                key=str(n),
                number=f"{n}.",
                position=n,
                title=AWKWARD if n == 0 else f"Item {n}",
                is_exempt=n == 3,
            )
            s.add_all([pack, item])
            s.flush()
            s.add_all(
                [
                    Resolution(
                        meeting=meeting,
                        agenda_item=item,
                        text=f"RESOLVED {n}",
                        clauses=["a", "b"],
                        sources=["html"],
                        fingerprint=f"r{n}",
                        document_id=pack.id,
                        page=3,
                    ),
                    Attendance(meeting=meeting, person=f"Cllr Ann Ó Briain {n}", role="chair"),
                    Attendance(meeting=meeting, person=f"Cllr Bob {n}", role="apologies"),
                    Declaration(
                        meeting=meeting,
                        agenda_item_id=item.id,
                        person="Cllr Bob",
                        text="Governor of a school",
                    ),
                ]
            )
        plan = Document(
            council_id=kingston.id,
            url="https://example.org/wp.pdf",
            title="Work programme",
            kind="work_programme",
        )
        s.add(plan)
        s.flush()
        s.add_all(
            [
                WorkProgrammeEntry(
                    council_id=kingston.id,
                    committee_id=children.id,
                    document_id=plan.id,
                    planned_date=date(2024, 9, 10),
                    title="SEND transport review",
                ),
                WorkProgrammeEntry(
                    council_id=kingston.id,
                    committee_id=children.id,
                    planned_label="tbc",
                    title="Edge of care update",
                ),
            ]
        )
    return engine


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("table", list(TABLES))
def test_every_row_of_every_table_comes_out(papers: Engine, table: str) -> None:
    rows = list(export_rows(papers, table, ExportFilters(), files=FILES))
    with Session(papers) as s:
        ids = set(s.scalars(select(MODELS[table].id)))
    assert sorted(r[ID_COLUMN[table]] for r in rows) == sorted(ids)
    assert ids
    for row in rows:
        assert list(row) == export_columns(table)
        assert row["council"] in {"kingston", "manchester"}
        assert row["council_name"]
    if table != "work-programme":
        assert {"committee", "meeting_date", "meeting_id"} <= set(export_columns(table))


@pytest.mark.parametrize("table", list(TABLES))
def test_csv_round_trip_through_the_csv_module(
    papers: Engine, runner: CliRunner, table: str
) -> None:
    result = runner.invoke(app, ["export", table])
    assert result.exit_code == 0, result.output
    rows = _csv_rows(result.stdout)
    expected = list(export_rows(papers, table, ExportFilters(), files=FILES))
    assert len(rows) == len(expected)
    assert list(rows[0]) == export_columns(table)
    assert [r[ID_COLUMN[table]] for r in rows] == [str(r[ID_COLUMN[table]]) for r in expected]


def test_denormalised_values_are_exact(papers: Engine, runner: CliRunner) -> None:
    result = runner.invoke(app, ["export", "agenda-items", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    first = rows[0]
    assert first["council"] == "kingston"
    assert first["council_name"] == "Royal Borough of Kingston"
    assert first["committee"] == "Children's Committee"
    assert first["meeting_date"] == "2024-01-15"
    assert first["title"] == AWKWARD
    assert first["is_exempt"] is False
    no_committee = [r for r in rows if r["meeting_date"] == "2024-06-01"]
    assert no_committee[0]["committee"] is None
    assert no_committee[0]["is_exempt"] is True


def test_resolutions_carry_item_and_document(papers: Engine, runner: CliRunner) -> None:
    result = runner.invoke(app, ["export", "resolutions", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows[0]["item_number"] == "0."
    assert rows[0]["item_title"] == AWKWARD
    assert rows[0]["document_url"] == "https://example.org/g0.pdf"
    assert rows[0]["clauses"] == ["a", "b"]
    assert rows[0]["page"] == 3


def test_document_without_a_meeting_is_exported_with_its_council(papers: Engine) -> None:
    rows = list(export_rows(papers, "documents", ExportFilters(), files=FILES))
    plan = next(r for r in rows if r["kind"] == "work_programme")
    assert plan["council"] == "kingston"
    assert plan["meeting_id"] is None
    assert plan["meeting_date"] is None


def test_csv_keeps_commas_quotes_and_newlines(papers: Engine, runner: CliRunner) -> None:
    result = runner.invoke(app, ["export", "agenda-items"])
    assert _csv_rows(result.stdout)[0]["title"] == AWKWARD
    assert not result.stdout.startswith("\ufeff")


def test_excel_adds_a_byte_order_mark(papers: Engine, runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "res.csv"
    result = runner.invoke(app, ["export", "resolutions", "--excel", "--output", str(out)])
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfcouncil,")
    rows = _csv_rows(raw.decode("utf-8-sig"))
    assert len(rows) == 4
    assert "Exported 4 resolutions rows" in result.stderr


@pytest.mark.parametrize(
    ("args", "table", "expected"),
    [
        (["--council", "kingston"], "meetings", {"1", "2"}),
        (["--council", "Manchester City Council"], "meetings", {"3", "4"}),
        (["--committee", "finance"], "meetings", {"3"}),
        (["--since", "2024-03-04"], "meetings", {"2", "3", "4"}),
        (["--until", "2024-03-04"], "meetings", {"1", "2"}),
        (["--since", "2024-03-05", "--until", "2024-03-05"], "meetings", {"3"}),
        (["--council", "kingston", "--since", "2024-02-01"], "attendance", {"2"}),
    ],
)
def test_filters(
    papers: Engine, runner: CliRunner, args: list[str], table: str, expected: set[str]
) -> None:
    result = runner.invoke(app, ["export", table, "--format", "jsonl", *args])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    with Session(papers) as s:
        source_ids = {i: sid for i, sid in s.execute(select(Meeting.id, Meeting.source_id))}
    assert {source_ids[r["meeting_id"]] for r in rows} == expected


def test_work_programme_filters_on_planned_date(papers: Engine) -> None:
    rows = list(
        export_rows(papers, "work-programme", ExportFilters(since=date(2024, 9, 1)), files=FILES)
    )
    assert [r["title"] for r in rows] == ["SEND transport review"]
    assert rows[0]["committee"] == "Children's Committee"
    assert rows[0]["document_url"] == "https://example.org/wp.pdf"


def test_unknown_table_and_council_are_one_line_errors(papers: Engine, runner: CliRunner) -> None:
    result = runner.invoke(app, ["export", "minutes"])
    assert result.exit_code == 1
    assert "No export called 'minutes'" in result.stderr
    assert "agenda-items" in result.stderr
    result = runner.invoke(app, ["export", "meetings", "--council", "narnia"])
    assert result.exit_code == 1
    assert "No council 'narnia'" in result.stderr
    assert "Traceback" not in result.output


def test_parquet_round_trip(papers: Engine, runner: CliRunner, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "items.parquet"
    result = runner.invoke(app, ["export", "agenda-items", "--format", "parquet", "-o", str(out)])
    assert result.exit_code == 0, result.output
    table = pq.read_table(out)
    assert table.column_names == export_columns("agenda-items")
    assert table.num_rows == 4
    first = table.to_pylist()[0]
    assert first["meeting_date"] == date(2024, 1, 15)
    assert first["title"] == AWKWARD
    resolutions = tmp_path / "res.parquet"
    runner.invoke(app, ["export", "resolutions", "--format", "parquet", "-o", str(resolutions)])
    assert json.loads(pq.read_table(resolutions).to_pylist()[0]["clauses"]) == ["a", "b"]


def test_parquet_without_pyarrow_says_what_to_install(
    papers: Engine, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    result = runner.invoke(
        app, ["export", "meetings", "--format", "parquet", "-o", str(tmp_path / "m.parquet")]
    )
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "Parquet export needs pyarrow" in result.stderr
    assert "pip install pyarrow" in result.stderr


def test_parquet_needs_a_file(papers: Engine, runner: CliRunner) -> None:
    result = runner.invoke(app, ["export", "meetings", "--format", "parquet"])
    assert result.exit_code == 1
    assert "--output" in result.stderr


def test_empty_database_exports_a_header(engine: Engine, runner: CliRunner) -> None:
    result = runner.invoke(app, ["export", "declarations"])
    assert result.exit_code == 0
    assert result.stdout.strip() == ",".join(export_columns("declarations"))
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(Declaration)) == 0
