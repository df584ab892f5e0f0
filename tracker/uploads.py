"""Reading uploaded documents (protocols, department pages) safely, for every importer.

The checks that do not depend on what the document is — size, type, encoding, a damaged or
oversized Word file — live here once; each importer names its own error class (a subclass
of :class:`UploadRefused`) so its messages and API answers stay its own.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from collections.abc import Callable, Mapping

from docx import Document
from docx.document import Document as DocxDocument
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .errors import DomainError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# A .docx is a zip: refuse one that unpacks to far more than any protocol or page.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


class UploadRefused(DomainError):
    """An upload an importer refuses. ``reason`` is a stable word for API clients and tests
    (the message is translated): empty, too_large, unsupported_type, binary, not_utf8,
    bad_docx, or one the importer adds."""

    status = 422
    code = "import_failed"
    default_message = _l("The file could not be imported.")

    def __init__(self, message: str | None = None, *, reason: str = "invalid") -> None:
        super().__init__(message, reason=reason)
        self.reason = reason


Reader = Callable[[bytes], str]


def extension(filename: str) -> str:
    """The lower-cased extension; browsers on Windows may send a whole path."""
    base = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "." + base.rsplit(".", 1)[1].lower() if "." in base else ""


def read_upload(
    data: bytes,
    filename: str,
    readers: Mapping[str, Reader],
    error: type[UploadRefused],
    unsupported: Callable[[str], str],
) -> str:
    """The text of an upload through the reader for its type; the cheap checks (empty,
    size, type) run before anything is decoded or unpacked."""
    if not data:
        raise error(_("The file is empty."), reason="empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise error(
            _("The file is larger than %(size)s MB.", size=MAX_UPLOAD_BYTES // (1024 * 1024)),
            reason="too_large",
        )
    suffix = extension(filename)
    reader = readers.get(suffix)
    if reader is None:
        raise error(unsupported(suffix), reason="unsupported_type")
    text = reader(data)
    if not text.strip():
        raise error(_("The file contains no text."), reason="empty")
    return text


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


def bad_docx(error: type[UploadRefused]) -> UploadRefused:
    return error(_("The file is not a valid Word (.docx) document."), reason="bad_docx")


def read_docx(data: bytes, error: type[UploadRefused],
              lines: Callable[[DocxDocument], str]) -> str:
    """Open a .docx (refusing zip bombs) and turn it into text with the importer's own
    ``lines`` function. A damaged package surfaces as BadZipFile, KeyError, ValueError,
    lxml's XMLSyntaxError and more; to the person uploading they all mean one thing."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except Exception as exc:
        raise bad_docx(error) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise error(_("The document is too large when unpacked."), reason="too_large")
    try:
        return lines(Document(io.BytesIO(data)))
    except UploadRefused:
        raise
    except Exception as exc:
        raise bad_docx(error) from exc
