"""Migration 0007: the calendar feeds' table comes with the upgrade and goes with the
downgrade (every feed URL revoked), leaving 0006's schema as it was."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from tracker.extensions import db

from ..database.test_migrations import empty_app, schema_differences, table_names  # noqa: F401
from ..helpers import migrate


def test_0007_up_and_down(empty_app: Flask) -> None:  # noqa: F811
    migrate(empty_app, "upgrade", "0006")
    before = table_names(empty_app)
    assert "calendar_feeds" not in before
    migrate(empty_app, "upgrade", "0007")
    assert table_names(empty_app) == before | {"calendar_feeds"}
    # Its own table as the models say (later revisions' tables are theirs to test).
    assert [d for d in schema_differences(empty_app) if "calendar_feeds" in repr(d)] == []
    with empty_app.app_context():
        columns = {c["name"] for c in sa.inspect(db.engine).get_columns("calendar_feeds")}
        assert columns == {"id", "user_id", "nonce", "token_hash", "created_at"}
        uniques = {tuple(u["column_names"])
                   for u in sa.inspect(db.engine).get_unique_constraints("calendar_feeds")}
        assert {("user_id",), ("token_hash",)} <= uniques
    migrate(empty_app, "downgrade", "0006")
    assert table_names(empty_app) == before
    migrate(empty_app, "upgrade", "0007")
    assert "calendar_feeds" in table_names(empty_app)
