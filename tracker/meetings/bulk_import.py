"""Importing an archive of protocols at once: a folder on the command line, several files or a
.zip on the import page.

Nothing here reads a protocol or saves a meeting in a way of its own: each file goes through
the one reader and grammar (:func:`read_protocol_upload`, :func:`parse_protocol`), the data
of a protocol saved without a review page (:func:`unreviewed_data`, as ``import minutes
FILE`` saves one) and the one saving operation (:func:`import_protocol`). What a bulk run
adds is what a person cannot do file by file:

- each file in a savepoint of its own, so a file that fails leaves nothing behind and the
  others are kept (the command line commits after each file, a page once at the end);
- the same protocol twice (already in the archive, or earlier in the same run) skipped;
- a protocol number the group has used already replaced by the next free one, and said so;
- what the secretary must still check kept on the meeting (``Meeting.import_review``), for
  the review queue, instead of a review page per file;
- a report: per file imported, needs review (what to check), duplicate or refused (why).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..accounts.models import User
from ..errors import DomainError, PermissionDenied, ValidationFailed
from ..extensions import db
from ..importing.minutes import ProtocolImportError, parse_protocol, read_protocol_upload
from ..importing.reader import MAX_UNPACKED_BYTES, MAX_UPLOAD_BYTES, UploadRefused, extension
from ..labels import Labelled
from ..subgroups.models import Subgroup
from .importing import (
    DuplicateProtocol,
    find_duplicate,
    fingerprint_of,
    import_protocol,
    unreviewed_data,
)
from .models import Meeting

#: What a folder or an archive is searched for (a type the reader cannot read yet is
#: reported as refused, with the reader's reason, rather than silently left out).
PROTOCOL_SUFFIXES = (".txt", ".docx", ".pdf")
ARCHIVE_SUFFIX = ".zip"
#: Files an archive may hold; more is not an archive of one group's protocols.
MAX_ARCHIVE_ENTRIES = 300


class BulkStatus(Labelled):
    IMPORTED = "imported", _l("Imported")
    NEEDS_REVIEW = "needs_review", _l("Imported, to be checked")
    DUPLICATE = "duplicate", _l("Imported before: skipped")
    REFUSED = "refused", _l("Not imported")


@dataclass
class FileResult:
    """What became of one file. ``review`` is what the saved meeting asks to be checked
    (its ``import_review``); ``duplicate_of`` names the earlier file of the same run."""

    file: str
    status: BulkStatus
    meeting_id: int | None = None
    number: int | None = None
    review: dict[str, Any] = field(default_factory=dict)
    reason: str | None = None
    message: str | None = None
    duplicate_of: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "status": self.status.value,
            "meeting_id": self.meeting_id,
            "number": self.number,
            "missing": list(self.review.get("missing", [])),
            "uncertain": list(self.review.get("uncertain", [])),
            "number_taken": self.review.get("number_taken"),
            "action_items_skipped": list(self.review.get("action_items_skipped", [])),
            "reason": self.reason,
            "message": self.message,
            "duplicate_of": self.duplicate_of,
        }


def summary(results: list[FileResult]) -> dict[str, int]:
    """How many files ended how, and how many in all."""
    counts = Counter(result.status for result in results)
    return {"total": len(results), **{status.value: counts[status] for status in BulkStatus}}


def report_json(results: list[FileResult]) -> dict[str, Any]:
    return {"files": [result.as_json() for result in results], "summary": summary(results)}


class BulkImport:
    """One run over many files, as ``actor``, into one group (the working group, or the
    subgroup ``subgroup_id``). The permission is asked once, before any file is read: a
    person who may not record this group's meetings gets no per-file report.

    ``dry_run`` reads and reports without saving; ``database=False`` (a dry run outside any
    municipality) also leaves out what only the archive knows (earlier imports, taken
    numbers, accounts).
    """

    def __init__(self, actor: User | None, subgroup_id: int | None = None, *,
                 dry_run: bool = False, database: bool = True) -> None:
        self.actor = actor
        self.subgroup_id = subgroup_id
        self.dry_run = dry_run or not database
        self.database = database
        self.results: list[FileResult] = []
        self._seen: dict[str, str] = {}
        if database:
            subgroup = db.session.get(Subgroup, subgroup_id) if subgroup_id else None
            if subgroup_id and subgroup is None:
                raise ValidationFailed({"subgroup_id": [_("Not a valid choice.")]})
            if not dry_run and (actor is None or not Meeting.may_create(actor, subgroup)):
                raise PermissionDenied(_("You may not record meetings of this group."))

    # Files -------------------------------------------------------------------------------
    def add(self, filename: str, data: bytes) -> list[FileResult]:
        """One file as it was given: a protocol, or a .zip of protocols (each entry a file
        of the report, named ``archive.zip/entry``)."""
        filename = display_name(filename)
        if extension(filename) != ARCHIVE_SUFFIX:
            return [self._one(filename, data)]
        try:
            entries = archive_entries(data)
        except UploadRefused as error:
            return [self._keep(_refused(filename, error))]
        return [
            self._one(f"{filename}/{name}", content) if isinstance(content, bytes)
            else self._keep(_refused(f"{filename}/{name}", content))
            for name, content in entries
        ]

    def _one(self, filename: str, data: bytes) -> FileResult:
        """Read, check and save one protocol in a savepoint of its own: whatever goes wrong
        undoes this file only, and is reported rather than raised."""
        try:
            with db.session.begin_nested() if not self.dry_run else nullcontext():
                result = self._import(filename, data)
        except DuplicateProtocol as error:
            result = FileResult(filename, BulkStatus.DUPLICATE, message=error.message)
        except DomainError as error:
            result = _refused(filename, error)
        except Exception:  # a bug on one file of hundreds: report it, go on with the rest
            current_app.logger.exception("bulk import of %s failed", filename)
            result = FileResult(filename, BulkStatus.REFUSED, reason="error", message=_(
                "The file could not be imported because of an error in the tracker. The "
                "other files are not affected; report this one to the administrator."))
        return self._keep(result)

    def refuse(self, filename: str, reason: str, message: str) -> FileResult:
        """A file the caller could not even read (a folder's unreadable file)."""
        return self._keep(FileResult(display_name(filename), BulkStatus.REFUSED,
                                     reason=reason, message=message))

    def _keep(self, result: FileResult) -> FileResult:
        self.results.append(result)
        return result

    def _import(self, filename: str, data: bytes) -> FileResult:
        parsed = parse_protocol(read_protocol_upload(data, filename))
        if not self.database:
            flags = {"missing": list(parsed.missing),
                     "uncertain": list(getattr(parsed, "uncertain", []))}
            return self._duplicate(filename, parsed.fingerprint) or self._planned(
                filename, parsed.fingerprint, flags)
        fields = unreviewed_data(parsed, self.subgroup_id)
        fingerprint = fingerprint_of(fields)
        if (duplicate := self._duplicate(filename, fingerprint)) is not None:
            return duplicate
        if self.dry_run:
            return self._planned(filename, fingerprint, fields["import_review"])
        meeting = import_protocol(self.actor, fields)
        self._remember(fingerprint, filename)
        return FileResult(
            filename,
            BulkStatus.NEEDS_REVIEW if meeting.import_review else BulkStatus.IMPORTED,
            meeting_id=meeting.id, number=meeting.number, review=meeting.import_review or {},
        )

    def _duplicate(self, filename: str, fingerprint: str | None) -> FileResult | None:
        """The same protocol as a file earlier in this run, or as a meeting of the archive;
        None for a new one."""
        if fingerprint in self._seen:
            earlier = self._seen[fingerprint]
            return FileResult(filename, BulkStatus.DUPLICATE, duplicate_of=earlier,
                              message=_("The same protocol as %(file)s above.", file=earlier))
        existing = find_duplicate(fingerprint) if self.database else None
        if existing is not None:
            return FileResult(filename, BulkStatus.DUPLICATE, meeting_id=existing.id,
                              number=existing.number,
                              message=_("This protocol was imported before, as meeting "
                                        "N%(number)d.", number=existing.number))
        return None

    def _remember(self, fingerprint: str | None, filename: str) -> None:
        if fingerprint:
            self._seen[fingerprint] = filename

    def _planned(self, filename: str, fingerprint: str | None,
                 review: dict[str, Any]) -> FileResult:
        """A dry run's answer: what a real run would report (without a meeting)."""
        self._remember(fingerprint, filename)
        review = {key: value for key, value in review.items() if value}
        status = BulkStatus.NEEDS_REVIEW if review else BulkStatus.IMPORTED
        return FileResult(filename, status, review=review)


def _refused(filename: str, error: DomainError) -> FileResult:
    message = error.message
    if isinstance(error, ValidationFailed):
        message += " " + " ".join(m for messages in error.fields.values() for m in messages)
    return FileResult(filename, BulkStatus.REFUSED,
                      reason=getattr(error, "reason", None) or error.code, message=message)


# Names -------------------------------------------------------------------------------------
def display_name(name: str | None) -> str:
    """A file's name as the report shows it: a character that cannot be shown as "�" (not
    dropped: "\x1f/a" must not read as the absolute "/a"), the last 200 kept."""
    printable = "".join(ch if ch.isprintable() else "\ufffd" for ch in (name or ""))
    return printable[-200:] or "?"


def is_hidden(path: str) -> bool:
    """Not a document of the archive: a hidden file or folder (".DS_Store", ".git"), or the
    resource forks macOS adds to every archive it makes ("__MACOSX/")."""
    return any((part.startswith(".") and part not in (".", "..")) or part == "__MACOSX"
               for part in path.replace("\\", "/").split("/"))


_DRIVE = re.compile(r"^[A-Za-z]:")


def is_unsafe(path: str) -> bool:
    """A name that points outside the archive (absolute, "..", a drive, a backslash path):
    never a document a secretary zipped, often an attack. Nothing is written to disk here,
    but such an entry is refused all the same."""
    return (path.startswith(("/", "\\")) or "\\" in path or bool(_DRIVE.match(path))
            or any(part == ".." for part in path.split("/")) or "\x00" in path)


# Archives ----------------------------------------------------------------------------------
def _archive_error(message: str, reason: str) -> ProtocolImportError:
    return ProtocolImportError(message, reason=reason)


def archive_entries(data: bytes) -> list[tuple[str, bytes | UploadRefused]]:
    """The documents of a .zip, each its content or why it is refused, sorted by name.

    Refused as a whole (nothing read): not a zip, no documents, more than
    :data:`MAX_ARCHIVE_ENTRIES` files, or more than ``MAX_UNPACKED_BYTES`` unpacked. Folders,
    hidden files and ``__MACOSX`` are skipped. One entry is refused for a name that leaves
    the archive, encryption, damage or more than ``MAX_UPLOAD_BYTES`` unpacked. Sizes are
    counted as the bytes come out, never taken from the archive's own claims, and no entry
    is read past the limit: a zip bomb stops at the first byte too many.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise _archive_error(_("The file is not a valid .zip archive."), "bad_zip") from exc
    members = [info for info in infos if not info.is_dir() and not is_hidden(info.filename)]
    if len(members) > MAX_ARCHIVE_ENTRIES:
        raise _archive_error(
            _("The archive holds more than %(count)d files. Split it into smaller archives.",
              count=MAX_ARCHIVE_ENTRIES), "too_many_files")
    if not members:
        raise _archive_error(_("The archive holds no files."), "empty")
    if sum(info.file_size for info in members) > MAX_UNPACKED_BYTES:
        raise _unpacks_too_large()
    entries: list[tuple[str, bytes | UploadRefused]] = []
    unpacked = 0
    for info in sorted(members, key=lambda member: member.filename):
        name = display_name(info.filename)
        content = _entry(archive, info)
        if isinstance(content, bytes):
            unpacked += len(content)
            if unpacked > MAX_UNPACKED_BYTES:
                raise _unpacks_too_large()
        entries.append((name, content))
    return entries


def _unpacks_too_large() -> ProtocolImportError:
    return _archive_error(
        _("The archive unpacks to more than %(size)d MB. Split it into smaller archives.",
          size=MAX_UNPACKED_BYTES // (1024 * 1024)), "too_large")


def _entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | UploadRefused:
    if is_unsafe(info.filename):
        return _archive_error(_("The archive gives this file a path outside the archive; it "
                                "was not read."), "unsafe_name")
    if info.flag_bits & 0x1:
        return _archive_error(_("This file of the archive is encrypted."), "encrypted")
    if info.file_size > MAX_UPLOAD_BYTES:
        return _entry_too_large()
    try:
        with archive.open(info) as member:
            content = member.read(MAX_UPLOAD_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError,
            OSError, ValueError):
        return _archive_error(_("This file of the archive is damaged."), "bad_zip")
    if len(content) > MAX_UPLOAD_BYTES:
        return _entry_too_large()
    return content


def _entry_too_large() -> ProtocolImportError:
    return _archive_error(
        _("The file is larger than %(size)s MB.", size=MAX_UPLOAD_BYTES // (1024 * 1024)),
        "too_large")
