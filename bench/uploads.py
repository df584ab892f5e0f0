"""What the worst uploads cost the reader: time and peak memory of one file each.

    .venv/bin/python bench/uploads.py            # every case, each in its own process
    .venv/bin/python bench/uploads.py --json
    .venv/bin/python bench/uploads.py CASE ...   # only these

Any secretary or subgroup member can upload a document; the reader
(:mod:`tracker.importing.reader`) must turn the worst one away or read it in under 2 s and
100 MB (issue 12, item 8). Each case here is a file made to be expensive — a Word file whose
XML is huge and compresses to nothing, many tiny paragraphs, runs or table cells, deep
nesting; a PDF with a huge content stream or many pages; a web page of many MB or many
tags — plus a legitimate large protocol, which must still be read. Each runs in a fresh
process (``python bench/uploads.py --one CASE``) so that its peak resident memory
(``ru_maxrss``) is its own; the figure reported is that peak less the process's peak
before reading (so it counts libxml2's and zlib's buffers, which tracemalloc does not see;
tracemalloc is not used, as it slows every allocation several times and the times would
lie). It is a measure, not a test: it
exits 0 whatever it finds; tests/importing/test_upload_bombs.py holds the refusals.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def docx_with_body(chunks: Callable[[], object], *, level: int = 9) -> bytes:
    """A minimal valid .docx whose ``w:body`` is what ``chunks()`` yields (str pieces),
    streamed into the archive so that building a 100 MB body costs no 100 MB here."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                       f"<w:document {_W}><w:body>".encode())
            for piece in chunks():  # type: ignore[attr-defined]
                part.write(piece.encode())
            part.write(b"</w:body></w:document>")
    return buffer.getvalue()


def _repeat(piece: str, total_bytes: int, batch: int = 10_000):
    def chunks():
        block = piece * batch
        for _ in range(max(1, total_bytes // len(block))):
            yield block
    return chunks


def tiny_paragraphs(total_bytes: int) -> bytes:
    """Empty paragraphs: the most lines per byte."""
    return docx_with_body(_repeat("<w:p/>", total_bytes))


def one_paragraph_of_runs(total_bytes: int) -> bytes:
    """One paragraph of millions of one-letter runs: one element a streaming reader cannot
    let go of until it ends."""
    def chunks():
        yield "<w:p>"
        yield from _repeat("<w:r><w:t>a</w:t></w:r>", total_bytes)()
        yield "</w:p>"
    return docx_with_body(chunks)


def table_of_cells(total_bytes: int) -> bytes:
    """One table row of millions of empty cells."""
    def chunks():
        yield "<w:tbl><w:tr>"
        yield from _repeat("<w:tc><w:p/></w:tc>", total_bytes)()
        yield "</w:tr></w:tbl>"
    return docx_with_body(chunks)


def deep_nesting(depth: int) -> bytes:
    """Content controls inside content controls: a reader that recurses per level."""
    def chunks():
        yield "<w:sdt><w:sdtContent>" * depth
        yield "<w:p><w:r><w:t>ოქმი</w:t></w:r></w:p>"
        yield "</w:sdtContent></w:sdt>" * depth
    return docx_with_body(chunks)


def deep_paragraphs(depth: int, total_bytes: int) -> bytes:
    """Many paragraphs each at the bottom of its own deep nest of content controls: every
    paragraph read is let go all the way up."""
    nest = "<w:sdt><w:sdtContent>" * depth + "<w:p/>" + "</w:sdtContent></w:sdt>" * depth
    return docx_with_body(_repeat(nest, total_bytes, batch=10))


def legitimate_protocol(paragraphs: int) -> bytes:
    """A long protocol as Word writes it: every paragraph with its properties and rsids,
    its text in a few formatted runs."""
    run = ('<w:r w:rsidRPr="00A1B2C3"><w:rPr><w:rFonts w:ascii="Sylfaen" w:hAnsi="Sylfaen"/>'
           '<w:sz w:val="24"/><w:lang w:val="ka-GE"/></w:rPr><w:t xml:space="preserve">{}</w:t>'
           "</w:r>")
    words = ("სხდომაზე განხილული იქნა მუნიციპალიტეტის სამოქმედო გეგმის შესრულების "
             "მიმდინარეობა")

    def chunks():
        for number in range(paragraphs):
            yield ('<w:p w:rsidR="00112233" w:rsidRDefault="00445566"><w:pPr><w:spacing '
                   'w:after="120"/><w:jc w:val="both"/></w:pPr>'
                   + "".join(run.format(f"{words} {number}.{i} ") for i in range(3))
                   + "</w:p>")
    return docx_with_body(chunks, level=6)


def pdf_with_huge_stream(megabytes: float) -> bytes:
    """One page whose content stream unpacks to ``megabytes`` MB of text drawing."""
    import zlib
    body = b"BT /F1 12 Tf 72 720 Td " + b"(a) Tj " * int(megabytes * 1024 * 1024 // 7) + b"ET"
    return _pdf([zlib.compress(body, 9)])


def pdf_of_many_pages(pages: int) -> bytes:
    """Many pages sharing one content stream that draws a line of text."""
    import zlib
    body = zlib.compress(b"BT /F1 12 Tf 72 720 Td (" + b"ab " * 300 + b") Tj ET", 9)
    return _pdf([body], pages=pages)


def _pdf(streams: list[bytes], pages: int = 1) -> bytes:
    """A PDF of ``pages`` pages; every page draws the first stream (and the others, if
    any, are page content too)."""
    objects: list[bytes] = []
    font = 3
    first_stream = 4
    first_page = first_stream + len(streams)
    contents = " ".join(f"{first_stream + i} 0 R" for i in range(len(streams)))
    kids = " ".join(f"{first_page + i} 0 R" for i in range(pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objects += [b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(s) + s
                + b"\nendstream" for s in streams]
    objects += [(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents "
                 f"[{contents}] /Resources << /Font << /F1 {font} 0 R >> >> >>").encode()
                for _ in range(pages)]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def html_of_tags(count: int) -> bytes:
    return b"<html><body>" + b"<p>a</p>" * count + b"</body></html>"


def html_nested(depth: int) -> bytes:
    return b"<html><body>" + b"<div>" * depth + "ოქმი".encode() + b"</body></html>"


def html_of_text(megabytes: float) -> bytes:
    line = "სხდომაზე განხილული იქნა მუნიციპალიტეტის სამოქმედო გეგმა\n".encode()
    return (b"<html><body><pre>" + line * int(megabytes * 1024 * 1024 / len(line))
            + b"</pre></body></html>")


#: name: (file name, builder) — sizes at the edge of what the reader's limits let in.
CASES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "docx-tiny-paragraphs-50MB": ("bomb.docx", lambda: tiny_paragraphs(50 * 2**20)),
    "docx-tiny-paragraphs-16MB": ("bomb.docx", lambda: tiny_paragraphs(16 * 2**20 - 100)),
    "docx-one-paragraph-of-runs-50MB": ("bomb.docx", lambda: one_paragraph_of_runs(50 * 2**20)),
    "docx-one-paragraph-of-runs-16MB": ("bomb.docx",
                                        lambda: one_paragraph_of_runs(16 * 2**20 - 100)),
    "docx-table-of-cells-16MB": ("bomb.docx", lambda: table_of_cells(16 * 2**20 - 100)),
    "docx-deep-nesting-100000": ("bomb.docx", lambda: deep_nesting(100_000)),
    "docx-deep-nesting-21": ("bomb.docx", lambda: deep_nesting(21)),
    "docx-deep-paragraphs-16MB": ("bomb.docx", lambda: deep_paragraphs(22, 16 * 2**20 - 100)),
    "docx-legitimate-3000-paragraphs": ("protocol.docx", lambda: legitimate_protocol(3000)),
    "pdf-huge-stream-70MB": ("bomb.pdf", lambda: pdf_with_huge_stream(70)),
    "pdf-huge-stream-1.9MB": ("bomb.pdf", lambda: pdf_with_huge_stream(1.9)),
    "pdf-text-operators-40000": ("bomb.pdf", lambda: pdf_with_huge_stream(0.26)),
    "pdf-300-pages": ("bomb.pdf", lambda: pdf_of_many_pages(300)),
    "html-50000-tags": ("bomb.html", lambda: html_of_tags(24_900)),
    "html-nested-49000": ("bomb.html", lambda: html_nested(49_000)),
    "html-text-5MB": ("bomb.html", lambda: html_of_text(4.9)),
}


def run_one(name: str) -> dict[str, object]:
    """Read one case in this process: what it answered, its time, its memory."""
    from tracker import create_app
    from tracker.importing.minutes import read_protocol_upload
    from tracker.importing.reader import UploadRefused
    from tracker.importing.unit_page import read_unit_upload

    filename, build = CASES[name]
    read = read_unit_upload if filename.endswith(".html") else read_protocol_upload
    data = build()
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.test_request_context():
        read_protocol_upload(b"warm up", "warm.txt")  # imports and translations loaded
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        try:
            text = read(data, filename)
            outcome = f"read {len(text.splitlines())} lines"
        except UploadRefused as refusal:
            outcome = f"refused: {refusal.reason}"
        seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"case": name, "upload_kb": round(len(data) / 1024), "outcome": outcome,
            "seconds": round(seconds, 2), "rss_growth_mb": round((after - before) / 1024, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cases", nargs="*", help="case names (default: all)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return
    results = []
    for name in args.cases or CASES:
        done = subprocess.run(
            [sys.executable, __file__, "--one", name], capture_output=True, text=True,
            check=False)
        if done.returncode:
            results.append({"case": name, "outcome": "crashed: " + done.stderr[-300:]})
        else:
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{'case':<36} {'upload':>8} {'time':>7} {'RSS+':>8}  outcome")
    for row in results:
        print(f"{row['case']:<36} {row.get('upload_kb', '-'):>6}KB {row.get('seconds', '-'):>6}s"
              f" {row.get('rss_growth_mb', '-'):>6}MB"
              f"  {row['outcome']}")


if __name__ == "__main__":
    main()
