"""Running `papers` in tests: a checked call, and sample-site crawls at loopback speed."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from search_cli.app import app

# For SETTINGS_ENV: crawls of the loopback sample site need no politeness delay.
FAST_SETTINGS = json.dumps({"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False})


def papers_ok(runner: CliRunner, *args: str) -> str:
    """`papers ARGS` in-process; its stdout, after checking it succeeded."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, f"papers {' '.join(args)}:\n{result.output}"
    return result.stdout
