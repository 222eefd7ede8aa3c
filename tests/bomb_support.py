"""Decompression bombs, built in milliseconds: a DOCX and a PDF that are about
1 MB on disk and expand to 1 GiB when read.

A deflate stream flushed with Z_FULL_FLUSH starts afresh, so the compressed
form of one 1 MiB block of zeros can be repeated as often as wanted; only the
checksums of the whole are computed (cheaply: the data are all zeros).
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

from tests.extract_support import make_docx

MIB = 1 << 20


def _deflated(head: bytes, block: bytes, times: int, tail: bytes) -> bytes:
    """Raw deflate data (no zlib header) of head + block * times + tail."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)

    def part(data: bytes) -> bytes:
        return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)

    first = part(head)
    repeated = part(block) * times  # the same bytes each time: the flush forgot the past
    return first + repeated + part(tail) + b"\x03\x00"  # an empty final block


def zlib_zeros(mib: int) -> bytes:
    """A zlib stream (as a PDF's /FlateDecode holds) of `mib` MiB of zeros."""
    size = mib * MIB
    adler = ((size % 65521) << 16) | 1  # adler-32 of zeros: a stays 1, b counts bytes
    return b"\x78\xda" + _deflated(b"", b"\0" * MIB, mib, b"") + struct.pack(">I", adler)


PARAGRAPH = b"<w:p><w:r><w:t>Agenda item</w:t></w:r></w:p>"


def make_docx_bomb(path: Path, mib: int = 1024) -> Path:
    """A real DOCX whose word/document.xml, a page of paragraphs repeated, unpacks to
    about `mib` MiB (the shape of a DOCX zip bomb)."""
    make_docx(path)
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    xml = members["word/document.xml"]
    head, tail = xml[: xml.index(b"<w:body>") + 8], xml[xml.index(b"</w:body>") :]
    block = PARAGRAPH * (MIB // len(PARAGRAPH))
    crc = zlib.crc32(head)
    for _ in range(mib):
        crc = zlib.crc32(block, crc)
    entries = [
        (name, zlib.compress(data, 9)[2:-4], zlib.crc32(data), len(data))
        for name, data in members.items()
        if name != "word/document.xml"
    ]
    size = len(head) + len(block) * mib + len(tail)
    entries.append(
        ("word/document.xml", _deflated(head, block, mib, tail), zlib.crc32(tail, crc), size)
    )
    body = bytearray()
    directory = bytearray()
    for name, packed, crc, size in entries:
        encoded = name.encode()
        offset = len(body)
        fields = (20, 0, 8, 0, 0x21, crc, len(packed), size, len(encoded), 0)
        body += b"PK\x03\x04" + struct.pack("<HHHHHIIIHH", *fields) + encoded + packed
        listed = (20, 20, 0, 8, 0, 0x21, crc, len(packed), size, len(encoded), 0, 0, 0, 0, 0)
        directory += b"PK\x01\x02" + struct.pack("<HHHHHHIIIHHHHHII", *listed, offset) + encoded
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), len(body), 0
    )
    path.write_bytes(bytes(body) + bytes(directory) + end)
    return path


def make_pdf_bomb(path: Path, mib: int = 1024, streams: int = 1) -> Path:
    """A one-page PDF whose content, in `streams` streams, inflates to `mib` MiB each."""
    stream = zlib_zeros(mib)
    contents = b" ".join(b"%d 0 R" % (4 + n) for n in range(streams))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [%s] >>" % contents,
    ]
    body = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
    objects += [body + stream + b"\nendstream"] * streams
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path
