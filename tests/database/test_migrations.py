"""The migrations are the only source of the schema: they build it, undo it and match the models."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import flask_migrate
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from werkzeug.security import generate_password_hash

from tracker import create_app
from tracker.accounts.models import User
from tracker.commitments.search import COMMITMENT_INDEX
from tracker.database import JOURNAL_SIZE_LIMIT, WAL_AUTOCHECKPOINT_PAGES
from tracker.extensions import db
from tracker.meetings.minutes import MEETING_INDEX
from tracker.search.georgian import index_text
from tracker.search.index import SEARCH_VERSION, is_search_table, parse_query

from ..helpers import (
    ON_POSTGRES,
    PASSWORD,
    app_config,
    dispose,
    migrate,
    migration_environment,
    postgres_database,
    postgres_only,
    sqlite_only,
)


@pytest.fixture
def empty_app(tmp_path: Path) -> Iterator[Flask]:
    """An app on a database of its own that no migration has touched yet."""
    if ON_POSTGRES:
        with postgres_database(f"tracker_test_{os.getpid()}_migrations") as url:
            app = create_app(app_config(url))
            yield app
            dispose(app)
        return
    app = create_app(app_config(f"sqlite:///{tmp_path / 'fresh.db'}"))
    yield app
    dispose(app)


def table_names(app: Flask, *, search: bool = False) -> set[str]:
    """The tables in the database; search tables (FTS5 / tsvector, made by hand in the
    migrations rather than from models) only when asked for."""
    with app.app_context():
        names = set(sa.inspect(db.engine).get_table_names())
    return names if search else {name for name in names if not is_search_table(name)}


def include_name(name: str | None, type_: str, _parents: object) -> bool:
    """What migrations/env.py tells autogenerate to compare."""
    return not (type_ == "table" and is_search_table(name))


def schema_differences(app: Flask) -> list[object]:
    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": include_name}
        )
        return compare_metadata(context, db.metadata)


def test_upgrade_downgrade_upgrade_matches_the_models(empty_app: Flask) -> None:
    model_tables = {table.name for table in db.metadata.sorted_tables}
    assert table_names(empty_app) == set()

    migrate(empty_app)
    assert table_names(empty_app) == model_tables | {"alembic_version"}
    assert schema_differences(empty_app) == []

    assert table_names(empty_app, search=True) > table_names(empty_app)

    migrate(empty_app, "downgrade", "base")
    assert table_names(empty_app, search=True) <= {"alembic_version"}

    migrate(empty_app)
    assert table_names(empty_app) == model_tables | {"alembic_version"}
    assert schema_differences(empty_app) == []


@postgres_only
def test_downgrade_removes_the_audit_trigger_function(empty_app: Flask) -> None:
    migrate(empty_app)
    migrate(empty_app, "downgrade", "base")
    with empty_app.app_context():
        functions = db.session.execute(
            sa.text("SELECT proname FROM pg_proc WHERE proname = 'audit_entries_append_only'")
        ).all()
    assert functions == []


# The append-only audit trail ------------------------------------------------------------
@pytest.fixture
def audited_app(app: Flask, make_commitment) -> Flask:
    make_commitment(state="monitored")  # a creation, milestone and transition entries
    return app


def audit_rows(app: Flask) -> list[tuple[object, ...]]:
    with app.app_context():
        return [tuple(r) for r in db.session.execute(sa.text("SELECT * FROM audit_entries"))]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_entries SET comment = 'rewritten'",
        "UPDATE audit_entries SET to_state = 'completed' WHERE action = 'transition'",
        "DELETE FROM audit_entries",
        "DELETE FROM audit_entries WHERE action = 'create'",
        pytest.param("TRUNCATE audit_entries", marks=postgres_only),
    ],
)
def test_the_database_refuses_to_rewrite_the_audit_trail(
    audited_app: Flask, statement: str
) -> None:
    before = audit_rows(audited_app)
    assert before
    with audited_app.app_context():
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            db.session.execute(sa.text(statement))
        db.session.rollback()
    assert audit_rows(audited_app) == before


def test_the_audit_trail_accepts_new_entries(audited_app: Flask) -> None:
    before = len(audit_rows(audited_app))
    with audited_app.app_context():
        db.session.execute(
            sa.text(
                "INSERT INTO audit_entries (at, object_type, object_id, action) "
                "VALUES (CURRENT_TIMESTAMP, 'commitment', 1, 'comment')"
            )
        )
        db.session.commit()
    assert len(audit_rows(audited_app)) == before + 1


# SQLite connection settings --------------------------------------------------------------
@sqlite_only
@pytest.mark.parametrize(
    ("pragma", "check"),
    [
        ("foreign_keys", lambda value: value == 1),
        ("journal_mode", lambda value: value == "wal"),
        ("busy_timeout", lambda value: value > 0),
        # The WAL's bounds (tests/database/test_backup.py shows the limit at work).
        ("journal_size_limit", lambda value: value == JOURNAL_SIZE_LIMIT),
        ("wal_autocheckpoint", lambda value: value == WAL_AUTOCHECKPOINT_PAGES),
    ],
)
def test_every_sqlite_connection_is_configured(app: Flask, pragma: str, check) -> None:
    # Two connections at once: the settings hold for each, not just the first.
    with app.app_context(), db.engine.connect() as first, db.engine.connect() as second:
        values = [c.exec_driver_sql(f"PRAGMA {pragma}").scalar() for c in (first, second)]
    assert all(check(value) for value in values), values


@sqlite_only
def test_sqlite_enforces_foreign_keys(app_ctx: Flask) -> None:
    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(
            sa.text(
                "INSERT INTO api_tokens (user_id, token_hash, created_at) "
                "VALUES (999, 'x', CURRENT_TIMESTAMP)"
            )
        )
        db.session.flush()


# The suite's own isolation ----------------------------------------------------------------
@pytest.mark.parametrize("run", ["first", "second"])
def test_each_test_starts_on_an_empty_database(db_snapshot, make_commitment, run: str) -> None:
    """Run twice: whatever the first run leaves behind (audit entries included) is gone
    for the second, and identities start again at 1."""
    assert not [table for table, rows in db_snapshot().items() if rows]
    commitment = make_commitment(state="monitored")
    assert commitment.id == 1


# Migration 0003: the data of a single-municipality instance moves into a first municipality
FIRST_SLUG = "batumi"
FIRST_NAME = "ბათუმი"
OLD_ROLES = {  # e-mail -> the role the 0002 schema held
    "admin@example.test": "admin",
    "chair@example.test": "chair",
    "secretary@example.test": "secretary",
    "member@example.test": "member",
    "observer@example.test": "observer",
    "head@example.test": "member",
    "former@example.test": "observer",
}
FINGERPRINT = "5f0c" * 16  # an imported protocol's fingerprint (sha256, hex)
MEETING_WORD = "ბიუჯეტი"  # in the first meeting's discussion only
UNIT_WORD = "ფინანსური"  # in the second unit's name only


@contextmanager
def database_url(tmp_path_factory: pytest.TempPathFactory, tag: str) -> Iterator[str]:
    """A new, empty database for one scenario: on the server of TEST_DATABASE_URL, or an
    SQLite file."""
    if ON_POSTGRES:
        with postgres_database(f"tracker_test_{os.getpid()}_{tag}") as url:
            yield url
        return
    yield f"sqlite:///{tmp_path_factory.mktemp(tag) / 'tracker.db'}"


@contextmanager
def scenario_app(url: str, **overrides: Any) -> Iterator[Flask]:
    settings = {
        "TRACKER_FIRST_MUNICIPALITY": FIRST_SLUG,
        "TRACKER_FIRST_MUNICIPALITY_NAME": FIRST_NAME,
        **overrides,
    }
    app = create_app(app_config(url, **settings))
    try:
        yield app
    finally:
        dispose(app)


def data_tables(conn: sa.Connection) -> list[str]:
    return sorted(
        name
        for name in sa.inspect(conn).get_table_names()
        if name != "alembic_version" and not is_search_table(name)
    )


def write_0002_data(app: Flask) -> None:
    """A working group's data as the 0002 schema held it: written through that schema's own
    tables, reflected from the database (the models describe the newest schema), with the
    values the application stores."""
    at = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)
    with app.app_context(), db.engine.begin() as conn:
        meta = sa.MetaData()
        meta.reflect(conn, only=data_tables(conn))
        tables = meta.tables

        def add(table: str, **values: Any) -> int:
            t = tables[table]
            if "id" not in t.c:
                conn.execute(sa.insert(t).values(**values))
                return 0
            return conn.execute(sa.insert(t).values(**values).returning(t.c.id)).scalar_one()

        users = {}
        for number, (email, role) in enumerate(OLD_ROLES.items()):
            users[email.split("@")[0]] = add(
                "users", email=email, name=f"მომხმარებელი {number}", role=role,
                language="ka" if number % 2 else "en",
                password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1"),
                session_token=f"{number:032x}", active=email != "former@example.test",
                created_at=at, version=1,
            )
        add("api_tokens", user_id=users["chair"], token_hash="ab" * 32, created_at=at)
        add("login_attempts", email="chair@example.test", at=at, remote_addr="192.0.2.1")

        city_hall = add("units", name="ბათუმის მერია", parent_id=None, kind="municipality",
                        hotline="1505", functions=["მუნიციპალიტეტის მართვა"], version=1)
        finance = add("units", name="ფინანსური სამსახური", parent_id=city_hall, kind="service",
                      hotline=None, functions=["ბიუჯეტის შედგენა", "ანგარიშგება"], version=2)
        add("staff_members", unit_id=finance, name="თამარ ხუციშვილი", position="უფროსი",
            rank="I", category="1", phone="+995 422 27 11 11", email="head@example.test",
            is_head=True, position_order=0, user_id=users["head"], version=1)
        add("staff_members", unit_id=finance, name="ლევან ჯაფარიძე", position="სპეციალისტი",
            rank=None, category=None, phone=None, email=None, is_head=False, position_order=1,
            user_id=None, version=1)

        plan = add("action_plans", title="ღია მმართველობის სამოქმედო გეგმა 2025–2026",
                   period_start=date(2025, 1, 1), period_end=date(2026, 12, 31),
                   description="ადგილობრივი სამოქმედო გეგმა", created_at=at, version=1)
        commitments = [
            add("commitments", plan_id=plan, number=number, title=title, problem="პრობლემა",
                description="აღწერა", ogp_values=values, lead_unit_id=finance,
                owner_id=users["chair"], owner_unit_id=finance, other_actors="",
                start_date=date(2025, 2, 1), deadline=date(2026, 6, 30),
                completion_evidence="", created_at=at, state=state, version=3 - number)
            for number, title, state, values in (
                (1, "ღია ბიუჯეტი", "monitored", ["access_to_information", "civic_participation"]),
                (2, "ელექტრონული პეტიციები", "draft", []),
            )
        ]
        for commitment, title, done in (
            (commitments[0], "ბიუჯეტის პორტალი", True),
            (commitments[0], "საჯარო განხილვები", False),
            (commitments[1], "პეტიციების წესი", False),
        ):
            add("milestones", commitment_id=commitment, title=title, owner_id=users["member"],
                owner_unit_id=finance, deadline=date(2025, 12, 1), done=done,
                done_at=at if done else None, evidence="https://example.test/ok" if done else "",
                created_at=at, version=2 if done else 1)

        subgroup = add("subgroups", name="გამჭვირვალე ბიუჯეტი", unit_id=finance,
                       lead_id=users["chair"], deliverable="რეკომენდაციები",
                       deliverable_deadline=date(2025, 9, 1), deliverable_result="",
                       created_at=at, state="monitored", version=1)
        for member in ("secretary", "member"):
            add("subgroup_members", subgroup_id=subgroup, user_id=users[member])
        add("subgroup_commitments", subgroup_id=subgroup, commitment_id=commitments[0])

        meetings, discussions = [], []
        for subgroup_id, number, place, discussion, fingerprint, state in (
            (None, 1, "მერიის სხდომათა დარბაზი", f"განიხილეს {MEETING_WORD}ს პროექტი",
             FINGERPRINT, "completed"),
            (None, 2, "მერიის სხდომათა დარბაზი", "პეტიციების წესი", None, "draft"),
            (subgroup, 1, "ფინანსური სამსახური", "პორტალის მონაცემები", None, "monitored"),
        ):
            meetings.append(add(
                "meetings", subgroup_id=subgroup_id, number=number, place=place,
                date=date(2025, 3, number), start_time=time(11, 0), end_time=time(12, 30),
                chair_id=users["chair"], secretary_id=users["secretary"], authority="",
                discussion=discussion,
                chair_signed_at=at if state == "completed" else None,
                secretary_signed_at=at if state == "completed" else None,
                import_fingerprint=fingerprint, created_at=at, state=state, version=1,
            ))
            discussions.append(f"{place}\n{discussion}")
        for meeting in meetings:
            for user, name, kind, presence in (
                ("chair", "", "government", "present"),
                (None, "ნინო ბერიძე", "civil_society", "present"),
                ("observer", "", "donor", "excused"),
            ):
                add("attendees", meeting_id=meeting, user_id=users[user] if user else None,
                    name=name, organisation="ორგანიზაცია", position="", org_kind=kind,
                    presence=presence, version=1)
            for position in (1, 2):
                add("agenda_items", meeting_id=meeting, position=position,
                    title=f"საკითხი {position}", discussion="", version=1)
        decisions = [
            add("decisions", meeting_id=meetings[0], number=number, text=f"გადაწყვეტილება {number}",
                version=1)
            for number in (1, 2)
        ]
        add("action_items", decision_id=decisions[0], title="პორტალის გაშვება",
            owner_id=users["member"], owner_unit_id=finance, deadline=date(2025, 6, 1),
            commitment_id=commitments[0], state="open", note="", closed_at=None,
            created_at=at, version=1)
        add("action_items", decision_id=decisions[1], title="ანგარიში", owner_id=None,
            owner_unit_id=None, deadline=date(2025, 5, 1), commitment_id=None, state="done",
            note="შესრულდა", closed_at=at, created_at=at, version=2)

        for object_type, object_id, action, actor, changes, states, comment in (
            ("unit", finance, "create", "admin", {"name": [None, "ფინანსური სამსახური"]},
             (None, None), None),
            ("commitment", commitments[0], "transition", "chair", None, ("draft", "monitored"),
             "დამტკიცდა"),
            ("milestone", 1, "update", "member", {"done": [False, True]}, (None, None), None),
            ("meeting", meetings[0], "create", None,
             {"number": [None, 1], "import_fingerprint": [None, FINGERPRINT]}, (None, "draft"),
             "იმპორტი ოქმიდან"),
            ("meeting", meetings[0], "transition", "secretary", None, ("draft", "completed"),
             None),
        ):
            add("audit_entries", at=at, actor_id=users[actor] if actor else None,
                object_type=object_type, object_id=object_id, action=action,
                from_state=states[0], to_state=states[1], changes=changes, comment=comment)

        documents = {
            "meeting_search": dict(zip(meetings, discussions, strict=True)),
            "unit_search": {city_hall: "ბათუმის მერია", finance: "ფინანსური სამსახური"},
        }
        for index, texts in documents.items():
            for object_id, document in texts.items():
                if conn.dialect.name == "sqlite":
                    sql = f"INSERT INTO {index}_fts (rowid, stems) VALUES (:id, :stems)"
                else:
                    sql = (f"INSERT INTO {index} (object_id, document) "
                           "VALUES (:id, to_tsvector('simple', :stems))")
                conn.execute(sa.text(sql), {"id": object_id, "stems": index_text(document)})


def rows_of(app: Flask) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table (and which objects each search index holds), in key order."""
    with app.app_context(), db.engine.connect() as conn:
        meta = sa.MetaData()
        meta.reflect(conn, only=data_tables(conn))
        rows = {
            table.name: [
                dict(row._mapping)
                for row in conn.execute(
                    sa.select(table).order_by(*(table.primary_key.columns or table.columns))
                )
            ]
            for table in meta.sorted_tables
        }
        for index in ("meeting_search", "unit_search"):
            # Which objects are indexed: what they are indexed as is rebuilt from the
            # records by the upgrade (0005), and a contentless FTS5 table gives no stems back.
            if conn.dialect.name == "sqlite":
                sql = f"SELECT rowid FROM {index}_fts ORDER BY rowid"
            else:
                sql = f"SELECT object_id FROM {index} ORDER BY object_id"
            rows[index] = [tuple(row) for row in conn.execute(sa.text(sql))]
    return rows


def schema_of(app: Flask) -> dict[str, Any]:
    """What the database enforces: columns, keys, uniques, checks, indexes (partial ones with
    their condition) and triggers."""
    with app.app_context(), db.engine.connect() as conn:
        inspector = sa.inspect(conn)
        schema: dict[str, Any] = {}
        for name in data_tables(conn):
            schema[name] = {
                "columns": sorted(
                    (c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(name)
                ),
                "primary key": inspector.get_pk_constraint(name)["constrained_columns"],
                "foreign keys": sorted(
                    (fk["name"], tuple(fk["constrained_columns"]), fk["referred_table"],
                     tuple(fk["referred_columns"]), sorted(fk["options"].items()))
                    for fk in inspector.get_foreign_keys(name)
                ),
                "uniques": sorted(
                    (u["name"], tuple(u["column_names"]))
                    for u in inspector.get_unique_constraints(name)
                ),
                "checks": sorted(
                    (c["name"], " ".join(c["sqltext"].split()))
                    for c in inspector.get_check_constraints(name)
                ),
            }
        if conn.dialect.name == "sqlite":
            objects = "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger')"
        else:
            objects = (
                "SELECT 'index', indexname, indexdef FROM pg_indexes "
                "WHERE schemaname = current_schema() "
                "UNION ALL SELECT 'trigger', tgname, pg_get_triggerdef(oid) FROM pg_trigger "
                "WHERE NOT tgisinternal"
            )
        schema["indexes and triggers"] = sorted(
            (kind, name, " ".join((sql or "").split()))
            for kind, name, sql in conn.execute(sa.text(objects))
        )
    return schema


def revision_of(app: Flask) -> str | None:
    with app.app_context(), db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def head_revision() -> str:
    """The newest migration: what ``flask db upgrade`` leads to."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()


def at_0002_with_data(app: Flask) -> None:
    migrate(app, "upgrade", "0002")
    write_0002_data(app)


def without(row: dict[str, Any], *columns: str) -> dict[str, Any]:
    return {key: value for key, value in row.items() if key not in columns}


SCOPED_TABLES = ("action_plans", "commitments", "milestones", "units", "staff_members",
                 "subgroups", "meetings", "attendees", "agenda_items", "decisions",
                 "action_items", "audit_entries")


@dataclass
class Upgraded:
    app: Flask
    before: dict[str, list[dict[str, Any]]]
    after: dict[str, list[dict[str, Any]]]

    @property
    def first_id(self) -> int:
        return self.after["municipalities"][0]["id"]


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Upgraded]:
    """A 0002 database with a working group's data in it, upgraded to the newest schema."""
    with database_url(tmp_path_factory, "upgraded") as url, scenario_app(url) as app:
        at_0002_with_data(app)
        before = rows_of(app)
        migrate(app)
        yield Upgraded(app, before, rows_of(app))


def test_the_upgrade_moves_the_data_into_the_configured_municipality(
    upgraded: Upgraded,
) -> None:
    assert revision_of(upgraded.app) == head_revision()
    assert [
        without(row, "created_at") for row in upgraded.after["municipalities"]
    ] == [{"id": upgraded.first_id, "slug": FIRST_SLUG, "name": FIRST_NAME, "public": False,
           "version": 1}]


def test_the_upgraded_schema_matches_the_models(upgraded: Upgraded) -> None:
    assert schema_differences(upgraded.app) == []


@pytest.mark.parametrize("table", SCOPED_TABLES)
def test_every_row_belongs_to_the_first_municipality(upgraded: Upgraded, table: str) -> None:
    rows = upgraded.after[table]
    assert rows and len(rows) == len(upgraded.before[table])
    assert {row["municipality_id"] for row in rows} == {upgraded.first_id}


def test_the_upgrade_rebuilds_the_search_indexes_at_the_code_s_version(
    upgraded: Upgraded,
) -> None:
    with upgraded.app.app_context():
        versions = dict(db.session.execute(sa.text("SELECT name, version FROM search_state")).all())
        found = MEETING_INDEX.ids(parse_query(MEETING_WORD))
    assert versions == {"meeting_search": SEARCH_VERSION, "unit_search": SEARCH_VERSION,
                        "progress_search": SEARCH_VERSION, "commitment_search": SEARCH_VERSION}
    first = upgraded.after["meetings"][0]
    assert MEETING_WORD[:-1] in first["discussion"] and first["id"] in found


def test_the_upgrade_changes_nothing_else(upgraded: Upgraded) -> None:
    """Rows keep their ids and every value (the audit trail's included); the search
    indexes hold the same objects; only users' roles move."""
    for table, before in upgraded.before.items():
        after = upgraded.after[table]
        if table == "users":
            # 0006 replaces the one session token per user with a row per login.
            before = [without(row, "role", "session_token") for row in before]
            after = [without(row, "instance_role") for row in after]
        elif table in SCOPED_TABLES:
            after = [without(row, "municipality_id") for row in after]
        if table == "api_tokens":  # 0006: tokens issued before expire 90 days on
            assert all(row["expires_at"] is not None for row in after)
            after = [without(row, "expires_at") for row in after]
        if table == "commitments":
            # 0010: other_actors (empty in this data) becomes the supporting stakeholders;
            # a budget's currency is the lari until one is given.
            assert all(row["other_actors"] == "" for row in before)
            assert all(row["stakeholders_other"] == [] for row in after)
            assert all(row["budget_currency"] == "GEL" for row in after)
            after = [without(row, "budget_currency") for row in after]
            before = [without(row, "other_actors") for row in before]
        # Columns later migrations add (0004: people of the records) start empty.
        if after and isinstance(after[0], dict):
            added = ({key for row in after for key in row}
                     - {key for row in before for key in row})
            assert all(not row[key] for row in after for key in added), table
            after = [without(row, *added) for row in after]
        assert after == before, table


def test_administrators_keep_an_instance_role_and_get_no_membership(upgraded: Upgraded) -> None:
    admins = [u["id"] for u in upgraded.before["users"] if u["role"] == "admin"]
    assert admins
    assert [u["id"] for u in upgraded.after["users"] if u["instance_role"] == "admin"] == admins
    assert not [m for m in upgraded.after["memberships"] if m["user_id"] in admins]


def test_every_other_user_holds_their_old_role_in_the_first_municipality(
    upgraded: Upgraded,
) -> None:
    others = {u["id"]: u["role"] for u in upgraded.before["users"] if u["role"] != "admin"}
    assert set(others.values()) == {"chair", "secretary", "member", "observer"}
    assert sorted(
        (m["user_id"], m["municipality_id"], m["role"]) for m in upgraded.after["memberships"]
    ) == sorted((user, upgraded.first_id, role) for user, role in others.items())
    assert {u["instance_role"] for u in upgraded.after["users"] if u["id"] in others} == {None}
    # ... and the application reads them so.
    with upgraded.app.app_context():
        roles = {user.id: user.role_in(upgraded.first_id) for user in db.session.scalars(
            sa.select(User))}
    assert roles == {u["id"]: u["role"] for u in upgraded.before["users"]}


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_entries SET comment = 'rewritten'",
     "UPDATE audit_entries SET municipality_id = NULL",
     "DELETE FROM audit_entries"],
)
def test_the_audit_trail_is_append_only_after_the_upgrade(
    upgraded: Upgraded, statement: str
) -> None:
    with upgraded.app.app_context(), db.engine.connect() as conn:
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            conn.execute(sa.text(statement))
        conn.rollback()
    assert rows_of(upgraded.app)["audit_entries"] == upgraded.after["audit_entries"]


@pytest.mark.parametrize(
    ("table", "values"),
    [
        ("units", {"name": "ფინანსური სამსახური", "kind": "service", "functions": "[]"}),
        ("action_plans", {"title": "ღია მმართველობის სამოქმედო გეგმა 2025–2026",
                          "period_start": date(2025, 1, 1), "period_end": date(2026, 1, 1),
                          "description": ""}),
        ("meetings", {"number": 1, "place": "", "authority": "", "discussion": "",
                      "state": "draft"}),
        ("meetings", {"number": 7, "import_fingerprint": FINGERPRINT, "place": "",
                      "authority": "", "discussion": "", "state": "draft"}),
    ],
    ids=["unit name", "plan title", "group meeting number", "import fingerprint"],
)
def test_what_was_unique_is_unique_per_municipality(
    upgraded: Upgraded, table: str, values: dict[str, Any]
) -> None:
    """The first municipality's unit name (plan title, meeting number, imported protocol)
    cannot come twice there, and may in another municipality."""
    at = datetime(2025, 4, 1, tzinfo=UTC)
    columns = {"version": 1, **values}
    if table != "units":
        columns["created_at"] = at
    insert = sa.text(
        f"INSERT INTO {table} ({', '.join(columns)}, municipality_id) "
        f"VALUES ({', '.join(':' + c for c in columns)}, :m)"
    ).bindparams(*(sa.bindparam("created_at", type_=sa.DateTime(timezone=True)),)
                 if "created_at" in columns else ())
    with upgraded.app.app_context(), db.engine.connect() as conn:
        with pytest.raises(sa.exc.IntegrityError), conn.begin_nested():
            conn.execute(insert, {**columns, "m": upgraded.first_id})
        other = conn.execute(
            sa.text("INSERT INTO municipalities (slug, name, public, created_at, version) "
                    "VALUES ('town', 'ზეგანი', false, :at, 1) RETURNING id")
            .bindparams(sa.bindparam("at", type_=sa.DateTime(timezone=True))),
            {"at": at},
        ).scalar_one()
        conn.execute(insert, {**columns, "m": other})
        conn.rollback()


@sqlite_only
def test_the_first_municipality_s_time_is_stored_as_the_application_stores_times(
    upgraded: Upgraded,
) -> None:
    """SQLite keeps times as text; one format for every row keeps them comparable."""
    with upgraded.app.app_context(), db.engine.connect() as conn:
        stored = conn.execute(sa.text(
            "SELECT created_at FROM municipalities UNION ALL SELECT created_at FROM users"
        )).scalars().all()
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}", at) for at in stored), stored


def test_a_migrated_user_logs_in_and_searches(upgraded: Upgraded) -> None:
    """The application works on the migrated data: the chair's password, their role in the
    municipality and the search indexes, rebuilt from the records by the upgrade."""
    browser = upgraded.app.test_client()
    response = browser.post(
        "/login", data={"email": "chair@example.test", "password": PASSWORD}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert browser.get("/").headers["Location"].rstrip("/").endswith(f"/m/{FIRST_SLUG}")

    meetings = browser.get(f"/m/{FIRST_SLUG}/meetings/", query_string={"q": MEETING_WORD})
    assert meetings.status_code == 200
    found = re.findall(rf"/m/{FIRST_SLUG}/meetings/(\d+)\b", meetings.get_data(as_text=True))
    # 1 says it in its discussion; 3 is the meeting of the subgroup named after it (the
    # rebuilt index reads the whole record, as the application indexes it).
    assert set(found) == {"1", "3"}

    units = browser.get(f"/m/{FIRST_SLUG}/directory/", query_string={"q": UNIT_WORD})
    assert units.status_code == 200
    found = re.findall(rf"/m/{FIRST_SLUG}/directory/(\d+)\b", units.get_data(as_text=True))
    assert set(found) == {"2"}


@dataclass
class RoundTrip:
    app: Flask
    at_0002: tuple[dict[str, Any], dict[str, Any]]  # rows, schema
    upgraded: dict[str, Any]
    downgraded: tuple[dict[str, Any], dict[str, Any]]
    upgraded_again: dict[str, Any]


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RoundTrip]:
    """A 0002 database with data, upgraded, downgraded to 0002 and upgraded again."""
    with database_url(tmp_path_factory, "round_trip") as url, scenario_app(url) as app:
        at_0002_with_data(app)
        at_0002 = rows_of(app), schema_of(app)
        migrate(app)
        upgraded = rows_of(app)
        migrate(app, "downgrade", "0002")
        assert revision_of(app) == "0002"
        downgraded = rows_of(app), schema_of(app)
        migrate(app)
        yield RoundTrip(app, at_0002, upgraded, downgraded, rows_of(app))


def test_the_downgrade_gives_back_every_row_and_every_old_role(round_trip: RoundTrip) -> None:
    """Every value, but the users' session tokens: 0006 drops them for a session per
    login, and its downgrade gives each user a new one (everyone logs in again)."""
    before, after = round_trip.at_0002[0], round_trip.downgraded[0]
    assert after.keys() == before.keys()
    for table in before:
        if table == "users":
            assert all(len(row["session_token"]) == 32 for row in after[table])
            assert {row["session_token"] for row in after[table]}.isdisjoint(
                row["session_token"] for row in before[table])
            assert ([without(row, "session_token") for row in after[table]]
                    == [without(row, "session_token") for row in before[table]])
            continue
        assert after[table] == before[table], table


def test_the_downgrade_gives_back_the_0002_schema(round_trip: RoundTrip) -> None:
    """Uniques across the whole database again (names, titles, group meeting numbers,
    import fingerprints), the old role check, the audit trail's triggers."""
    before, after = round_trip.at_0002[1], round_trip.downgraded[1]
    assert after.keys() == before.keys()
    for table in before:
        assert after[table] == before[table], table


def test_upgrading_again_gives_the_same_data_and_schema(round_trip: RoundTrip) -> None:
    def comparable(rows: dict[str, Any]) -> dict[str, Any]:
        # 0006 gives tokens issued before it 90 days from the upgrade's own time.
        return {**rows, "municipalities": [without(m, "created_at")
                                           for m in rows["municipalities"]],
                "api_tokens": [without(t, "expires_at") for t in rows["api_tokens"]]}

    assert comparable(round_trip.upgraded_again) == comparable(round_trip.upgraded)
    assert schema_differences(round_trip.app) == []


def add_second_municipality(app: Flask) -> None:
    """A second municipality with a chair and data of its own: a unit named as the first
    municipality's, a group meeting with the same number."""
    at = datetime(2025, 5, 1, tzinfo=UTC)
    with app.app_context(), db.engine.begin() as conn:

        def run(sql: str, **values: Any) -> int | None:
            statement = sa.text(sql).bindparams(
                *(sa.bindparam(key, type_=sa.DateTime(timezone=True))
                  for key in values if key == "at")
            )
            result = conn.execute(statement, values)
            return result.scalar() if result.returns_rows else None

        town = run("INSERT INTO municipalities (slug, name, public, created_at, version) "
                   "VALUES ('town', 'ზეგანი', false, :at, 1) RETURNING id", at=at)
        user = run("INSERT INTO users (email, name, instance_role, language, password_hash, "
                   "active, created_at, version) VALUES ('chair.town@example.test',"
                   " 'ზეგანის თავმჯდომარე', NULL, 'ka', 'x', true, :at, 1) RETURNING id",
                   at=at)
        run("INSERT INTO memberships (user_id, municipality_id, role) VALUES (:u, :m, 'chair')",
            u=user, m=town)
        run("INSERT INTO units (name, parent_id, kind, hotline, functions, version, "
            "municipality_id) VALUES ('ფინანსური სამსახური', NULL, 'service', NULL, '[]', 1, :m)",
            m=town)
        run("INSERT INTO meetings (subgroup_id, number, place, authority, discussion, created_at,"
            " state, version, municipality_id) VALUES (NULL, 1, '', '', '', :at, 'draft', 1, :m)",
            at=at, m=town)


def test_a_downgrade_with_two_municipalities_holding_data_is_refused(
    tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    with database_url(tmp_path_factory, "two") as url, scenario_app(url) as app:
        at_0002_with_data(app)
        migrate(app)
        add_second_municipality(app)
        rows, schema = rows_of(app), schema_of(app)
        capsys.readouterr()

        with pytest.raises(SystemExit) as refused:  # ``flask db downgrade`` exits with 1
            migrate(app, "downgrade", "0002")

        assert refused.value.code == 1
        message = capsys.readouterr().err
        assert f"several municipalities ({FIRST_SLUG}, town)" in message, message
        assert revision_of(app) == head_revision()
        assert rows_of(app) == rows
        assert schema_of(app) == schema


@pytest.fixture(scope="module")
def data_at_0002(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a 0002 database with data, for upgrades that must be refused (and so
    leave it as it is for the next test)."""
    with database_url(tmp_path_factory, "refused") as url:
        with scenario_app(url) as app:
            at_0002_with_data(app)
        yield url


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("TRACKER_FIRST_MUNICIPALITY", "ბათუმი"),
        ("TRACKER_FIRST_MUNICIPALITY", "batumi city"),
        ("TRACKER_FIRST_MUNICIPALITY", "-batumi"),
        ("TRACKER_FIRST_MUNICIPALITY_NAME", "ბ" * 201),
    ],
)
def test_a_first_municipality_that_cannot_be_is_refused_before_anything_changes(
    data_at_0002: str, capsys: pytest.CaptureFixture[str], setting: str, value: str
) -> None:
    with scenario_app(data_at_0002, **{setting: value}) as app:
        rows, schema = rows_of(app), schema_of(app)
        capsys.readouterr()

        with pytest.raises(SystemExit):
            migrate(app)

        assert setting in capsys.readouterr().err
        assert revision_of(app) == "0002"
        assert rows_of(app) == rows
        assert schema_of(app) == schema


def test_the_first_municipality_s_address_is_read_as_the_cli_reads_it(
    data_at_0002: str,
) -> None:
    """Runs after the refusals above, on their database: upper case and spaces around
    are forgiven, as ``municipality create`` forgives them."""
    with scenario_app(data_at_0002, TRACKER_FIRST_MUNICIPALITY=" Batumi ",
                      TRACKER_FIRST_MUNICIPALITY_NAME="  ქალაქი ბათუმი ") as app:
        migrate(app)
        assert [(m["slug"], m["name"]) for m in rows_of(app)["municipalities"]] == [
            ("batumi", "ქალაქი ბათუმი")
        ]


def test_upgrading_an_empty_database_creates_no_municipality(empty_app: Flask) -> None:
    migrate(empty_app)
    with empty_app.app_context():
        assert db.session.execute(sa.text("SELECT count(*) FROM municipalities")).scalar() == 0
        assert db.session.execute(sa.text("SELECT count(*) FROM memberships")).scalar() == 0


# SQLite's foreign keys around a migration (migrations/env.py) ------------------------------
@sqlite_only
def test_sqlite_connections_enforce_foreign_keys_after_a_migration(empty_app: Flask) -> None:
    """Batch mode needs them off while it rebuilds tables; the connection that ran the
    migration goes back to the pool, and must enforce them again (the e2e tests serve the
    app it migrated)."""
    migrate(empty_app)
    with empty_app.app_context(), db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


@sqlite_only
def test_a_migration_that_leaves_a_broken_foreign_key_is_undone(
    tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """Foreign keys are checked at the end of the run, before it commits: a milestone of a
    commitment that is gone (written while they were not enforced) stops the upgrade, and
    the database stays as it was."""
    with database_url(tmp_path_factory, "broken") as url, scenario_app(url) as app:
        at_0002_with_data(app)
        with app.app_context(), db.engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            raw.execute("PRAGMA foreign_keys=OFF")  # outside a transaction, or it does nothing
            conn.execute(sa.text("UPDATE milestones SET commitment_id = 99 WHERE id = 3"))
            conn.commit()
            raw.execute("PRAGMA foreign_keys=ON")
        rows, schema = rows_of(app), schema_of(app)
        capsys.readouterr()

        with pytest.raises(SystemExit):
            migrate(app)

        assert "broken foreign keys" in capsys.readouterr().err
        assert revision_of(app) == "0002"
        assert rows_of(app) == rows
        assert schema_of(app) == schema
        with app.app_context(), db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_an_upgrade_rebuilds_an_index_of_an_older_version(upgraded: Upgraded) -> None:
    """A stemmer change raises SEARCH_VERSION; the next ``flask db upgrade`` (even with no
    migration to run) rebuilds the indexes that hold the older stems."""
    app = upgraded.app
    with app.app_context():
        expected = MEETING_INDEX.ids(parse_query(MEETING_WORD))
        MEETING_INDEX.clear()
        db.session.execute(sa.text("UPDATE search_state SET version = 1"))
        db.session.commit()
        assert MEETING_INDEX.ids(parse_query(MEETING_WORD)) == []
    migrate(app)
    with app.app_context():
        versions = dict(db.session.execute(sa.text("SELECT name, version FROM search_state")).all())
        assert set(versions.values()) == {SEARCH_VERSION}
        assert sorted(MEETING_INDEX.ids(parse_query(MEETING_WORD))) == sorted(expected)


def search_versions(app: Flask) -> set[int]:
    with app.app_context():
        return set(db.session.execute(sa.text("SELECT version FROM search_state")).scalars())


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(lambda: flask_migrate.current(), id="current"),
        pytest.param(lambda: flask_migrate.history(indicate_current=True), id="history"),
        pytest.param(lambda: flask_migrate.check(), id="check"),
        pytest.param(lambda: flask_migrate.stamp(revision="head"), id="stamp head"),
        pytest.param(lambda: (flask_migrate.stamp(revision="0004"),
                              flask_migrate.stamp(revision="head")), id="stamp back to head"),
    ],
)
def test_only_an_upgrade_rebuilds_the_search_indexes(
    empty_app: Flask, command: Callable[[], object]
) -> None:
    """Alembic runs migrations/env.py for every command; ``flask db current`` (or
    ``stamp``, ``history``, ``check``) at the newest revision must not write into the
    database, and ``flask db upgrade`` there must rebuild what is stale."""
    migrate(empty_app)
    with empty_app.app_context():
        db.session.execute(sa.text("UPDATE search_state SET version = 1"))
        db.session.commit()

    with empty_app.app_context(), migration_environment():
        command()
    assert revision_of(empty_app) == head_revision()
    assert search_versions(empty_app) == {1}

    migrate(empty_app)
    assert search_versions(empty_app) == {SEARCH_VERSION}


# Migration 0005 on PostgreSQL 13 (no SET COMPRESSION, no lz4) ---------------------------
def migration_module(revision: str) -> Any:
    """A migration's module as Alembic loads it (its file name is no Python name)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_revision(revision).module


@pytest.mark.parametrize(("version", "compressions", "settable", "lz4"), [
    (130012, None, False, False),  # PostgreSQL 13: no default_toast_compression at all
    (130012, ["pglz", "lz4"], False, False),
    (140000, ["pglz"], True, False),  # 14 built without lz4
    (140000, ["pglz", "lz4"], True, True),
    (150020, ["pglz", "lz4"], True, True),
])
def test_0005_compresses_with_lz4_only_where_the_server_can(
    version: int, compressions: list[str] | None, settable: bool, lz4: bool
) -> None:
    module = migration_module("0005")
    assert module.compression_settable(version) is settable
    assert module.lz4_settable(version, compressions) is lz4


@postgres_only
def test_0005_runs_up_and_down_on_a_server_that_says_it_is_postgresql_13(
    empty_app: Flask,
) -> None:
    """The server here is newer; told it is 13, the migration must not send what 13
    refuses (a syntax error there, which would undo the whole upgrade)."""
    sent: list[str] = []

    def as_13(_conn, _cursor, statement, parameters, _context, _many):  # type: ignore[no-untyped-def]
        sent.append(statement)
        if statement.strip().upper() == "SHOW SERVER_VERSION_NUM":
            statement = "SELECT '130012'"
        return statement, parameters

    migrate(empty_app, revision="0004")
    with empty_app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute", as_13, retval=True)
    try:
        migrate(empty_app)
        assert revision_of(empty_app) == head_revision()
        migrate(empty_app, "downgrade", "0004")
        assert revision_of(empty_app) == "0004"
    finally:
        with empty_app.app_context():
            sa.event.remove(db.engine, "before_cursor_execute", as_13)
    assert any("SERVER_VERSION_NUM" in s.upper() for s in sent)
    assert not [s for s in sent if "COMPRESSION" in s.upper() and "ALTER" in s.upper()]


@postgres_only
def test_0005_keeps_the_vectors_in_the_row_lz4_compressed_where_it_can(
    empty_app: Flask,
) -> None:
    migrate(empty_app)
    with empty_app.app_context():
        version = int(db.session.execute(sa.text("SHOW server_version_num")).scalar())
        compressions = db.session.execute(sa.text(
            "SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'"
        )).scalar()
        compression = "attcompression" if version >= 140000 else "''"  # none before 14
        stored = db.session.execute(sa.text(
            f"SELECT attrelid::regclass::text, attstorage, {compression} FROM pg_attribute "
            "WHERE attname = 'document' AND attrelid IN "
            "('meeting_search'::regclass, 'unit_search'::regclass) ORDER BY 1"
        )).all()
    lz4 = version >= 140000 and "lz4" in (compressions or ())
    assert [tuple(row) for row in stored] == [
        (name, "m", "l" if lz4 else "") for name in ("meeting_search", "unit_search")]


# Migration 0009: progress reports, their files, report requests, IRM assessments -------
PROGRESS_TABLES = {"progress_reports", "progress_report_milestones", "evidence_files",
                   "report_requests", "irm_assessments"}


def test_0009_adds_and_removes_the_progress_tables_and_their_index(empty_app: Flask) -> None:
    migrate(empty_app, revision="0008")
    assert not PROGRESS_TABLES & table_names(empty_app)
    assert not [t for t in table_names(empty_app, search=True) if t.startswith("progress_")]

    migrate(empty_app)
    assert table_names(empty_app) >= PROGRESS_TABLES
    assert [t for t in table_names(empty_app, search=True) if t.startswith("progress_search")]
    assert schema_differences(empty_app) == []
    with empty_app.app_context():
        names = set(db.session.execute(sa.text("SELECT name FROM search_state")).scalars())
    assert "progress_search" in names

    migrate(empty_app, "downgrade", "0008")
    assert revision_of(empty_app) == "0008"
    assert not PROGRESS_TABLES & table_names(empty_app)
    assert not [t for t in table_names(empty_app, search=True) if t.startswith("progress_")]
    with empty_app.app_context():
        names = set(db.session.execute(sa.text("SELECT name FROM search_state")).scalars())
    assert "progress_search" not in names

    migrate(empty_app)
    assert table_names(empty_app) >= PROGRESS_TABLES
    assert schema_differences(empty_app) == []


# Migration 0010: the commitment template's fields; other_actors moves into a list -------
def _commitments_at(app: Flask) -> list[dict[str, Any]]:
    with app.app_context(), db.engine.connect() as conn:
        table = sa.Table("commitments", sa.MetaData(), autoload_with=conn)
        return [dict(row._mapping) for row in conn.execute(
            sa.select(table).order_by(table.c.id))]


def test_0010_moves_other_actors_into_stakeholders_and_back(empty_app: Flask) -> None:
    migrate(empty_app, revision="0009")
    at = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)
    with empty_app.app_context(), db.engine.begin() as conn:
        meta = sa.MetaData()
        meta.reflect(conn, only=["municipalities", "action_plans", "commitments"])
        t = meta.tables
        town = conn.execute(sa.insert(t["municipalities"]).values(
            slug="batumi", name="ბათუმი", public=False, created_at=at, version=1,
        ).returning(t["municipalities"].c.id)).scalar_one()
        plan = conn.execute(sa.insert(t["action_plans"]).values(
            title="გეგმა", period_start=date(2025, 1, 1), period_end=date(2026, 12, 31),
            description="", created_at=at, version=1, municipality_id=town,
        ).returning(t["action_plans"].c.id)).scalar_one()
        for number, other_actors in enumerate(
            ("სამოქალაქო ფორუმი\n  \nIDFI — ინფორმაციის თავისუფლება\n", ""), start=1
        ):
            conn.execute(sa.insert(t["commitments"]).values(
                plan_id=plan, number=number, title=f"ვალდებულება {number}", problem="",
                description="", ogp_values=["civic_participation"], other_actors=other_actors,
                completion_evidence="", created_at=at, state="draft", version=1,
                municipality_id=town,
            ))
    before = _commitments_at(empty_app)

    migrate(empty_app, revision="0010")
    upgraded = _commitments_at(empty_app)
    assert "other_actors" not in upgraded[0]
    assert upgraded[0]["stakeholders_other"] == [
        {"unit_id": None, "name": "სამოქალაქო ფორუმი"},
        {"unit_id": None, "name": "IDFI — ინფორმაციის თავისუფლება"},
    ]
    assert upgraded[1]["stakeholders_other"] == []
    for row in upgraded:
        assert (row["solution"], row["value_relevance"], row["stakeholders_government"],
                row["budget_amount"], row["budget_currency"], row["sdgs"],
                row["additional_info"]) == ("", {}, [], None, "GEL", [], "")

    migrate(empty_app, "downgrade", "0009")
    assert not [t for t in table_names(empty_app, search=True)
                if t.startswith("commitment_search")]
    downgraded = _commitments_at(empty_app)
    assert [r["other_actors"] for r in downgraded] == [
        "სამოქალაქო ფორუმი\nIDFI — ინფორმაციის თავისუფლება", ""]
    assert [without(r, "other_actors") for r in downgraded] == [
        without(r, "other_actors") for r in before]

    migrate(empty_app)  # to the newest: the models' schema, 0011's columns empty
    assert [without(r, "lead_unit_text", "owner_text") for r in _commitments_at(empty_app)
            ] == upgraded
    assert schema_differences(empty_app) == []
    with empty_app.app_context():  # the new index is filled: a stakeholder's word finds it
        assert COMMITMENT_INDEX.ids(parse_query("ფორუმს")) == [upgraded[0]["id"]]



# Migration 0011: the lead unit and owners as the plan names them -------------------------
def _milestones_at(app: Flask) -> list[dict[str, Any]]:
    with app.app_context(), db.engine.connect() as conn:
        table = sa.Table("milestones", sa.MetaData(), autoload_with=conn)
        return [dict(row._mapping) for row in conn.execute(
            sa.select(table).order_by(table.c.id))]


OWN_INFO = "ბიუჯეტი: 20 000 ლარი"


def test_0011_moves_the_importer_s_lines_into_the_new_columns_and_back(
    empty_app: Flask,
) -> None:
    """The lines the importer appended to additional_info before 0011 become the columns
    (only where no unit or account of that role is linked); every other line stays. The
    downgrade writes the columns back as lines: no name is lost either way."""
    migrate(empty_app, revision="0010")
    at = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)
    with empty_app.app_context(), db.engine.begin() as conn:
        meta = sa.MetaData()
        meta.reflect(conn, only=["municipalities", "action_plans", "commitments",
                                 "milestones", "units"])
        t = meta.tables
        town = conn.execute(sa.insert(t["municipalities"]).values(
            slug="batumi", name="ბათუმი", public=False, created_at=at, version=1,
        ).returning(t["municipalities"].c.id)).scalar_one()
        unit = conn.execute(sa.insert(t["units"]).values(
            name="ფინანსური სამსახური", parent_id=None, kind="service", hotline=None,
            functions=[], version=1, municipality_id=town,
        ).returning(t["units"].c.id)).scalar_one()
        plan = conn.execute(sa.insert(t["action_plans"]).values(
            title="გეგმა", period_start=date(2025, 1, 1), period_end=date(2026, 12, 31),
            description="", created_at=at, version=1, municipality_id=town,
        ).returning(t["action_plans"].c.id)).scalar_one()
        infos = (
            # Imported in Georgian: an agency, a contact person, a milestone's responsible.
            "\n".join((OWN_INFO, "წამყვანი განმახორციელებელი უწყება: ახალგაზრდული ცენტრი",
                       "საკონტაქტო პირი: თამარ ქორიძე",
                       "ეტაპი „მონაცემების გამოქვეყნება“: პასუხისმგებელი ლევან ბერიძე",
                       "ეტაპი თარიღის გარეშე: გამოკითხვა")),
            # In English, with the lead unit linked since: that line stays.
            "\n".join(("Lead implementing agency: Youth Centre",
                       "Contact person: Nino Beridze")),
            "",
        )
        for number, info in enumerate(infos, start=1):
            commitment = conn.execute(sa.insert(t["commitments"]).values(
                plan_id=plan, number=number, title=f"ვალდებულება {number}", problem="",
                description="", ogp_values=[], completion_evidence="", created_at=at,
                state="draft", version=1, municipality_id=town, additional_info=info,
                lead_unit_id=unit if number == 2 else None,
            ).returning(t["commitments"].c.id)).scalar_one()
            for title in ("მონაცემების გამოქვეყნება", "ანგარიში"):
                conn.execute(sa.insert(t["milestones"]).values(
                    commitment_id=commitment, title=title, deadline=date(2025, 6, 30),
                    done=False, evidence="", created_at=at, version=1,
                    municipality_id=town,
                ))
    before = _commitments_at(empty_app), _milestones_at(empty_app)

    migrate(empty_app, revision="0011")
    commitments, milestones = _commitments_at(empty_app), _milestones_at(empty_app)
    assert [(c["additional_info"], c["lead_unit_text"], c["owner_text"])
            for c in commitments] == [
        (f"{OWN_INFO}\nეტაპი თარიღის გარეშე: გამოკითხვა", "ახალგაზრდული ცენტრი",
         "თამარ ქორიძე"),
        ("Lead implementing agency: Youth Centre", "", "Nino Beridze"),
        ("", "", ""),
    ]
    assert [m["owner_text"] for m in milestones] == ["ლევან ბერიძე", "", "", "", "", ""]
    assert schema_differences(empty_app) == []
    with empty_app.app_context():  # the index is rebuilt: the columns' words find it
        assert COMMITMENT_INDEX.ids(parse_query("ქორიძეს")) == [commitments[0]["id"]]

    migrate(empty_app, "downgrade", "0010")
    downgraded = _commitments_at(empty_app), _milestones_at(empty_app)
    assert [c["additional_info"] for c in downgraded[0]] == [
        "\n".join((OWN_INFO, "ეტაპი თარიღის გარეშე: გამოკითხვა",
                   "წამყვანი განმახორციელებელი უწყება: ახალგაზრდული ცენტრი",
                   "საკონტაქტო პირი: თამარ ქორიძე",
                   "ეტაპი „მონაცემების გამოქვეყნება“: პასუხისმგებელი ლევან ბერიძე")),
        "Lead implementing agency: Youth Centre\nსაკონტაქტო პირი: Nino Beridze",
        "",
    ]
    assert [without(c, "additional_info") for c in downgraded[0]] == [
        without(c, "additional_info") for c in before[0]]
    assert downgraded[1] == before[1]

    migrate(empty_app)
    assert _commitments_at(empty_app) == commitments
    assert _milestones_at(empty_app) == milestones
    assert schema_differences(empty_app) == []
