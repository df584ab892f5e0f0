"""Evidence files: what a progress report may carry, checked by content, not by name.

A file is accepted when its extension is on the allow-list *and* its bytes are what that
extension says (PDF, a .docx / .xlsx / .odt package, PNG, JPEG, plain UTF-8 text or CSV
with no markup). HTML, SVG, scripts and anything else are refused, whatever they are
called. A stored file is only ever served back as an attachment under the content type
its checked kind has (``views.download``), never inline.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from flask_babel import gettext as _

from ..errors import ValidationFailed

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
MAX_FILENAME = 255
# A request carrying evidence may be this large (the files and the form's text).
MAX_REQUEST_BYTES = MAX_FILES * MAX_FILE_BYTES + 1024 * 1024
_MAX_ZIP_ENTRIES = 5000

#: extension → the content type it is served as.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "txt": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}
ALLOWED = ", ".join(sorted({e for e in CONTENT_TYPES if e != "jpeg"}))
# Markup that a browser (or an office suite) might run, refused in text files.
_MARKUP = re.compile(rb"<\s*(!doctype|html|head|body|script|svg|iframe|object|embed|meta|"
                     rb"\?xml|a\s|img\s|style|link\s)", re.IGNORECASE)
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


@dataclass(frozen=True)
class Upload:
    """A file as received: the name the browser gave and its bytes."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    content_type: str
    size: int
    sha256: str
    data: bytes


def safe_filename(name: str, extension: str) -> str:
    """The name kept and offered for download: the last part of the path the browser sent,
    without control or path characters, Georgian kept, at most 255 characters with its
    extension; ``file.<ext>`` when nothing is left."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = _UNSAFE_NAME.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem[: MAX_FILENAME - len(extension) - 1].strip(" ._") or "file"
    return f"{stem}.{extension}"


def _zip_names(data: bytes) -> set[str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > _MAX_ZIP_ENTRIES:
                return None
            names = {info.filename for info in infos}
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size < 200:
                    names.add("mimetype:" + archive.read("mimetype").decode("ascii", "replace"))
            return names
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        return None


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    if any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f" for ch in text[:65536]):
        return False
    return not _MARKUP.search(data)


def content_matches(extension: str, data: bytes) -> bool:
    """Whether the bytes are what the extension says (the sniffing, by magic numbers and,
    for the office packages, by the parts the package must have)."""
    if extension == "pdf":
        return data[:1024].lstrip().startswith(b"%PDF-")
    if extension == "png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in ("jpg", "jpeg"):
        return data.startswith(b"\xff\xd8\xff")
    if extension in ("docx", "xlsx", "odt"):
        if not data.startswith(b"PK\x03\x04"):
            return False
        names = _zip_names(data)
        if names is None:
            return False
        if extension == "docx":
            return "[Content_Types].xml" in names and "word/document.xml" in names
        if extension == "xlsx":
            return "[Content_Types].xml" in names and "xl/workbook.xml" in names
        return "mimetype:application/vnd.oasis.opendocument.text" in names
    if extension in ("txt", "csv"):
        return _is_text(data)
    return False


def check_file(upload: Upload) -> CheckedFile:
    """The file as it will be stored, or a 422 saying in Georgian why it is refused."""
    name = upload.filename or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    shown = safe_filename(name, extension or "bin")

    def refuse(message: str) -> ValidationFailed:
        return ValidationFailed({"files": [message]})

    if not upload.data:
        raise refuse(_("The file %(name)s is empty.", name=shown))
    if len(upload.data) > MAX_FILE_BYTES:
        raise refuse(_("The file %(name)s is larger than %(size)d MB.", name=shown,
                       size=MAX_FILE_BYTES // (1024 * 1024)))
    if extension not in CONTENT_TYPES:
        raise refuse(_("Files of this type cannot be attached (%(name)s). Allowed: "
                       "%(allowed)s.", name=shown, allowed=ALLOWED))
    if not content_matches(extension, upload.data):
        raise refuse(_("The content of %(name)s is not a %(kind)s file (web pages, SVG "
                       "images and scripts cannot be attached).", name=shown,
                       kind=extension.upper()))
    return CheckedFile(
        filename=safe_filename(name, extension),
        content_type=CONTENT_TYPES[extension],
        size=len(upload.data),
        sha256=hashlib.sha256(upload.data).hexdigest(),
        data=upload.data,
    )


def check_files(uploads: list[Upload]) -> list[CheckedFile]:
    uploads = [u for u in uploads if u.filename or u.data]
    if len(uploads) > MAX_FILES:
        raise ValidationFailed({"files": [_("Attach at most %(n)d files to a report.",
                                            n=MAX_FILES)]})
    return [check_file(u) for u in uploads]
