"""The isolation tests' fixtures: both worlds, a snapshot of every row, and callers.

See :mod:`.world` for what each municipality holds and :mod:`.routes` for the walk.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tracker.accounts.models import User

from ...factories import Factory
from .routes import Caller
from .world import VOLATILE_TABLES, Snapshot, World, build_world


@pytest.fixture
def worlds(factory: Factory) -> tuple[World, World]:
    """(``city``, ``town``): the same world in each."""
    return build_world(factory), build_world(factory.elsewhere())


@pytest.fixture
def snapshot(db_snapshot: Callable[..., Snapshot]) -> Callable[[], Snapshot]:
    """The suite's ``db_snapshot`` but :data:`VOLATILE_TABLES`: rows, their versions, the
    audit trail and the search index alike."""
    return lambda: db_snapshot(skip=VOLATILE_TABLES)


@pytest.fixture
def caller(
    app: Flask, browse_as: Callable[..., FlaskClient], factory: Factory
) -> Callable[[User], Caller]:
    """``caller(user)``: that person's browser for pages and a token of theirs for the API."""
    return lambda user: Caller(browse_as(user), app.test_client(), factory.token(user))
