"""What the web app refuses: archived files acting as the app, foreign Host
headers (DNS rebinding), a port already taken."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("starlette")

from typer.testing import CliRunner  # noqa: E402

from indexer.db import open_database  # noqa: E402
from indexer.home import Home  # noqa: E402
from indexer.models import Document  # noqa: E402
from search_cli.app import app  # noqa: E402
from search_cli.web.app import create_app  # noqa: E402
from search_cli.web.server import running  # noqa: E402

SCRIPT = "<script>fetch('/watches/new')</script>"


def _imported(home: Home, tmp_path: Path, name: str, body: bytes) -> int:
    paper = tmp_path / name
    paper.write_bytes(body)
    done = CliRunner().invoke(app, ["import", str(paper), "--council", "t", "--no-index"])
    assert done.exit_code == 0, done.output
    engine = open_database(home)
    try:
        from sqlalchemy import func, select
        from sqlalchemy.orm import Session

        with Session(engine) as session:
            return session.scalars(select(func.max(Document.id))).one()  # the one just imported
    finally:
        engine.dispose()


def test_an_archived_web_page_is_sandboxed_and_a_pdf_is_not_sniffed(
    home: Home, tmp_path: Path, shared_fixtures: Path
) -> None:
    page = _imported(home, tmp_path, "foi.html", f"<html><body>{SCRIPT}<p>Minutes</p>".encode())
    pdf = (shared_fixtures / "pdfs").glob("*.pdf").__next__().read_bytes()
    paper = _imported(home, tmp_path, "report.pdf", pdf)
    engine = open_database(home)
    with running(create_app(home, engine)) as base_url, httpx.Client(base_url=base_url) as http:
        served = http.get(f"/documents/{page}/file")
        assert served.status_code == 200 and SCRIPT in served.text  # the paper, as archived
        assert served.headers["content-security-policy"].startswith("sandbox")
        assert served.headers["x-content-type-options"] == "nosniff"
        served = http.get(f"/documents/{paper}/file")
        assert served.headers["content-type"] == "application/pdf"
        assert "content-security-policy" not in served.headers  # the browser's viewer opens it
        assert served.headers["x-content-type-options"] == "nosniff"
    engine.dispose()


def test_a_foreign_host_header_is_refused(home: Home) -> None:
    engine = open_database(home)
    with running(create_app(home, engine)) as base_url, httpx.Client(base_url=base_url) as http:
        port = base_url.rsplit(":", 1)[1].rstrip("/")
        assert http.get("/status").status_code == 200
        assert http.get("/status", headers={"Host": f"localhost:{port}"}).status_code == 200
        refused = http.get("/watches/new", headers={"Host": f"attacker.example:{port}"})
        assert refused.status_code == 400 and "csrf" not in refused.text.lower()
        assert "answers only to" in refused.text
    engine.dispose()


def test_serving_on_a_port_in_use_is_one_line(home: Home) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "PYTHONPATH": os.getcwd(), "PAPERS_HOME": str(home.root)}
        done = subprocess.run(
            [sys.executable, "-m", "search_cli", "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: cannot listen on 127.0.0.1:{port}")
    assert "Serving" not in done.stderr
