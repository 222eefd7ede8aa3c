"""Checks that a file will not expand beyond reason, made before a reader opens it.

A DOCX is a zip: its members' sizes are read from the zip directory (the
inflater never writes more than a member declares) before python-docx
inflates them. A PDF's streams are inflated here in small pieces, counting
and discarding, and the count stops at the first stream over the limit.
Deflate cannot expand data more than 1,032 times, so a stream that starts
fewer than MAX_PDF_STREAM / 1,032 bytes (about 250 KB) from the end of the
file cannot reach the limit and is not inflated (most council papers are
smaller than that and cost nothing here), and a stream is counted only until
the bytes left after it could no longer take it over. Each check returns a plain reason
when the file is too large to read, else None.
"""

from __future__ import annotations

import mmap
import re
import zipfile
import zlib
from pathlib import Path

MB = 1024 * 1024
# python-docx parses a DOCX's XML into a tree of ten or more times its size;
# the text of a 2,000-page report is a few MB of XML.
MAX_DOCX_XML_PART = 64 * MB
MAX_DOCX_MEMBER = 256 * MB
# No real page's content or image comes near this once inflated.
MAX_PDF_STREAM = 256 * MB
# zlib's own bound ("the limit is 1032:1", zlib.net/zlib_tech.html), with room
# for a stream's few bytes of header and block framing.
_MAX_DEFLATE_RATIO = 1032
_FRAMING = 1024
_CHUNK = 64 * 1024  # compressed bytes fed at a time
_OUTPUT = MB  # inflated bytes produced (and dropped) at a time
_STREAM_START = re.compile(rb"stream\r?\n")


def docx_too_large(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return None  # the reader says what is wrong with it
    for member in members:
        is_xml = member.filename.endswith((".xml", ".rels"))
        limit = MAX_DOCX_XML_PART if is_xml else MAX_DOCX_MEMBER
        if member.file_size > limit:
            return (
                f"the DOCX part {member.filename} would unpack to {member.file_size // MB:,} MB "
                f"from {member.compress_size // MB:,} MB (limit {limit // MB} MB): a file that "
                "expands like this is a zip bomb, not a real paper"
            )
    return None


def pdf_too_large(path: Path) -> str | None:
    with path.open("rb") as handle:
        try:
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except (ValueError, OSError):  # an empty file, or not a regular one
            return None
    with data:
        # Streams that start after this offset have too few bytes left to reach the limit.
        last_start = len(data) - (MAX_PDF_STREAM // _MAX_DEFLATE_RATIO - _FRAMING)
        for match in _STREAM_START.finditer(data, 0, max(0, last_start)):
            size = _inflated_size(data, match.end(), MAX_PDF_STREAM)
            if size > MAX_PDF_STREAM:
                return (
                    f"a compressed stream in the PDF expands to over {MAX_PDF_STREAM // MB} MB: "
                    "a file built like this is a decompression bomb, not a real paper"
                )
    return None


def _inflated_size(data: mmap.mmap, start: int, limit: int) -> int:
    """How many bytes the zlib stream at `start` inflates to, counting up to just over
    `limit`, or fewer once the bytes left in the file cannot take it over; 0 when no
    zlib stream starts there."""
    inflater = zlib.decompressobj()
    size = 0
    position = start
    try:
        while position < len(data) and not inflater.eof and size <= limit:
            pending = data[position : position + _CHUNK]
            position += len(pending)
            while pending and size <= limit and not inflater.eof:
                size += len(inflater.decompress(pending, _OUTPUT))
                pending = inflater.unconsumed_tail  # input held back by the output cap
            if size + _MAX_DEFLATE_RATIO * (len(data) - position + _FRAMING) <= limit:
                break  # what is left of the file cannot take this stream over the limit
    except zlib.error:  # not zlib after all, or damaged: pdfium judges it
        pass
    return size
