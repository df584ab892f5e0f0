"""``flask import unit FILE [--dry-run] [--json] [--municipality SLUG]``."""

from __future__ import annotations

from dataclasses import asdict

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
from ..importing.unit_page import parse_unit_page, read_unit_upload
from ..municipalities import scope
from .importing import import_unit


@click.command("unit")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Parse and report; save nothing.")
@click.option("--json", "as_json", is_flag=True, help="Report as JSON.")
@click.option("--parent", "parent_id", type=int, default=None,
              help="The unit a new unit sits under.")
@AS_OPTION
@MUNICIPALITY_OPTION
@with_appcontext
def import_unit_command(path: str, dry_run: bool, as_json: bool, parent_id: int | None,
                        as_email: str | None, municipality_slug: str | None) -> None:
    """Import a department page (text, .docx or saved HTML) into a municipality's
    directory: create or update the unit."""
    # A dry run only parses: it needs a municipality only to check one that is named.
    municipality = (resolve_municipality(municipality_slug, as_json)
                    if municipality_slug or not dry_run else None)
    try:
        parsed = parse_unit_page(read_unit_upload(read_file(path), path))
        result = None
        if municipality is not None and not dry_run:
            with scope.entered(municipality):
                result = import_unit(acting_user(as_email), parsed, parent_id)
                db.session.commit()
    except DomainError as error:
        fail_domain(error, as_json)
    if as_json:
        echo_json({
            "parsed": asdict(parsed),
            "missing": parsed.missing,
            "dry_run": dry_run,
            "municipality": municipality.slug if municipality else None,
            "unit_id": result.unit.id if result else None,
            "created": result.created if result else None,
            "staff_added": result.staff_added if result else [],
            "staff_updated": result.staff_updated if result else [],
            "staff_not_on_page": result.staff_not_on_page if result else [],
        })
        return
    click.echo(f"{parsed.name}: {len(parsed.functions)} functions, {len(parsed.staff)} staff")
    if parsed.missing:
        click.echo("not found: " + ", ".join(parsed.missing))
    if result is None:
        click.echo("dry run: nothing saved")
    else:
        click.echo(("created" if result.created else "updated") + f" unit {result.unit.id} "
                   f"in {municipality.slug}; "
                   f"staff added {len(result.staff_added)}, updated {len(result.staff_updated)}")
        if result.staff_not_on_page:
            click.echo("not on the page (kept): " + ", ".join(result.staff_not_on_page))
