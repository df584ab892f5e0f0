"""``flask import minutes FILE|DIR [--dry-run] [--json] [--subgroup ID] [--municipality SLUG]``.

A FILE is one protocol (its report as before); a DIR (or a .zip) is an archive, read file by
file through :class:`~.bulk_import.BulkImport` with a progress bar on stderr, one
transaction per file, and a report per file.
"""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path

import click
from flask.cli import with_appcontext

from ..cli_common import (
    AS_OPTION,
    MUNICIPALITY_OPTION,
    acting_user,
    echo_json,
    fail,
    fail_domain,
    read_file,
    resolve_municipality,
)
from ..errors import DomainError
from ..extensions import db
from ..importing.minutes import parse_protocol, read_protocol_upload
from ..municipalities import scope
from ..municipalities.models import Municipality
from .bulk_import import (
    ARCHIVE_SUFFIX,
    PROTOCOL_SUFFIXES,
    BulkImport,
    BulkStatus,
    FileResult,
    is_hidden,
    report_json,
    summary,
)
from .importing import import_protocol, parsed_as_json, unreviewed_data

#: Documents a folder is searched for besides protocols the reader reads: formats a city's
#: archive holds protocols in, reported as refused (with the reason) rather than skipped.
REPORTED_SUFFIXES = (".doc", ".rtf", ".odt")
#: Exit status of a folder's import in which some file was refused (the others are saved).
SOME_REFUSED = 1


@click.command("minutes")
@click.argument("path", type=click.Path())
@click.option("--dry-run", is_flag=True, help="Parse and report; save nothing.")
@click.option("--json", "as_json", is_flag=True, help="Report as JSON.")
@click.option("--subgroup", "--group", "subgroup_id", type=int, default=None,
              help="The subgroup whose meeting this is (default: the working group).")
@AS_OPTION
@MUNICIPALITY_OPTION
@with_appcontext
def import_minutes(path: str, dry_run: bool, as_json: bool, subgroup_id: int | None,
                   as_email: str | None, municipality_slug: str | None) -> None:
    """Import a meeting protocol (UTF-8 text or .docx) as a draft meeting of a
    municipality's working group (or of one of its subgroups); or every protocol of a
    folder (or .zip), with a report per file. Exit status 1 when a file was refused."""
    # A dry run only parses: it needs a municipality only to check one that is named.
    municipality = (resolve_municipality(municipality_slug, as_json)
                    if municipality_slug or not dry_run else None)
    target = Path(path)
    if target.is_dir() or target.suffix.lower() == ARCHIVE_SUFFIX:
        _import_many(target, dry_run, as_json, subgroup_id, as_email, municipality)
        return
    try:
        parsed = parse_protocol(read_protocol_upload(read_file(path), path))
        meeting = None
        if municipality is not None and not dry_run:
            with scope.entered(municipality):
                actor = acting_user(as_email)
                meeting = import_protocol(actor, unreviewed_data(parsed, subgroup_id))
                db.session.commit()
    except DomainError as error:
        fail_domain(error, as_json)
    if as_json:
        echo_json({"parsed": parsed_as_json(parsed), "missing": parsed.missing,
                   "meeting_id": meeting.id if meeting else None, "dry_run": dry_run,
                   "municipality": municipality.slug if municipality else None})
        return
    click.echo(f"protocol N{parsed.number or '?'} of {parsed.date or '?'}: "
               f"{len(parsed.attendees)} attendees, {len(parsed.agenda)} agenda items, "
               f"{len(parsed.decisions)} decisions")
    if parsed.missing:
        click.echo("not found: " + ", ".join(parsed.missing))
    if meeting is not None and (meeting.import_review or {}).get("number_taken"):
        click.echo(f"number N{parsed.number} taken, saved as N{meeting.number}")
    click.echo(f"imported into {municipality.slug} as meeting {meeting.id} (draft)"
               if meeting and municipality else "dry run: nothing saved")


def folder_files(folder: Path) -> list[Path]:
    """The documents of a folder and its sub-folders, sorted by their path in it; hidden
    files and folders left out."""
    wanted = (*PROTOCOL_SUFFIXES, *REPORTED_SUFFIXES, ARCHIVE_SUFFIX)
    return sorted(
        (path for path in folder.rglob("*")
         if path.is_file() and path.suffix.lower() in wanted
         and not is_hidden(path.relative_to(folder).as_posix())),
        key=lambda path: path.relative_to(folder).as_posix(),
    )


def _import_many(target: Path, dry_run: bool, as_json: bool, subgroup_id: int | None,
                 as_email: str | None, municipality: Municipality | None) -> None:
    """Each file in a transaction of its own (committed before the next is read), so an
    interrupted run leaves whole meetings only, and the report tells which."""
    files = folder_files(target) if target.is_dir() else [target]
    if not files:
        fail(f"no protocols in {target} (looked for: "
             f"{', '.join((*PROTOCOL_SUFFIXES, *REPORTED_SUFFIXES))})", as_json, "empty")
    base = target if target.is_dir() else target.parent
    with scope.entered(municipality) if municipality is not None else nullcontext():
        actor = acting_user(as_email) if municipality is not None and not dry_run else None
        try:
            run = BulkImport(actor, subgroup_id, dry_run=dry_run,
                             database=municipality is not None)
        except DomainError as error:
            fail_domain(error, as_json)
        with click.progressbar(files, label="importing protocols", file=sys.stderr,
                               show_pos=True, item_show_func=_shown) as bar:
            for path in bar:
                name = path.relative_to(base).as_posix()
                try:
                    data = path.read_bytes()
                except OSError as error:
                    run.refuse(name, "unreadable", error.strerror or str(error))
                    continue
                run.add(name, data)
                if not dry_run:
                    db.session.commit()
    results = run.results
    if as_json:
        echo_json({**report_json(results), "dry_run": dry_run,
                   "municipality": municipality.slug if municipality else None})
    else:
        _echo_report(results, dry_run, municipality)
    if any(result.status == BulkStatus.REFUSED for result in results):
        sys.exit(SOME_REFUSED)


def _shown(path: Path | None) -> str | None:
    return path.name if path is not None else None


def _echo_report(results: list[FileResult], dry_run: bool,
                 municipality: Municipality | None) -> None:
    for result in results:
        line = f"{result.status.value:<13} {result.file}"
        if result.status in (BulkStatus.IMPORTED, BulkStatus.NEEDS_REVIEW) and result.meeting_id:
            line += f": meeting N{result.number} (id {result.meeting_id})"
        details = []
        if missing := result.review.get("missing"):
            details.append("not found: " + ", ".join(missing))
        if uncertain := result.review.get("uncertain"):
            details.append("not certain: " + ", ".join(uncertain))
        if taken := result.review.get("number_taken"):
            details.append(f"number N{taken} taken, saved as N{result.number}"
                           if result.number else f"number N{taken} taken")
        if skipped := result.review.get("action_items_skipped"):
            details.append(f"{len(skipped)} action item(s) not made")
        if result.message:
            details.append(f"{result.reason}: {result.message}" if result.reason
                           else result.message)
        click.echo(line + (" — " + "; ".join(details) if details else ""))
    counts = summary(results)
    click.echo(", ".join(f"{counts[status.value]} {status.value}" for status in BulkStatus)
               + f" of {counts['total']} files"
               + (" (dry run: nothing saved)" if dry_run or municipality is None else
                  f" into {municipality.slug}"))
