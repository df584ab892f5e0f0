"""``flask municipality create|list|public``: the instance administrator's work on the
command line (the first municipality of a new instance is made here)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from ..cli_common import fail, fail_domain, resolve_municipality
from ..errors import DomainError
from ..extensions import db
from .models import Municipality
from .operations import create_municipality, set_public

municipality_cli = AppGroup("municipality", help="Manage the municipalities of this instance.")


@municipality_cli.command("create")
@click.argument("slug")
@click.option("--name", required=True, help="Its name as people write it (Georgian).")
def create(slug: str, name: str) -> None:
    """Create an empty municipality; SLUG is its address (/m/SLUG/) and its name on the
    command line and in the API."""
    try:
        municipality = create_municipality(slug, name)
    except DomainError as error:
        fail_domain(error, as_json=False)
    db.session.commit()
    click.echo(f"created municipality {municipality.slug} ({municipality.name})")


@municipality_cli.command("list")
def list_municipalities() -> None:
    """One line per municipality: its slug, a tab, its name (the slug first, for scripts)."""
    for municipality in Municipality.ordered():
        click.echo(f"{municipality.slug}\t{municipality.name}")


@municipality_cli.command("public")
@click.argument("slug")
@click.argument("state", type=click.Choice(["on", "off"]))
def public(slug: str, state: str) -> None:
    """Switch a municipality's public transparency site (/p/SLUG/) on or off."""
    if not slug.strip():  # an empty slug must not fall back to "the only one"
        fail("name the municipality")
    municipality = resolve_municipality(slug)
    set_public(municipality, state == "on")
    db.session.commit()
    click.echo(f"{municipality.slug}: public site {'on' if municipality.public else 'off'}")
