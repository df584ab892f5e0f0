"""``flask import minutes FILE [--dry-run] [--json] [--municipality SLUG]``."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..cli_common import (
    AS_OPTION,
    MUNICIPALITY_OPTION,
    acting_user,
    echo_json,
    fail_domain,
    read_file,
    resolve_municipality,
)
from ..errors import DomainError
from ..extensions import db
from ..importing.minutes import parse_protocol, read_protocol_upload
from ..municipalities import scope
from .importing import import_protocol, parsed_as_json, review_data


@click.command("minutes")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Parse and report; save nothing.")
@click.option("--json", "as_json", is_flag=True, help="Report as JSON.")
@click.option("--subgroup", "subgroup_id", type=int, default=None,
              help="The subgroup whose meeting this is (default: the working group).")
@AS_OPTION
@MUNICIPALITY_OPTION
@with_appcontext
def import_minutes(path: str, dry_run: bool, as_json: bool, subgroup_id: int | None,
                   as_email: str | None, municipality_slug: str | None) -> None:
    """Import a meeting protocol (UTF-8 text or .docx) as a draft meeting of a
    municipality's working group (or of one of its subgroups)."""
    # A dry run only parses: it needs a municipality only to check one that is named.
    municipality = (resolve_municipality(municipality_slug, as_json)
                    if municipality_slug or not dry_run else None)
    try:
        parsed = parse_protocol(read_protocol_upload(read_file(path), path))
        meeting = None
        if municipality is not None and not dry_run:
            with scope.entered(municipality):
                actor = acting_user(as_email)
                meeting = import_protocol(actor, review_data(parsed, subgroup_id))
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
    click.echo(f"imported into {municipality.slug} as meeting {meeting.id} (draft)"
               if meeting and municipality else "dry run: nothing saved")
