"""`papers import DIR`: a folder of papers (an FOI response) imported as the
files it holds, in a stable order, with the summary several files get."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from indexer.store.imports import files_in
from search_cli.app import app
from tests.extract_support import make_pdf


def _foi_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "FOI 2025-123"
    (folder / "appendices").mkdir(parents=True)
    (folder / ".git").mkdir()
    make_pdf(folder / "10 Cabinet report.pdf", [["Cabinet report on school transport"]])
    make_pdf(folder / "2 Cover letter.PDF", [["Our reference FOI 2025-123"]])
    (folder / "appendices" / "Appendix A.txt").write_text("Appendix A: costs by route\n")
    (folder / "appendices" / "budget.xlsx").write_bytes(b"PK\x03\x04 not read")
    (folder / ".DS_Store").write_bytes(b"\x00")
    (folder / ".git" / "notes.txt").write_text("not a paper\n")
    return folder


def test_a_folder_gives_its_papers_in_order_and_names_what_it_skips(tmp_path: Path) -> None:
    folder = _foi_folder(tmp_path)
    single = make_pdf(tmp_path / "minutes.pdf", [["Minutes"]])
    files, skipped = files_in([single, folder])
    assert [str(path.relative_to(tmp_path)) for path in files] == [
        "minutes.pdf",  # as given, then the folder's
        "FOI 2025-123/2 Cover letter.PDF",  # 2 before 10
        "FOI 2025-123/10 Cabinet report.pdf",
        "FOI 2025-123/appendices/Appendix A.txt",  # subfolders too
    ]
    assert skipped == [folder / "appendices" / "budget.xlsx"]


def test_import_a_folder(runner: CliRunner, home: object, tmp_path: Path) -> None:
    folder = _foi_folder(tmp_path)
    args = ["import", str(folder), "--council", "testham", "--date", "2025-05-05", "--no-index"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if not line.startswith("  ")]
    assert [line.split(": document")[0] for line in lines] == [
        str(folder / "2 Cover letter.PDF"),
        str(folder / "10 Cabinet report.pdf"),
        str(folder / "appendices" / "Appendix A.txt"),
    ]
    assert all(line.endswith("no committee on 2025-05-05") for line in lines)
    assert f"Skipped 1 file papers does not read: {folder / 'appendices' / 'budget.xlsx'}" in (
        result.stderr.replace("\n", " ")
    )
    again = runner.invoke(app, args)
    assert again.stdout.count("nothing changed") == 3


def test_a_folder_without_papers_is_one_plain_line(
    runner: CliRunner, home: object, tmp_path: Path
) -> None:
    (tmp_path / "empty" / "sub").mkdir(parents=True)
    (tmp_path / "empty" / "sub" / "sheet.xlsx").write_bytes(b"PK")
    result = runner.invoke(app, ["import", str(tmp_path / "empty"), "--council", "testham"])
    assert result.exit_code == 1
    no_papers = f"Error: No PDF, DOCX, HTML or TXT files in {tmp_path / 'empty'}"
    assert result.stderr.startswith(no_papers)
    assert "Traceback" not in result.output
