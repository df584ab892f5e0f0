"""Fixtures for the whole suite.

The database: with ``TEST_DATABASE_URL`` set, one fresh PostgreSQL database per test session
(``tracker_test_<pid>``), emptied after each test; otherwise SQLite, migrated once into a
template file that every test gets a fresh copy of. Either way the schema comes from the
migrations only.

The app: one for the session, its database reset under it for each test and its config
restored after it (``make_app`` builds more, with other settings, on the same database).
Factories (``make_user``, ``make_commitment``, ``make_meeting``, …) build each test's world
through the domain operations: see tests/factories.py.

Logging in: ``browse_as("chair")`` or ``browse_as(user)`` is the one way, a ``Browser`` (the
test client with ``login``, ``logout``, ``csrf_token``) of that person's own; ``client`` is a
visitor's browser; ``api(user)`` speaks to /api/v1 with a token.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient
from jinja2.bccache import Bucket, BytecodeCache
from sqlalchemy import event
from werkzeug.security import generate_password_hash
from werkzeug.test import TestResponse

from tracker import create_app
from tracker.accounts.models import User
from tracker.extensions import db
from tracker.municipalities import scope

from .factories import CITY, Factory
from .helpers import (
    ON_POSTGRES,
    PASSWORD,
    ROLES,
    VISITOR,
    app_config,
    csrf_token_in,
    dispose,
    every_row,
    migrated_app,
    postgres_database,
    postgres_emptier,
)

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "tracker" / "translations"


# Session set-up ---------------------------------------------------------------------------
def pytest_sessionstart(session: pytest.Session) -> None:
    """``pybabel compile -d tracker/translations``, so pages are in Georgian as in production."""
    if not TRANSLATIONS.is_dir():
        return
    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/*.po"):
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        partial_path = po_path.with_suffix(".mo.tmp")
        with partial_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        partial_path.replace(po_path.with_suffix(".mo"))


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing() -> Iterator[None]:
    """scrypt takes ~0.1 s a hash; tests create hundreds of users. Checking stays real."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            "tracker.accounts.models.generate_password_hash",
            partial(generate_password_hash, method="pbkdf2:sha256:1"),
        )
        yield


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The session's migrated database: a PostgreSQL database, or an SQLite template file."""
    if ON_POSTGRES:
        with postgres_database(f"tracker_test_{os.getpid()}") as url:
            with migrated_app(url):
                pass
            yield url
        return
    template = tmp_path_factory.mktemp("database") / "template.db"
    with migrated_app(f"sqlite:///{template}"):
        pass
    # Closing the last connection checkpointed the WAL: the file alone is the database.
    wal = template.with_name(template.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    yield str(template)


# Browsers ---------------------------------------------------------------------------------
#: Paths outside any municipality: the rest of a bare path is the municipality's pages.
INSTANCE_PATHS = ("/login", "/logout", "/language", "/account/", "/admin/", "/static/",
                  "/api/", "/m/", "/p/", "/overview", "/municipalities", "/notifications",
                  "/unsubscribe/")

class Browser(FlaskClient):
    """The test client as one person's browser (every app of the suite makes these):
    ``login``/``logout`` through the real form, with the CSRF token read from the login page
    when the app checks CSRF; ``csrf_token(path)`` for a test's own posts on such an app."""

    user: User | None = None
    #: Where the municipality's pages of a bare path (``/commitments/5``) are: the tests'
    #: municipality. A path naming its place (``/m/town/…``) or an instance page is as given.
    municipality: str = CITY

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:
        if args and isinstance(args[0], str):
            args = (self.place(args[0]), *args[1:])
        return super().open(*args, **kwargs)

    def place(self, path: str) -> str:
        """``/commitments/5`` → ``/m/city/commitments/5`` and ``/`` → its board; instance
        paths stay, and so does a full URL (``http://localhost/`` is the instance's home)."""
        if path.startswith("/") and not path.startswith(INSTANCE_PATHS):
            return f"/m/{self.municipality}{path}"
        return path

    def csrf_token(self, path: str = "/login") -> str:
        return csrf_token_in(self.get(path).get_data(as_text=True))

    def login(self, user: User | str, password: str = PASSWORD) -> TestResponse:
        """The login form posted (a ``User`` or an e-mail as typed); the response is the
        test's to check, so tests of the login itself use this too."""
        data = {"email": user if isinstance(user, str) else user.email, "password": password}
        if self.application.config.get("WTF_CSRF_ENABLED"):
            data["csrf_token"] = self.csrf_token()
        return self.post("/login", data=data)

    def logout(self) -> TestResponse:
        return self.post("/logout")


# Apps -------------------------------------------------------------------------------------
class _MemoryBytecodeCache(BytecodeCache):
    """Compiled templates shared by every app the suite makes (``make_app``); a changed
    template has another checksum and is compiled afresh."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self._store.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


_COMPILED_TEMPLATES = _MemoryBytecodeCache()


def _new_app(database_url: str, **overrides: Any) -> Flask:
    app = create_app(app_config(database_url, **overrides))
    app.jinja_env.bytecode_cache = _COMPILED_TEMPLATES
    app.test_client_class = Browser
    return app


@pytest.fixture(scope="session")
def _shared_app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """One app for the session (building one takes ~50 ms: it compiles every URL rule); each
    test gets its database reset under it. On SQLite it works on a file the template is
    copied over before each test."""
    if ON_POSTGRES:
        app = _new_app(database_url)
    else:
        app = _new_app(f"sqlite:///{tmp_path_factory.mktemp('work') / 'tracker.db'}")
    yield app
    dispose(app)


def _reset_sqlite(template: str, database_url: str) -> None:
    """Replace the working file with a fresh copy of the template (the app's connections are
    closed: ``dispose`` after each test). A new inode, and no stale WAL to replay into it."""
    target = Path(database_url.removeprefix("sqlite:///"))
    for leftover in (f"{target}-wal", f"{target}-shm"):
        Path(leftover).unlink(missing_ok=True)
    fresh = target.with_name(target.name + ".new")
    shutil.copyfile(template, fresh)
    os.replace(fresh, target)


@pytest.fixture(scope="session")
def _empty_postgres(database_url: str) -> Iterator[Callable[[], None] | None]:
    if not ON_POSTGRES:
        yield None
        return
    engine = sa.create_engine(database_url, pool_size=1)
    yield postgres_emptier(engine)
    engine.dispose()


@pytest.fixture
def app(
    _shared_app: Flask, database_url: str, _empty_postgres: Callable[[], None] | None
) -> Iterator[Flask]:
    """The app, on a database of this test's own: a fresh copy of the SQLite template, or the
    PostgreSQL database, emptied after the test. Its configuration is restored afterwards."""
    app = _shared_app
    if _empty_postgres is None:
        _reset_sqlite(database_url, app.config["SQLALCHEMY_DATABASE_URI"])
    config = dict(app.config)
    yield app
    app.config.clear()
    app.config.update(config)
    if _empty_postgres is None:
        dispose(app)  # closes the file, checkpointing its WAL, before the next copy
    else:
        _empty_postgres()  # the pooled connections stay open: reconnecting costs more


@pytest.fixture
def make_app(app: Flask) -> Iterator[Callable[..., Flask]]:
    """More apps on this test's database, with other settings (CSRF on, another time zone)."""
    apps: list[Flask] = []

    def make(**overrides: Any) -> Flask:
        apps.append(_new_app(app.config["SQLALCHEMY_DATABASE_URI"], **overrides))
        return apps[-1]

    yield make
    for extra in apps:
        dispose(extra)


@pytest.fixture
def app_ctx(app: Flask, factory: Factory) -> Iterator[Flask]:
    """For tests that call operations directly, working in the factory's municipality.
    Never use the test client inside it: a request would share this context (and its
    session and ``g``)."""
    with app.app_context():
        with scope.entered(factory.municipality()):
            yield app
        db.session.rollback()


@pytest.fixture
def client(app: Flask) -> Browser:
    """A visitor's browser (nobody logged in); ``browse_as`` for someone's."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


# Logging in -------------------------------------------------------------------------------
@pytest.fixture
def browse_as(app: Flask, factory: Factory) -> Callable[..., Browser]:
    """``browse_as("chair")``, ``browse_as(user)``, ``browse_as(VISITOR)`` (or ``None``): a
    browser of its own for that person, logged in through the login form; ``on=`` another app
    (``make_app(WTF_CSRF_ENABLED=True)``). A role names its ``<role>@example.test`` (the
    ``users`` fixture's). Asking twice for the same person gives the same browser, logged in
    once; the visitor gets a fresh one each time."""
    browsers: dict[tuple[int, int], Browser] = {}

    def browse(who: User | str | None, *, on: Flask | None = None) -> Browser:
        target = on or app
        if who is None or who == VISITOR:
            return target.test_client()
        if isinstance(who, str):
            if who not in ROLES:
                raise ValueError(f"browse_as takes a role of {ROLES}, a user or VISITOR: {who!r}")
            who = factory.default_user(who)
        key = (id(target), who.id)
        if key not in browsers:
            browser = target.test_client()
            response = browser.login(who)
            assert response.status_code == 302, f"{who.email} could not log in"
            browser.user = who
            browsers[key] = browser
        return browsers[key]

    return browse


class ApiClient:
    """The test client speaking to /api/v1 with a Bearer token (or none)."""

    def __init__(self, client: FlaskClient, token: str | None) -> None:
        self._client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def open(self, method: str, path: str, **kwargs: Any):
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self._client.open(f"/api/v1{path}", method=method, headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any):
        return self.open("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any):
        return self.open("POST", path, **kwargs)

    def patch(self, path: str, **kwargs: Any):
        return self.open("PATCH", path, **kwargs)


@pytest.fixture
def api(client: FlaskClient, factory: Factory) -> Callable[[User | None], ApiClient]:
    """``api(user)``: an API client authenticated as ``user`` by a fresh token."""
    return lambda user: ApiClient(client, factory.token(user) if user is not None else None)


# Factories ----------------------------------------------------------------------------------
@pytest.fixture
def factory(app: Flask) -> Factory:
    return Factory(app)


def _factory_fixture(kind: str) -> Any:
    def fixture(factory: Factory) -> Callable[..., Any]:
        return getattr(factory, kind)

    fixture.__doc__ = f"``make_{kind}(**fields)``: see ``Factory.{kind}`` in tests/factories.py."
    return pytest.fixture(name=f"make_{kind}")(fixture)


make_user = _factory_fixture("user")
make_unit = _factory_fixture("unit")
make_plan = _factory_fixture("plan")
make_commitment = _factory_fixture("commitment")
make_milestone = _factory_fixture("milestone")
make_staff = _factory_fixture("staff")
make_subgroup = _factory_fixture("subgroup")
make_meeting = _factory_fixture("meeting")
make_action_item = _factory_fixture("action_item")
make_person = _factory_fixture("person")
make_report = _factory_fixture("report")
make_report_request = _factory_fixture("report_request")
make_assessment = _factory_fixture("assessment")


@pytest.fixture
def users(factory: Factory) -> dict[str, User]:
    """``<role>@example.test`` for every role: the users factories themselves act as."""
    return factory.default_users(ROLES)


@dataclass(frozen=True)
class City:
    """City hall → international relations department → protocol division, and a legal
    service beside the department; ``head`` heads the department and ``specialist`` works
    in the division (both have accounts); ``outsider`` works in the legal service."""

    hall: int
    department: int
    division: int
    legal: int
    head: User
    specialist: User
    outsider: User
    head_staff: int


@pytest.fixture
def city(factory: Factory, users: dict[str, User]) -> City:
    """A small invented city hall in the directory (for the directory, the board by unit,
    commitments owned by units)."""
    head = factory.user("member", name="ნინო ბერიძე")
    specialist = factory.user("member", name="ლაშა ჯაფარიძე")
    outsider = factory.user("member", name="ეკა ლომიძე")
    hall = factory.unit("ზღვისპირის მერია", kind="municipality")
    department = factory.unit(
        "საერთაშორისო ურთიერთობების განყოფილება", hall, kind="department",
        hotline="+995415250120",
        functions=["დაძმობილებულ ქალაქებთან ურთიერთობა",
                   "დონორ ორგანიზაციებთან სამუშაო შეხვედრებზე მონაწილეობა"],
    )
    division = factory.unit("საპროტოკოლო ქვეგანყოფილება", department, kind="division")
    legal = factory.unit(
        "იურიდიული სამსახური", hall, kind="service",
        functions=["მოქალაქეთა პეტიციების სამართლებრივი განხილვა"],
    )
    head_staff = factory.staff(
        department, name="ნინო ბერიძე", position="განყოფილების უფროსი", rank="II რანგი",
        phone="+995591447589", is_head=True, user_id=head.id,
    )
    factory.staff(
        division, name="ლაშა ჯაფარიძე", position="უფროსი სპეციალისტი", rank="III რანგი",
        category="I კატეგორია", user_id=specialist.id,
    )
    factory.staff(
        legal, name="ეკა ლომიძე", position="სამსახურის უფროსი", is_head=True,
        user_id=outsider.id,
    )
    return City(hall.id, department.id, division.id, legal.id, head, specialist, outsider,
                head_staff.id)


# Database observation ---------------------------------------------------------------------
class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)

    def __call__(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.statements.append(statement)


@pytest.fixture
def query_counter(app: Flask) -> Callable[[], Any]:
    """``with query_counter() as queries: …`` then ``queries.count``: SQL statements sent."""

    @contextmanager
    def count() -> Iterator[QueryCounter]:
        with app.app_context():
            engine = db.engine
        counter = QueryCounter()
        event.listen(engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", counter)

    return count


@pytest.fixture
def db_snapshot(app: Flask) -> Callable[[], dict[str, list[tuple[Any, ...]]]]:
    """Every row of every table, to assert that a refused request changed nothing (but when
    the API token or the session was last used: ``helpers.USAGE_STAMPS``; the logins of the
    browsers the test makes meanwhile, and the security log, which records refusals:
    tests/accounts assert what those hold)."""

    def snapshot(skip: frozenset[str] = frozenset()) -> dict[str, list[tuple[Any, ...]]]:
        return every_row(app, skip | {"security_events", "user_sessions"}, usage=False)

    return snapshot
