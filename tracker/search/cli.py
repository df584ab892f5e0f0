"""``flask search reindex``: index every document again with the current stemmer."""

from __future__ import annotations

import click
from flask.cli import AppGroup, with_appcontext

from ..extensions import db
from .index import INDEXES

search_cli = AppGroup("search", help="The full-text search index.")


@search_cli.command("reindex")
@with_appcontext
def reindex_command() -> None:
    """Rebuild every search index from the stored records (after an upgrade that changed
    how words are stemmed), in one transaction: searches see the old index until it ends."""
    for index in INDEXES:
        count = index.rebuild()
        click.echo(f"{index.name}: {count}")
    db.session.commit()
