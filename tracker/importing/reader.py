"""Reading an uploaded document — plain text, Word (.docx), PDF or a saved web page — into lines.

Both grammars (minutes, unit pages) read the same kind of input: the lines of a document,
table cells separated by a tab (as Word writes a table saved as text), list paragraphs
starting with "• ", in the stored form of text (:func:`tracker.text.clean_text`) with
Mtavruli capitals written as ordinary letters (:func:`tracker.text.mkhedruli`). This module
makes that text once for every file type, with the checks that do not depend on what the
document is: size, type, encoding, a damaged or oversized Word file, a PDF that is a scan,
locked or damaged, a web page declaring an encoding that does not exist. Each grammar names
its own error class (a subclass of :class:`UploadRefused`), the file types it accepts and how
it says "not this type", so its messages and API answers stay its own.
"""

from __future__ import annotations

import codecs
import io
import re
import warnings
import zipfile
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from typing import IO, Any

from bs4 import (
    BeautifulSoup,
    MarkupResemblesLocatorWarning,
    NavigableString,
    PageElement,
    ParserRejectedMarkup,
    Tag,
    XMLParsedAsHTMLWarning,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from lxml import etree
from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError

from ..errors import DomainError
from ..text import clean_text, has_surrogate, mkhedruli

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# A .docx is a zip: refuse one that unpacks to far more than any protocol or page.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# Its main part (word/document.xml), read as a stream: the time to read it follows its size.
# A 300-paragraph protocol as Word writes it is about 1 MB. (bench/uploads.py measures.)
MAX_DOCX_XML_BYTES = 16 * 1024 * 1024
# Elements of the main part in all (time), held at once — one paragraph or table row, with
# what stands between blocks (memory) — and nested in one another (Word's deepest, a text box
# in a table in a table, is some 30).
MAX_DOCX_ELEMENTS = 300_000
MAX_DOCX_BLOCK_ELEMENTS = 100_000
MAX_DOCX_DEPTH = 48
# Parsing costs time by the element, not by the byte: a saved page has a few thousand tags,
# so this limit only stops files made to be slow (5 MB of bare tags take half a minute).
MAX_HTML_TAGS = 50_000
# Paragraphs and table rows of a Word file; a grammar may ask for fewer.
MAX_DOCUMENT_LINES = 100_000

# A PDF's pages and the characters of its text layer: a protocol has a few pages, and each
# page's content stream is decompressed to be read (pypdf caps each stream on its own).
MAX_PDF_PAGES = 300
MAX_PDF_CHARACTERS = 2_000_000
# The pages' content streams unpacked, all together and each one: reading text costs up to
# 1 s and 35 MB a megabyte of drawing operators, and a page of a protocol draws some 30 KB.
# Without it a 100 KB file of one 70 MB stream took 10 s and 300 MB (bench/uploads.py).
MAX_PDF_CONTENT_BYTES = 2 * 1024 * 1024
# Text-showing operators (Tj, TJ) of all pages: pypdf spends some 27 µs on each, and a page
# of a protocol has a few hundred. 1.9 MB of "(a) Tj" took 8 s before this bound.
MAX_PDF_TEXT_OPERATORS = 40_000

TEXT, DOCX, HTML, PDF = "text", "docx", "html", "pdf"
FILE_TYPES = {".txt": TEXT, ".text": TEXT, ".docx": DOCX, ".html": HTML, ".htm": HTML,
              ".pdf": PDF}

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# What str.splitlines() reads as a line break besides \n and \r: Word's manual line break
# (vertical tab), the form feed of a page break, NEL. clean_text() drops control characters,
# so they become newlines first.
_LINE_BREAKS = str.maketrans(dict.fromkeys("\x0b\x0c\x1c\x1d\x1e\x85", "\n"))


class UploadRefused(DomainError):
    """An upload an importer refuses. ``reason`` is a stable word for API clients and tests
    (the message is translated): empty, too_large, unsupported_type, binary, not_utf8,
    bad_docx, bad_pdf, encrypted, scanned, undecodable, or one the grammar adds."""

    status = 422
    code = "import_failed"
    default_message = _l("The file could not be imported.")

    def __init__(self, message: str | None = None, *, reason: str = "invalid") -> None:
        super().__init__(message, reason=reason)
        self.reason = reason


def document_text(text: str) -> str:
    """The text a grammar reads: line breaks as ``\\n``, no control characters but tab and
    newline, NFC, Mtavruli as Mkhedruli, no invisible joiners. Every field a grammar returns
    is a piece of this text, so it is already in the stored form."""
    return mkhedruli(clean_text(text.translate(_LINE_BREAKS)))


def extension(filename: str) -> str:
    """The lower-cased extension; browsers on Windows may send a whole path."""
    base = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "." + base.rsplit(".", 1)[1].lower() if "." in base else ""


def read_upload(
    data: bytes,
    filename: str,
    *,
    accept: Collection[str],
    error: type[UploadRefused],
    unsupported: Callable[[str], str],
    max_lines: int = MAX_DOCUMENT_LINES,
    cell_break: str = " ",
) -> str:
    """The text of an upload (see :func:`document_text`) through the reader for its type.

    ``accept`` lists the extensions the grammar reads (keys of :data:`FILE_TYPES`);
    ``unsupported(extension)`` says why another one is refused. The cheap checks (empty,
    size, type) run before anything is decoded or unpacked. ``cell_break`` is what stands
    between the paragraphs of one Word table cell (a space: a cell reads as one text; the
    action-plan grammar asks for " ¶ " to keep a cell's list of names apart).
    """
    if not data:
        raise error(_("The file is empty."), reason="empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise error(
            _("The file is larger than %(size)s MB.", size=MAX_UPLOAD_BYTES // (1024 * 1024)),
            reason="too_large",
        )
    suffix = extension(filename)
    if suffix not in accept or suffix not in FILE_TYPES:
        raise error(unsupported(suffix), reason="unsupported_type")
    kind = FILE_TYPES[suffix]
    if kind == DOCX:
        text = read_docx(data, error, max_lines, cell_break)
    elif kind == HTML:
        text = read_html(data, error)
    elif kind == PDF:
        text = read_pdf(data, error, max_lines)
    else:
        text = decode_text(data, error)
    if has_surrogate(text):  # only a codec a page declared can produce one
        raise not_text(error)
    text = document_text(text)
    if not text.strip():
        raise error(_("The file contains no text."), reason="empty")
    return text


# Plain text ----------------------------------------------------------------------------------
def decode_text(data: bytes, error: type[UploadRefused], encoding: str = "utf-8-sig") -> str:
    """UTF-8 (with or without BOM), or UTF-16 when it starts with a BOM as Notepad writes
    it; binary files are refused even when they happen to decode."""
    if data.startswith(_UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise not_text(error) from exc
    else:
        if b"\x00" in data:
            raise not_text(error)
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise error(
                _("The file is not UTF-8 text. Save it as UTF-8 (or as .docx) and upload it "
                  "again."),
                reason="not_utf8",
            ) from exc
    # Word pastes leave a stray control character now and then; a binary file has many.
    if "\x00" in text or len(_CONTROL.findall(text)) > max(8, len(text) // 100):
        raise not_text(error)
    return text


def not_text(error: type[UploadRefused]) -> UploadRefused:
    return error(_("The file is not a text file."), reason="binary")


def too_long(error: type[UploadRefused]) -> UploadRefused:
    return error(
        _("The file holds far more than one document. Import one document at a time."),
        reason="too_large",
    )


# Word --------------------------------------------------------------------------------------
def bad_docx(error: type[UploadRefused]) -> UploadRefused:
    return error(_("The file is not a valid Word (.docx) document."), reason="bad_docx")


def docx_too_large(error: type[UploadRefused]) -> UploadRefused:
    return error(_("The document is too large when unpacked."), reason="too_large")


def read_docx(data: bytes, error: type[UploadRefused], max_lines: int = MAX_DOCUMENT_LINES,
              cell_break: str = " ") -> str:
    """The document's paragraphs and table rows in order, refusing zip bombs and documents
    of more than ``max_lines`` paragraphs and rows.

    The main part is read as a stream (:func:`_docx_stream`), never built as one tree: a
    195 KB file of 50 MB of XML cost 21.7 s and 425 MB through python-docx. What the archive
    declares is checked before anything is unpacked — the whole archive and the main part
    against their limits (zipfile stops at the declared size, so a member that lies about it
    fails its CRC instead of growing). A damaged package surfaces as BadZipFile, KeyError,
    ValueError, lxml's XMLSyntaxError and more; to the person uploading they all mean one
    thing."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
                raise docx_too_large(error)
            main = archive.getinfo(_docx_main_part(archive))
            if main.file_size > MAX_DOCX_XML_BYTES:
                raise docx_too_large(error)
            with archive.open(main) as part:
                lines: list[str] = []
                for count, line in enumerate(_docx_stream(part, error, cell_break), start=1):
                    if count > max_lines:
                        raise too_long(error)
                    if line is not None:
                        lines.append(line)
    except UploadRefused:
        raise
    except Exception as exc:
        raise bad_docx(error) from exc
    return "\n".join(lines)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OFFICE_DOCUMENT = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                    "officeDocument")
_P, _TBL, _TR, _BODY = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}body"
# The package's relationships name the main part: a few hundred bytes in any real file.
_MAX_RELS_BYTES = 64 * 1024


def _docx_main_part(archive: zipfile.ZipFile) -> str:
    """The main part's name as ``_rels/.rels`` gives it (Word writes word/document.xml)."""
    if archive.getinfo("_rels/.rels").file_size > _MAX_RELS_BYTES:
        raise ValueError("oversized package relationships")
    root = etree.fromstring(archive.read("_rels/.rels"), _SAFE_XML)
    for relation in root.iter(_RELATIONSHIPS):
        if relation.get("Type") == _OFFICE_DOCUMENT:
            return str(relation.get("Target", "")).lstrip("/")
    raise KeyError("no main document part")


_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _docx_stream(part: IO[bytes], error: type[UploadRefused], cell_break: str = " "
                 ) -> Iterator[str | None]:
    """Paragraphs and table rows of the main part, in order: the body's paragraphs (content
    controls included) and its tables' rows, each read when it ends and then let go, with
    everything before it. ``None`` stands for an empty table row, so that counting lines
    counts what was read.

    The bounds make the cost follow the limits, not the file: the part's size (time, checked
    before), the elements in all (:data:`MAX_DOCX_ELEMENTS`, time), the elements held at once
    — those of the paragraph or row being read (:data:`MAX_DOCX_BLOCK_ELEMENTS`, memory) —
    and the nesting depth (:data:`MAX_DOCX_DEPTH`, which bounds letting go)."""
    depth = elements = held = paragraphs = tables = 0
    events = etree.iterparse(part, events=("start", "end"), resolve_entities=False,
                             no_network=True, huge_tree=False, remove_comments=True,
                             remove_pis=True)
    for event, element in events:
        tag = element.tag
        if event == "start":
            depth += 1
            elements += 1
            held += 1
            if depth > MAX_DOCX_DEPTH or elements > MAX_DOCX_ELEMENTS \
                    or held > MAX_DOCX_BLOCK_ELEMENTS:
                raise docx_too_large(error)
            if tag == _P:
                paragraphs += 1
            elif tag == _TBL:
                tables += 1
            continue
        depth -= 1
        if tag == _P:
            paragraphs -= 1
            if paragraphs or tables:  # a paragraph inside a paragraph's text box or a table
                continue
            yield _docx_paragraph(element)
        elif tag == _TR and tables == 1 and not paragraphs:
            yield from _docx_row_lines(element, cell_break)
        elif tag == _TBL:
            tables -= 1
            continue
        else:
            continue
        _let_go(element)
        held = 0


def _let_go(element: Any) -> None:
    """Free what was read: the element's content and, on its way up to the root, every
    earlier sibling (a paragraph's shells inside content controls included)."""
    element.clear(keep_tail=True)
    node = element
    while (parent := node.getparent()) is not None:
        while node.getprevious() is not None:
            del parent[0]
        node = parent


def _docx_text(container: Any) -> str:
    """The text of a paragraph's runs, as python-docx reads it: ``w:r`` and the runs of
    ``w:hyperlink``; a tab is "\t", a line break (not a page or column break) is "\n", a
    non-breaking hyphen "-". Text boxes and fields' instructions are not the paragraph's."""
    pieces: list[str] = []
    for child in container.iterchildren(f"{_W}r", f"{_W}hyperlink"):
        runs = [child] if child.tag == f"{_W}r" else child.iterchildren(f"{_W}r")
        for run in runs:
            for piece in run.iterchildren(*_RUN_TEXT):
                name = piece.tag
                if name == f"{_W}t":
                    pieces.append(piece.text or "")
                elif name == f"{_W}br":
                    if piece.get(f"{_W}type", "textWrapping") == "textWrapping":
                        pieces.append("\n")
                else:
                    pieces.append(_RUN_TEXT[name])
    return "".join(pieces)


_RUN_TEXT = {f"{_W}t": "", f"{_W}br": "", f"{_W}cr": "\n", f"{_W}tab": "\t",
             f"{_W}ptab": "\t", f"{_W}noBreakHyphen": "-"}


def _docx_paragraph(paragraph: Any) -> str:
    """Word keeps bullets and numbers in the paragraph's list settings or its list style
    ("ListBullet", "ListParagraph"), not in its text: they come back as "• "."""
    properties = paragraph.find(f"{_W}pPr")
    if properties is not None:
        style = properties.find(f"{_W}pStyle")
        name = style.get(f"{_W}val", "") if style is not None else ""
        if properties.find(f"{_W}numPr") is not None or name.startswith("List"):
            return "• " + _docx_text(paragraph)
    return _docx_text(paragraph)


def _docx_row_lines(row: Any, cell_break: str = " ") -> Iterator[str | None]:
    """A row's filled cells separated by a tab; a row with one filled cell is a table used
    for layout, and its paragraphs are lines of their own. A merged cell is one ``w:tc``;
    its filled paragraphs are joined by a space. With a ``cell_break`` of its own (a reader
    that keeps a table's columns) the row is read by :func:`_docx_row_lines_apart`: a manual
    line break in a cell parts it like a paragraph, the paragraphs are joined by
    ``cell_break``, and the empty cells of a row stay, so that its cells keep their
    columns."""
    if cell_break != " ":
        yield from _docx_row_lines_apart(row, cell_break)
        return
    cells = [
        [_docx_text(paragraph) for paragraph in cell.iter(_P)]
        for cell in row.iterchildren(f"{_W}tc")
    ]
    filled = [paragraphs for paragraphs in cells if "".join(paragraphs).strip()]
    if len(filled) == 1:
        yield from filled[0]
    elif filled:
        yield "\t".join(" ".join(" ".join(paragraphs).split()) for paragraphs in filled)
    else:
        yield None


def _outside_tables(paragraph: Any, cell: Any) -> bool:
    node = paragraph.getparent()
    while node is not None and node is not cell:
        if node.tag == _TBL:
            return False
        node = node.getparent()
    return True


def _docx_row_lines_apart(row: Any, cell_break: str) -> Iterator[str | None]:
    """A row as :func:`_docx_row_lines` reads it for a reader that keeps a table's columns,
    and the rows of a table inside a cell after it, as rows of their own (a plan's
    milestones, a table in the cell beside their label)."""
    cells: list[list[str]] = []
    inner: list[Any] = []
    for cell in row.iterchildren(f"{_W}tc"):
        cells.append([_docx_text(paragraph) for paragraph in cell.iter(_P)
                      if _outside_tables(paragraph, cell)])
        inner.extend(table for table in cell.iter(_TBL) if _outside_tables(table, cell))
    filled = [paragraphs for paragraphs in cells if "".join(paragraphs).strip()]
    if len(filled) == 1:
        yield from filled[0]
    elif filled:
        yield "\t".join(
            cell_break.join(" ".join(part.split()) for text in paragraphs
                            for part in text.split("\n") if part.strip())
            for paragraphs in cells
        )
    elif not inner:
        yield None
    for table in inner:
        for inner_row in table.iterchildren(_TR):
            yield from _docx_row_lines_apart(inner_row, cell_break)


# PDF -----------------------------------------------------------------------------------------
# What a PDF writes at the top or bottom of its pages besides the text: "3", "- 3 -", "3/10",
# "გვერდი 3", "Page 3 of 10".
_PAGE_NUMBER = re.compile(
    r"(?:(?:გვ(?:ერდი)?|page|p)\.?\s*)?[-–—]?\s*\d{1,4}\s*"
    r"(?:(?:/|of|-დან|დან)\s*\d{1,4}(?:-დან)?)?\s*[-–—]?",
    re.IGNORECASE,
)
_PAGE_NUMBER_LENGTH = 40
# Letters a page of text has; a scan may carry a few stray ones (a stamp's caption).
_MIN_PDF_LETTERS = 20
# The lines at each end of a page that may be a running header or footer.
_PAGE_EDGE_LINES = 2


def bad_pdf(error: type[UploadRefused]) -> UploadRefused:
    return error(_("The file is not a valid PDF document, or it is damaged."), reason="bad_pdf")


def read_pdf(data: bytes, error: type[UploadRefused], max_lines: int = MAX_DOCUMENT_LINES
             ) -> str:
    """The text layer of a PDF, page after page in the order the pages draw it (which is the
    reading order of what office programs export), without running headers, footers and page
    numbers. A PDF without a text layer is a scan: nothing can be read from it, and the person
    uploading is told so rather than shown an empty review. pypdf raises many kinds of errors
    for damaged files (its own, ValueError, KeyError, RecursionError ...): to the person
    uploading they all mean one thing."""
    if not data.lstrip(b"\x00\t\n\f\r ")[:1024].count(b"%PDF-"):
        raise bad_pdf(error)
    limit = MAX_PDF_CONTENT_BYTES
    with warnings.catch_warnings(), apply_configuration(
        zlib_maximum_output_length=limit, lzw_maximum_output_length=limit,
        run_length_maximum_output_length=limit, brotli_maximum_output_length=limit,
        array_based_stream_maximum_output_length=limit, maximum_declared_stream_length=limit,
    ):
        warnings.simplefilter("ignore")
        try:
            document = PdfReader(io.BytesIO(data))
            if document.is_encrypted and not _unlocked(document):
                raise error(
                    _("The PDF is protected by a password. Save it without the password and "
                      "upload it again."),
                    reason="encrypted",
                )
            pages = _pdf_pages(document, error)
        except UploadRefused:
            raise
        except LimitReachedError as exc:  # a stream beyond the limits set above
            raise too_long(error) from exc
        except Exception as exc:
            raise bad_pdf(error) from exc
    if sum(char.isalpha() for page in pages for line in page for char in line) < _MIN_PDF_LETTERS:
        raise error(
            _("This PDF has no text layer: it is a scan, a picture of the pages, and no text "
              "can be read from it. Upload the document as it was written (.docx, .txt or a "
              "PDF saved from the word processor), or run the scan through text recognition "
              "(OCR) first."),
            reason="scanned",
        )
    lines = [line for page in _without_page_furniture(pages) for line in page]
    if len(lines) > max_lines:
        raise too_long(error)
    return "\n".join(lines)


def _unlocked(document: PdfReader) -> bool:
    """Many PDFs are "encrypted" only against editing, with an empty password to open them."""
    try:
        return bool(document.decrypt(""))
    except Exception:  # an unknown algorithm, or a cipher library that is not installed
        return False


def _pdf_pages(document: PdfReader, error: type[UploadRefused]) -> list[list[str]]:
    """Each page's lines (stripped, blank ones left out), with the limits on pages and
    characters checked as the text comes out, not after."""
    if len(document.pages) > MAX_PDF_PAGES:
        raise too_long(error)
    pages: list[list[str]] = []
    characters = drawn = shown = 0
    for page in document.pages:
        contents = page.get_contents()
        stream = contents.get_data() if contents is not None else b""
        drawn += len(stream)
        # Counted in the bytes, before pypdf reads them (a string that happens to hold "Tj"
        # counts too, which only errs on the safe side).
        shown += stream.count(b"Tj") + stream.count(b"TJ")
        if drawn > MAX_PDF_CONTENT_BYTES or shown > MAX_PDF_TEXT_OPERATORS:
            raise too_long(error)
        text = page.extract_text() or ""
        characters += len(text)
        if characters > MAX_PDF_CHARACTERS:
            raise too_long(error)
        pages.append([line.strip() for line in text.translate(_LINE_BREAKS).splitlines()
                      if line.strip()])
    return pages


def _without_page_furniture(pages: list[list[str]]) -> list[list[str]]:
    """The pages without page numbers and without the lines that repeat at the top or the
    bottom of most pages (the city's letterhead, "ოქმი №5, გვერდი 2"). A header that numbers
    its page is the same header on every page: the page's own number is left out in comparing
    (and such a header must repeat on three pages, as a numbered item could be at the top of
    page 1 and its successor at the top of page 2)."""
    def key(line: str, page_number: int) -> str:
        return re.sub(rf"(?<!\d){page_number}(?!\d)", "#", " ".join(line.casefold().split()))

    def edges(page: list[str]) -> set[int]:
        count = min(_PAGE_EDGE_LINES, len(page))
        return set(range(count)) | set(range(len(page) - count, len(page)))

    seen: dict[str, int] = {}
    for number, page in enumerate(pages, start=1):
        for found in {key(page[index], number) for index in edges(page)}:
            seen[found] = seen.get(found, 0) + 1
    repeated = {found for found, count in seen.items()
                if count >= max(3 if "#" in found else 2, len(pages) // 2 + 1)}

    def furniture(page: list[str], number: int, index: int) -> bool:
        line = page[index]
        if key(line, number) in repeated:
            return True
        # A lone number ends the page, or starts one of several.
        last = index == len(page) - 1
        # A page number is short: the length check keeps the pattern's nested optional
        # spaces from running in quadratic time on a long line of spaces a PDF may carry.
        return (len(line) <= _PAGE_NUMBER_LENGTH and bool(_PAGE_NUMBER.fullmatch(line))
                and (last or len(pages) > 1))

    return [
        [line for index, line in enumerate(page)
         if index not in edges(page) or not furniture(page, number, index)]
        for number, page in enumerate(pages, start=1)
    ]


# Web pages ---------------------------------------------------------------------------------
# A saved page names its encoding near the top: <meta charset="..."> or http-equiv.
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})",
                           re.IGNORECASE)
# Codecs Python knows that no web page is written in: they interpret the text (escapes,
# domain names) or, like utf-7, can smuggle markup past the decoder.
# (Names as codecs.lookup() gives them.)
_NOT_PAGE_ENCODINGS = frozenset({
    "unicode-escape", "raw-unicode-escape", "idna", "punycode", "utf-7", "undefined",
})


def read_html(data: bytes, error: type[UploadRefused]) -> str:
    if b"\x00" in data:
        raise not_text(error)
    return html_to_text(decode_html(data, error), error)


def decode_html(data: bytes, error: type[UploadRefused]) -> str:
    """The declared charset first, as a browser would; UTF-8 when none is declared, or the
    declared one is not a text encoding ("hex", "rot13", a made-up name) or does not fit."""
    declared = declared_charset(data)
    if declared:
        try:
            return data.decode(declared)
        except (UnicodeError, LookupError):
            pass
    return decode_text(data, error)


def declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if match is None:
        return None
    try:
        info = codecs.lookup(match[1].decode("ascii"))
    except LookupError:
        return None
    # bytes-to-bytes codecs ("hex", "base64", "zlib") and text-to-text ones ("rot13") exist
    # under codecs.lookup but cannot decode a page; bytes.decode() says so with LookupError.
    name = info.name
    # A file without NUL bytes cannot be UTF-16 or UTF-32, whatever its head says.
    if name.startswith(("utf-16", "utf-32")) or name in _NOT_PAGE_ENCODINGS:
        return None
    return name


# Elements that are never the page's content. <aside> holds the site's side menus.
_DROPPED_TAGS = ("script", "style", "noscript", "template", "head", "title", "nav", "aside",
                 "form", "button", "select", "iframe", "object", "svg", "canvas")
# Elements that start a new line of text.
_BLOCK_TAGS = frozenset({
    "address", "article", "blockquote", "dd", "div", "dl", "dt", "figcaption", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section", "table", "tr",
    "ul",
})
# Words of the class or id of site chrome: breadcrumb trails, share buttons, cookie notices,
# language switches, side bars, menus, news and other widgets. A class is split into words
# at "-", "_" and spaces ("cookie-bar", "lang_switch", "sidebar-left").
_CHROME_MARKERS = frozenset({
    "breadcrumb", "breadcrumbs", "share", "sharing", "social", "cookie", "cookies", "consent",
    "gdpr", "lang", "langs", "language", "languages", "locale", "sidebar", "widget", "widgets",
    "news", "menu", "navbar", "nav", "navigation", "footer", "copyright", "topbar", "toolbar",
    "popup", "modal", "newsletter", "subscribe", "related", "latest", "search", "skip",
    "banner", "masthead", "pagination", "pager", "tags", "comments", "print",
})
_CHROME_PREFIXES = ("breadcrumb", "share", "cookie", "sidebar", "widget", "navbar", "lang")
_CLASS_WORD_SEPARATORS = re.compile(r"[-_\s]+")
# ARIA landmarks that are never the content.
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search",
                           "dialog", "alertdialog", "menu", "menubar"})
_WHITESPACE = re.compile(r"\s+")
# A line break inside a table cell of data, until the row is put together (see _split_cells).
_CELL_BREAK = "\x1f"


def html_to_text(markup: str, error: type[UploadRefused] = UploadRefused) -> str:
    """The visible content of a saved web page as lines: list items as "• " lines, table
    cells separated by a tab, site chrome (menus, header, footer, scripts) left out."""
    soup = _parse_html(markup, error)
    text = "".join(_html_pieces(soup.body or soup))
    lines = (_split_cells(line).strip() if _CELL_BREAK in line else line.strip()
             for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _parse_html(markup: str, error: type[UploadRefused]) -> BeautifulSoup:
    if markup.count("<") > MAX_HTML_TAGS:
        raise too_long(error)
    with warnings.catch_warnings():
        # A saved XHTML page starts with <?xml ...?>, and a page of a single word looks like
        # a file name to bs4: both are fine to read as HTML.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        try:
            return BeautifulSoup(markup, "html.parser")
        except ParserRejectedMarkup as exc:
            raise error(_("The web page could not be read."), reason="undecodable") from exc


@dataclass(frozen=True)
class _HtmlContext:
    """Where an element stands: inside <pre> (line breaks are kept), inside the page's
    <main> or <article> (where a <header> is the content's own, not the site's), inside a
    table row of data (where a cell's line breaks are spaces: "name<br>position" is one
    cell of one row, as Word's table rows are read)."""

    pre: bool = False
    content: bool = False
    row: bool = False

    def inside(self, element: Tag) -> _HtmlContext:
        pre = self.pre or element.name == "pre"
        content = self.content or element.name in ("main", "article")
        row = self.row or (element.name == "tr" and _is_data_row(element))
        if (pre, content, row) == (self.pre, self.content, self.row):
            return self
        return _HtmlContext(pre, content, row)


# A cell of a data table holds a few words; a table used for page layout holds the page.
_MAX_DATA_CELL = 300


def _is_data_row(row: Tag) -> bool:
    """Two or more filled cells, none longer than a data cell. Reads at most a data cell's
    length of each cell's text, so that a layout table of whole pages costs little."""
    filled = 0
    for cell in row.find_all(("td", "th"), recursive=False):
        length = 0
        for text in cell.stripped_strings:
            length += len(text)
            if length > _MAX_DATA_CELL:
                return False
        filled += length > 0
    return filled >= 2


def _html_pieces(root: Tag) -> Iterator[str]:
    """The text of the tree in document order, with line marks. A loop over an explicit
    stack, not recursion and not bs4's parent searches: deeply nested markup stays linear."""
    stack: list[tuple[PageElement, _HtmlContext] | str] = [(root, _HtmlContext())]
    while stack:
        item = stack.pop()
        if isinstance(item, str):  # what closes an element
            yield item
            continue
        node, context = item
        if isinstance(node, NavigableString):
            # Comments, doctypes, script and style text are strings of other types.
            if type(node) is NavigableString:
                yield node if context.pre else _WHITESPACE.sub(" ", node)
            continue
        if not isinstance(node, Tag) or _is_chrome_element(node, context):
            continue
        if (address := _protected_email(node)) is not None:
            yield f" {address} "
            continue
        inner = context.inside(node)
        in_cell = inner.row and node.name != "tr"
        yield _html_opening(node.name, in_cell)
        stack.append(_html_closing(node.name, in_cell) + _link_target(node))
        stack.extend((child, inner) for child in reversed(node.contents))


def _protected_email(element: Tag) -> str | None:
    """An e-mail address a site's protection wrote as "[email protected]" with the address
    in ``data-cfemail`` (hex, each byte XOR-ed with the first), as saved pages keep it."""
    encoded = element.get("data-cfemail")
    if not isinstance(encoded, str) or not 4 <= len(encoded) <= 400:
        return None
    try:
        data = bytes.fromhex(encoded)
    except ValueError:
        return None
    address = bytes(byte ^ data[0] for byte in data[1:]).decode("utf-8", "replace")
    return address if "@" in address and address.isprintable() else None


def _link_target(element: Tag) -> str:
    """A "mailto:" or "tel:" link shows "e-mail" or "call" and keeps the address in its
    href: the address is the text that matters, so it follows the link's words."""
    if element.name != "a":
        return ""
    href = str(element.get("href") or "").strip()
    scheme, _colon, target = href.partition(":")
    if scheme.casefold() not in ("mailto", "tel") or not target:
        return ""
    target = target.split("?", 1)[0].strip()
    if len(target) > 100 or target in element.get_text():
        return ""
    return " " + target + " "


def _html_opening(name: str, in_cell: bool = False) -> str:
    if name in _BLOCK_TAGS or name in ("br", "li"):
        return _CELL_BREAK if in_cell else ("\n• " if name == "li" else "\n")
    return ""


def _html_closing(name: str, in_cell: bool = False) -> str:
    if name in ("td", "th"):
        return "\t"
    if name in _BLOCK_TAGS:
        return _CELL_BREAK if in_cell else "\n"
    return ""


def _split_cells(line: str) -> str:
    """A data row's cell that holds several lines ("name<br>position") gives a cell for
    each; a cell whose only break is its own paragraph stays one cell (so that a row's cells
    still line up with its table's header)."""
    cells = []
    for cell in line.split("\t"):
        parts = [part.strip() for part in cell.split(_CELL_BREAK)]
        cells.append("\t".join(part for part in parts if part))
    return "\t".join(cells)


def _is_chrome_element(element: Tag, context: _HtmlContext) -> bool:
    if element.name in _DROPPED_TAGS:
        return True
    if element.name in ("header", "footer"):
        # The site's header and footer; an article's own header holds the unit's name.
        return element.name == "footer" or not context.content
    if element.has_attr("hidden") or element.get("aria-hidden") == "true":
        return True
    if str(element.get("role") or "").casefold() in _CHROME_ROLES:
        return True
    classes = element.get("class") or []
    names = [*([classes] if isinstance(classes, str) else classes), str(element.get("id") or "")]
    for name in names:
        folded = name.casefold()
        if folded.startswith(_CHROME_PREFIXES):
            return True
        if any(word in _CHROME_MARKERS for word in _CLASS_WORD_SEPARATORS.split(folded)):
            return True
    return False
