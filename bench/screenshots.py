"""Screenshots of `papers serve` for docs/web.md and the README.

    PYTHONPATH=. python bench/screenshots.py [--out docs]

Runs `papers demo` into a temporary home (the bundled Sampleshire council,
offline), serves it on 127.0.0.1 and photographs the main pages in headless
Chromium (see bench/browser.py), writing docs/web-*.png.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path

from sqlalchemy import Engine, select

from bench.browser import chromium, missing
from indexer.db import open_database
from indexer.home import Home
from indexer.models import Committee
from search_cli.app import app
from search_cli.commands.demo import meeting_with_most_resolutions
from search_cli.web.app import create_app
from search_cli.web.server import running

MAX_HEIGHT = 1600  # px: a page longer than this is cut, the top is what matters


def _pages(engine: Engine) -> dict[str, tuple[str, int]]:
    """Screenshot name -> (path, window width)."""
    meeting = meeting_with_most_resolutions(engine)
    with engine.connect() as conn:
        committee = conn.execute(select(Committee.id).order_by(Committee.id)).scalars().first()
    return {
        "search": ('/?q="edge+of+care"', 1200),
        "meeting": (f"/meetings/{meeting}", 1200),
        "council": ("/councils/sampleshire", 1200),
        "committee": (f"/councils/sampleshire/committees/{committee}", 1200),
        "upcoming": ("/upcoming", 1200),
        "watches": ("/watches", 1200),
        "status": ("/status", 1200),
        "phone": ('/?q="edge+of+care"', 390),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("docs"))
    args = parser.parse_args()
    reason = missing()
    if reason:
        raise SystemExit(f"Cannot take screenshots: {reason}")
    os.environ.pop("DATABASE_URL", None)
    root = Path(tempfile.mkdtemp("-papers-screenshots"))
    app(["--home", str(root), "demo"], standalone_mode=False)
    home = Home.from_env(root)
    engine = open_database(home)
    with running(create_app(home, engine, read_only=False)) as base, chromium() as browser:
        for name, (path, width) in _pages(engine).items():
            browser.set_window_size(width, 900)
            browser.get(base + path)
            height = browser.execute_script("return document.documentElement.scrollHeight")
            browser.set_window_size(width, min(int(height), MAX_HEIGHT))
            target = args.out / f"web-{name}.png"
            browser.save_screenshot(str(target))
            print(f"wrote {target}")
    engine.dispose()
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
