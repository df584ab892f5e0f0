"""The isolation tests' fixtures: both worlds, a snapshot of every row, and callers.

See :mod:`.world` for what each municipality holds and :mod:`.routes` for the walk.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from tracker.accounts.models import User
from tracker.extensions import db

from ...factories import Factory
from .routes import Caller
from .world import VOLATILE_TABLES, Snapshot, World, build_world


@pytest.fixture
def worlds(factory: Factory) -> tuple[World, World]:
    """(``city``, ``town``): the same world in each."""
    return build_world(factory), build_world(factory.elsewhere())


@pytest.fixture
def snapshot(app: Flask) -> Callable[[], Snapshot]:
    """Every row of every table but :data:`VOLATILE_TABLES`, in primary-key order: rows,
    their versions, the audit trail and the search index alike."""
    tables = [t for t in db.metadata.sorted_tables if t.name not in VOLATILE_TABLES]

    def take() -> Snapshot:
        with app.app_context():
            return {
                table.name: [
                    tuple(row)
                    for row in db.session.execute(
                        sa.select(table).order_by(*table.primary_key.columns)
                    )
                ]
                for table in tables
            }

    return take


@pytest.fixture
def caller(
    app: Flask, browse_as: Callable[..., FlaskClient], factory: Factory
) -> Callable[[User], Caller]:
    """``caller(user)``: that person's browser for pages and a token of theirs for the API."""
    return lambda user: Caller(browse_as(user), app.test_client(), factory.token(user))
