"""Migration 0008: the notifications' tables come with the upgrade (the audit cursor set to
the newest entry: an upgraded installation is not told its whole history) and go with the
downgrade, leaving 0007's schema as it was."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from tracker.extensions import db

from ..database.test_migrations import empty_app, schema_differences, table_names  # noqa: F401
from ..helpers import migrate

TABLES = {"notifications", "notification_preferences", "mail_outbox", "notify_cursor"}


def test_0008_up_and_down(empty_app: Flask) -> None:  # noqa: F811
    migrate(empty_app, "upgrade", "0007")
    before = table_names(empty_app)
    assert not TABLES & before
    migrate(empty_app, "upgrade", "0008")
    assert table_names(empty_app) == before | TABLES
    # Its tables as the models say (later revisions' tables are theirs to test).
    assert [d for d in schema_differences(empty_app)
            if any(name in repr(d) for name in TABLES)] == []
    with empty_app.app_context():
        uniques = {u["name"]: tuple(u["column_names"])
                   for u in sa.inspect(db.engine).get_unique_constraints("notifications")}
        assert uniques["uq_notifications_key"] == (
            "subject_type", "subject_id", "kind", "user_id", "version")
        # A new database stays empty: the first run makes the cursor.
        assert db.session.execute(sa.text("SELECT * FROM notify_cursor")).all() == []
    migrate(empty_app, "downgrade", "0007")
    assert table_names(empty_app) == before
    migrate(empty_app, "upgrade", "0008")
    assert table_names(empty_app) >= TABLES
