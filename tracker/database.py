"""Database plumbing shared by every area: engine set-up, column types, locking, versions."""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, TypeVar

import sqlean as sqlite
from flask import has_request_context, request
from flask_babel import gettext as _
from sqlalchemy import (
    URL,
    DateTime,
    Engine,
    Numeric,
    event,
    inspect,
    make_url,
    select,
    text,
    update,
)
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.types import TypeDecorator

from .errors import NotFound, StaleVersion, ValidationFailed, VersionRequired
from .extensions import db

T = TypeVar("T")

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: How long SQLite waits for another connection's write lock, and how long a page view's
#: note of last use (:func:`stamp`) waits before giving up on it.
BUSY_TIMEOUT_MS = 5000
STAMP_WAIT_MS = 250

#: The oldest SQLite the tracker runs on: 3.43 added FTS5's ``contentless_delete=1`` (an
#: index that stores no copy of the text and still deletes a row by its rowid).
MIN_SQLITE_VERSION = (3, 43, 0)

#: SQLite's WAL bounds (set on every connection by ``configure_engine``).
WAL_AUTOCHECKPOINT_PAGES = 1000
JOURNAL_SIZE_LIMIT = 8 * 1024 * 1024


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on both databases (SQLite would hand back naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Money(TypeDecorator[Decimal]):
    """An amount with two decimals, ``NUMERIC(14, 2)``, read back as a ``Decimal`` on both
    databases (SQLite keeps no decimals: SQLAlchemy would warn and hand back floats)."""

    impl = Numeric(14, 2, asdecimal=False)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        return Decimal(value).quantize(CENT)

    def process_result_value(self, value: Any, dialect: Any) -> Decimal | None:
        if value is None:
            return None
        return Decimal(repr(float(value))).quantize(CENT)


CENT = Decimal("0.01")


class VersionedMixin:
    """Optimistic concurrency: ``version`` grows on every UPDATE the ORM flushes."""

    version: Mapped[int] = mapped_column(nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.version}


def engine_options(url: str | URL, given: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The ``create_engine`` arguments for a database URL: those ``given`` (the
    ``SQLALCHEMY_ENGINE_OPTIONS`` of the configuration) with what the tracker needs merged
    in. The one place that chooses the SQLite library.

    Python's own ``sqlite3`` links whatever SQLite the interpreter was built with (3.40 on
    Debian's Python 3.11: no ``contentless_delete``); ``sqlean`` (the ``sqlean.py`` package)
    is the same DB-API module with a current SQLite inside. Every SQLite connection of the
    tracker goes through it, the engine's and the backup's (``sqlite`` here) alike: two
    SQLite libraries in one process on one file would each keep their own POSIX locks, and
    closing a file in one drops the locks the other holds. So ``module`` is always this one,
    whatever was given.

    PostgreSQL is told what a random read costs here: ``random_page_cost`` 1.1, the value
    PostgreSQL's manual gives for storage where random reads cost about what sequential
    ones do (SSDs, a database that fits in memory), instead of 4 (spinning disks). With 4,
    a search word in 40 % of 20,000 meetings was answered by reading and decompressing
    every document (35 ms) rather than by the GIN index (10 ms). ``TRACKER_PG_RANDOM_PAGE_COST``
    sets another value (4 on spinning disks).

    Merged, not replaced: every option and ``connect_args`` key given is kept (a
    ``connect_timeout``, ``sslmode``, ``application_name``…), and a given libpq
    ``options`` string is kept after ours (``-c statement_timeout=5s``): a server setting
    named twice takes its last value, so one given there (``-c random_page_cost=2``) wins
    over ours too. What the configuration says is the administrator's choice; only the
    SQLite library is not a choice.
    """
    options = dict(given or {})
    if make_url(url).get_backend_name() == "sqlite":
        options["module"] = sqlite
        return options
    cost = float(os.environ.get("TRACKER_PG_RANDOM_PAGE_COST", "1.1"))
    connect_args = dict(options.get("connect_args") or {})
    ours = f"-c random_page_cost={cost:g}"
    theirs = str(connect_args.get("options") or "").strip()
    connect_args["options"] = f"{ours} {theirs}" if theirs else ours
    options["connect_args"] = connect_args
    return options


def configure_engine(engine: Engine) -> None:
    """SQLite needs per-connection settings; PostgreSQL needs none."""
    if engine.dialect.name != "sqlite":
        return
    # An engine built without engine_options (Python's own sqlite3) fails here, at start,
    # not at the first search-index write that needs the newer SQLite.
    version = engine.dialect.dbapi.sqlite_version_info  # type: ignore[union-attr]
    if version < MIN_SQLITE_VERSION:
        raise RuntimeError(
            f"SQLite {'.'.join(map(str, version))} is too old (the tracker needs "
            f"{'.'.join(map(str, MIN_SQLITE_VERSION))} or later): create the engine with "
            "tracker.database.engine_options(url)"
        )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below emit BEGIN itself (pysqlite's own is broken
        # for SAVEPOINT and cannot say IMMEDIATE).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # A checkpoint every 1000 pages (~4 MB, SQLite's default, said here so it stays);
        # the WAL file is cut back to JOURNAL_SIZE_LIMIT after a checkpoint resets it.
        # Without a limit it keeps the largest size it ever reached: 21 MB beside a 5.5 MB
        # database under load, when readers held the checkpoints back.
        cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT_PAGES}")
        cursor.execute(f"PRAGMA journal_size_limit={JOURNAL_SIZE_LIMIT}")
        # Reads (the archive's index, the pages it loads) come from memory, not copies.
        cursor.execute("PRAGMA mmap_size=268435456")
        cursor.execute("PRAGMA cache_size=-32000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A request that may write takes the write lock up front, so two writers never
        # both read a row, both pass the version check and both write.
        writing = has_request_context() and request.method not in READ_ONLY_METHODS
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


#: Told of every row a request loads by id (the municipality scope enters the row's
#: municipality when the request has not chosen one: :mod:`tracker.municipalities.scope`).
ROW_LOADED: list[Callable[[Any], None]] = []


def loaded(obj: T) -> T:
    for hook in ROW_LOADED:
        hook(obj)
    return obj


def stamp(row: Any, attribute: str, moment: datetime) -> None:
    """Note when ``row`` was last used (a session's ``last_seen_at``, an API token's
    ``last_used_at``). A read (GET) commits nothing of its own, so there the time is written
    in a short transaction apart from the request's and the loaded row takes it as already
    stored (not "dirty"); a writing request commits it with its own change."""
    if has_request_context() and request.method in READ_ONLY_METHODS:
        model = type(row)
        try:
            with db.engine.begin() as connection:
                on_sqlite = connection.dialect.name == "sqlite"
                if on_sqlite:  # a page view does not wait seconds for another's write lock
                    connection.exec_driver_sql(f"PRAGMA busy_timeout={STAMP_WAIT_MS}")
                try:
                    connection.execute(
                        update(model).where(model.id == row.id).values({attribute: moment}))
                finally:
                    if on_sqlite:
                        connection.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        except OperationalError:
            # Best effort: the time is a convenience (idle timeout, "last used"); a busy
            # database must not turn a page view into an error. The next view retries.
            return
        set_committed_value(row, attribute, moment)
    else:
        setattr(row, attribute, moment)


def get_or_404(model: type[T], ident: Any, *, for_update: bool = False) -> T:
    """Load a row by primary key; lock it on PostgreSQL when the caller will write it."""
    stmt = select(model).where(model.id == ident)  # type: ignore[attr-defined]
    if for_update:
        stmt = stmt.with_for_update()
    obj = db.session.execute(stmt).scalar_one_or_none()
    if obj is None:
        raise NotFound()
    return loaded(obj)


def lock_series(series: str, group: int) -> None:
    """Queue, until this transaction ends, every writer of one numbered series: the
    commitments of a plan, the meetings of a group. A create asks "the largest number + 1"
    and "is this number free" and then inserts; two at once both read the same largest
    number, and the second is refused by the unique index (a 409) or by the check (a 422 on a
    number its client never sent). Behind this lock each asks after the previous one
    committed, and gets the next free number.

    PostgreSQL: a transaction-level advisory lock on (series, group). Only that series
    waits; no row is locked (the working group has no row of its own to lock, and locking
    the municipality row would stop every insert that refers to it); COMMIT or ROLLBACK
    releases it. SQLite: nothing to do, a writing request holds the database's one write
    lock from its first statement (``BEGIN IMMEDIATE`` in :func:`configure_engine`); outside
    a request (the CLI) a second writer with a stale read is refused "database is locked",
    it never takes a number twice.
    """
    if db.session.get_bind().dialect.name != "postgresql":
        return
    # The two-key form takes two int4: a stable number for the series' name, and the group.
    key = zlib.crc32(series.encode()) & 0x7FFFFFFF
    db.session.execute(text("SELECT pg_advisory_xact_lock(:series, :group)"),
                       {"series": key, "group": group})


def claim_number(
    series: str,
    group: int,
    given: int | None,
    next_number: Callable[[], int],
    check_free: Callable[[int], None],
) -> int:
    """The number a new row takes in its series: the one given if it is free (else the
    area's 422 on it), or with none given the series' next, which another create at the
    same moment cannot take too: the series is locked until the request commits."""
    lock_series(series, group)
    if not given:
        return next_number()
    check_free(given)
    return given


def check_version(obj: Any, submitted: int | str | None) -> None:
    """Refuse a write based on an old copy of the row.

    SQLAlchemy's own version counter only protects concurrent flushes; a client that read
    the row minutes ago is caught here, by comparing what it saw with what is stored.
    """
    if submitted is None or submitted == "":
        raise VersionRequired()
    try:
        seen = int(submitted)
    except (TypeError, ValueError, OverflowError):  # a list, words, 1e308 or inf: not a version
        seen = -1
    if seen != obj.version:
        raise StaleVersion(current=obj.version)


def _too_long(obj: Any) -> dict[str, list[str]]:
    """The text attributes of ``obj`` longer than their column holds."""
    errors: dict[str, list[str]] = {}
    state = inspect(obj)
    for prop in state.mapper.column_attrs:
        length = getattr(prop.columns[0].type, "length", None)
        value = state.dict.get(prop.key)  # what is loaded or set: nothing is fetched here
        if length and isinstance(value, str) and len(value) > length:
            errors[prop.key] = [
                _("At most %(limit)d characters (this has %(count)d).",
                  limit=length, count=len(value))
            ]
    return errors


@event.listens_for(Session, "before_flush")
def _refuse_text_longer_than_its_column(session: Session, _context: Any, _instances: Any) -> None:
    """Every path that stores text (a form, the API, an importer, the CLI) meets its column's
    limit here, once: a clear 422 instead of PostgreSQL's error (a 500) or SQLite's silence."""
    errors: dict[str, list[str]] = {}
    for obj in (*session.new, *session.dirty):
        errors.update(_too_long(obj))
    if errors:
        raise ValidationFailed(errors)
