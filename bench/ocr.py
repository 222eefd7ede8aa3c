"""How well and how fast scanned papers are read by OCR.

Scanned copies (bench/scans.py) of real Kent, Merton and Kingston PDFs are
made three ways: 150 dpi, 300 dpi, and 300 dpi turned 1.5 degrees, speckled
and saved as a rougher JPEG. Each is read by the extraction stage's own
reader (`extract_file`: pypdfium2 renders the page, Tesseract reads it with
one thread), and what it reads is compared with the original's text layer,
the true text of the scan:

- word accuracy: the share of the text layer's words that OCR read, each
  word counted as often as it is printed, in any order (a running header
  read at the foot of the page still counts); case and letters inside a
  word count, punctuation around it does not;
- in order: the share of words matched in reading order (difflib);
- pages/s per core: pages read by OCR per CPU second (this process and
  Tesseract's), so other work on the machine does not count against it.

With --fidelity, every Kent gold paper is also scanned at 300 dpi and the
fidelity benchmark (bench/fidelity.py) is run on the scans beside the
originals. Figures: docs/reading.md#how-good-ocr-is.

    PYTHONPATH=. python bench/ocr.py [--pages 2] [--fidelity]
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import shutil
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bench import fidelity
from bench.scans import CLEAN_150, CLEAN_300, WORN_300, ScanStyle, make_scan
from indexer.extract import extract_file, ocr
from indexer.extract.pdf import has_text

FIXTURES = Path(__file__).resolve().parent.parent.parent / "shared" / "fixtures"
# A mix of what councils publish: minutes, an agenda, a pack, reports, a form.
SAMPLE = (
    "kent/kent_cpp_minutes_2024-10-29.pdf",
    "kent/kent_council_minutes_2024-12-19.pdf",
    "kent/kent_cabinet_agenda_2025-03-13.pdf",
    "kent/kent_cabinet_report_2025-03-04_qpr_q3.pdf",
    "kent/kent_cabinet_prod_2025-01-30_24-00108.pdf",
    "pdfs/merton_audit_committee_agenda_2009-10-22.pdf",
    "pdfs/kingston_ZebraCrossing.pdf",
)
STYLES = (CLEAN_150, CLEAN_300, WORN_300)
GOALS = {"accuracy_300": 0.95, "pages_per_core_second": 1.0}
_QUOTES = str.maketrans("‘’“”–—", "''\"\"--")


def words(text: str) -> list[str]:
    """Words as compared: Unicode-normalised, punctuation around them stripped."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    stripped = (re.sub(r"^\W+|\W+$", "", w) for w in text.split())
    return [w for w in stripped if w]


@dataclass
class Tally:
    truth: int = 0  # words in the text layer
    found: int = 0  # of those, read by OCR (any order)
    in_order: int = 0  # of those, read in reading order
    pages: int = 0
    cpu: float = 0.0  # seconds
    confidence: list[float] = field(default_factory=list)

    def add(self, true_text: str, read: str) -> None:
        truth, got = words(true_text), words(read)
        self.truth += len(truth)
        self.found += sum((Counter(truth) & Counter(got)).values())
        matcher = difflib.SequenceMatcher(None, truth, got, autojunk=False)
        self.in_order += sum(block.size for block in matcher.get_matching_blocks())

    def as_dict(self) -> dict[str, float]:
        return {
            "pages": self.pages,
            "words": self.truth,
            "word_accuracy": round(self.found / self.truth, 4) if self.truth else 0.0,
            "in_order": round(self.in_order / self.truth, 4) if self.truth else 0.0,
            "pages_per_core_second": round(self.pages / self.cpu, 3) if self.cpu else 0.0,
            "mean_confidence": round(sum(self.confidence) / len(self.confidence), 1)
            if self.confidence
            else 0.0,
        }


def _cpu() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def measure(sources: Iterable[Path], style: ScanStyle, pages: int, folder: Path) -> Tally:
    """Scan the first `pages` pages of each source with `style`, read them, compare."""
    tally = Tally()
    for source in sources:
        original = extract_file(source)
        chosen = [n for n, text in enumerate(original.pages[:pages]) if has_text(text)]
        if not chosen:
            continue
        scan = make_scan(source, folder / f"{source.stem}-{style.dpi}.pdf", style, chosen)
        before = _cpu()
        result = extract_file(scan, limits=None)
        tally.cpu += _cpu() - before
        if result.status != "ocr":
            print(f"  {source.name}: {result.status} {result.error}", file=sys.stderr)
            continue
        for n, read, confidence in zip(chosen, result.pages, result.ocr_confidence, strict=True):
            tally.add(original.pages[n], read)
            tally.pages += 1
            if confidence is not None:
                tally.confidence.append(confidence)
    return tally


def _scanned_fixtures(fixtures: Path, folder: Path, gold: str) -> Path:
    """A copy of one gold folder with every paper replaced by its 300-dpi scan."""
    target = folder / "fixtures" / gold
    target.mkdir(parents=True)
    for item in (fixtures / gold).iterdir():
        if item.suffix.lower() == ".pdf":
            make_scan(item, target / item.name, CLEAN_300)
        elif item.is_file():
            shutil.copyfile(item, target / item.name)
    return target.parent


def fidelity_beside(fixtures: Path, folder: Path, gold: str = "kent") -> dict[str, list[str]]:
    """The fidelity measures on the originals and on their scans."""
    originals = fidelity.totals(fidelity.run(fixtures, [gold]))
    scans = fidelity.totals(fidelity.run(_scanned_fixtures(fixtures, folder, gold), [gold]))
    return {
        name: [f"{t.right}/{t.counted}", f"{scans[name].right}/{scans[name].counted}"]
        for name, t in originals.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", type=Path, default=FIXTURES)
    parser.add_argument("--pages", type=int, default=2, help="pages scanned per paper")
    parser.add_argument("--fidelity", action="store_true", help="also bench/fidelity.py on scans")
    parser.add_argument(
        "--render-dpi", type=int, default=ocr.OCR_DPI, help="resolution pages are read at"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    ocr.OCR_DPI = args.render_dpi
    if not ocr.available():
        sys.exit(f"OCR is not installed: {ocr.INSTALL}")
    sources = [args.fixtures / name for name in SAMPLE if (args.fixtures / name).is_file()]
    if not sources:
        sys.exit(f"No sample PDFs under {args.fixtures}")
    report: dict[str, object] = {"render_dpi": ocr.OCR_DPI, "papers": len(sources)}
    with tempfile.TemporaryDirectory(prefix="ocr-bench-") as tmp:
        for style in STYLES:
            started = time.perf_counter()
            tally = measure(sources, style, args.pages, Path(tmp))
            figures = tally.as_dict()
            figures["wall_seconds"] = round(time.perf_counter() - started, 1)
            report[style.name] = figures
            if not args.json:
                print(
                    f"{style.name:38} {tally.pages:3} pages  word accuracy"
                    f" {figures['word_accuracy']:.1%} (in order {figures['in_order']:.1%})"
                    f"  {figures['pages_per_core_second']:.2f} pages/s per core"
                    f"  confidence {figures['mean_confidence']}"
                )
        if args.fidelity:
            report["fidelity"] = fidelity_beside(args.fixtures, Path(tmp))
            if not args.json:
                print(f"\n{'fidelity measure':20} {'original':>10} {'300-dpi scan':>13}")
                for name, (original, scanned) in report["fidelity"].items():  # type: ignore[attr-defined]
                    print(f"{name:20} {original:>10} {scanned:>13}")
    if args.json:
        print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
