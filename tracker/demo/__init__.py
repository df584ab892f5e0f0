"""``flask demo``: two invented municipalities on one instance, loaded once however often
the command runs.

Napiri is well into its second action plan (monitored and completed commitments, held
meetings, approved minutes); Mtisdziri has just started its first (draft commitments, a
scheduled meeting). Each has its own chair, secretary, members and observer; one donor
adviser is an observer in Napiri and a member in Mtisdziri; the instance has one
administrator and one national coordinator, who reads both.

Everything is created through the same operations as the web pages, inside the
municipality it belongs to (``scope.entered``), so the demo also has a real audit trail.
Dates are relative to the day the demo is first loaded, so the board always has overdue,
due-soon and done items.

It loads into an empty database or one holding only its own data: with its well-known
passwords, demo accounts on a production instance would be a way in (:func:`foreign_data`).
"""

from __future__ import annotations

from datetime import date

import click
from flask.cli import with_appcontext
from sqlalchemy import Select, Table, literal, or_, select

from ..accounts.models import User
from ..accounts.operations import create_user, find_user, grant_role
from ..cli_common import fail
from ..commitments.models import ActionPlan
from ..extensions import db
from ..i18n import local_today
from ..municipalities import scope
from ..municipalities.models import Municipality
from ..municipalities.operations import create_municipality
from . import mtisdziri, napiri
from .common import DemoMunicipality, Login

#: The instance's own logins: they hold no role in one municipality.
INSTANCE_LOGINS = (
    Login("admin@napiri.example", "ლევან ადმინისტრატორი", "admin", "demo-admin-2026"),
    Login("coordinator@ogp-georgia.example", "სალომე ბაქრაძე", "coordinator",
          "demo-coordinator-2026"),
)
MUNICIPALITIES: tuple[DemoMunicipality, ...] = (napiri.MUNICIPALITY, mtisdziri.MUNICIPALITY)
SLUGS = tuple(m.slug for m in MUNICIPALITIES)


def _ensure_user(login: Login, municipality: Municipality | None = None) -> User:
    """The login's account, created if missing; an account that exists and holds no role
    in ``municipality`` yet is given the login's role there (one person, two
    municipalities). A role someone changed since is left as it is."""
    user = find_user(login.email)
    if user is None:
        return create_user(login.email, login.name, login.role, login.password,
                           municipality=municipality)
    if municipality is not None and all(
        m.municipality_id != municipality.id for m in user.memberships
    ):
        grant_role(user, municipality, login.role)
    return user


def _existing(demo: DemoMunicipality) -> Municipality | None:
    """The demo municipality if it is there: by its slug or, on a database whose demo was
    loaded before there were municipalities, the one migration 0003 moved it into
    (``TRACKER_FIRST_MUNICIPALITY``), found by the demo's plan. Called outside any
    municipality, so the query sees them all."""
    found = Municipality.by_slug(demo.slug)
    if found is None:
        moved = db.session.execute(
            select(ActionPlan.municipality_id).where(ActionPlan.title == demo.plan_title)
        ).scalars().first()
        found = db.session.get(Municipality, moved) if moved is not None else None
    return found


def _load_municipality(demo: DemoMunicipality, today: date, users: dict[str, User]) -> bool:
    municipality = _existing(demo) or create_municipality(demo.slug, demo.name)
    with scope.entered(municipality):
        people = {**users, **{login.email: _ensure_user(login, municipality)
                              for login in demo.logins}}
        present = db.session.execute(
            select(ActionPlan.id).where(ActionPlan.title == demo.plan_title)
        ).first()
        if present:
            return False
        demo.build(today, people)
        return True


#: Tables whose rows are nobody's data: a mistyped e-mail on the login page of a demo
#: instance leaves a login attempt and a security event, and must not make the next
#: ``make run`` refuse its own demo; how far notifications have read the audit trail is
#: the instance's bookkeeping, not data.
NOT_DATA = frozenset({"login_attempts", "security_events", "notify_cursor"})


def foreign_data() -> list[str]:
    """What the database holds that the demo did not make, one phrase per kind: accounts that
    are not demo logins, municipalities that are not the demo's, and then any row of any
    other table outside the demo's municipalities or tied to an account that is not a demo
    login (an audit entry, a directory unit, a person, a token, a table added later).

    A demo municipality is one holding the demo's plan, not one that merely has its slug: a
    municipality made with ``flask municipality create napiri`` is somebody's. Rows of the
    demo's own logins in the demo's municipalities are the demo's, so work done in the demo
    does not stop it from running again. Called outside any municipality, so the queries see
    them all."""
    emails = {login.email for login in INSTANCE_LOGINS}
    emails |= {login.email for demo in MUNICIPALITIES for login in demo.logins}
    ours = _demo_municipality_ids()
    users = db.session.execute(
        select(User.email).where(User.email.not_in(emails)).order_by(User.email)
    ).scalars().all()
    places = db.session.execute(
        select(Municipality.slug).where(Municipality.id.not_in(ours)).order_by(Municipality.slug)
    ).scalars().all()
    found = []
    if users:
        found.append(f"accounts that are not demo logins: {_first_few(users)}")
    if places:
        found.append(f"municipalities that are not the demo's: {_first_few(places)}")
    demo_users = select(User.id).where(User.email.in_(emails))
    tables = [table.name for table in db.metadata.sorted_tables
              if _foreign_rows(table, ours, demo_users)]
    if tables:
        found.append(f"rows that are not the demo's in: {_first_few(tables)}")
    return found


def _demo_municipality_ids() -> list[int]:
    """The municipalities holding a demo plan (under the demo's slug or, moved by migration
    0003, another)."""
    return list(db.session.execute(
        select(ActionPlan.municipality_id)
        .where(ActionPlan.title.in_([demo.plan_title for demo in MUNICIPALITIES]))
        .distinct()
    ).scalars())


def _foreign_rows(table: Table, ours: list[int], demo_users: Select[tuple[int]]) -> bool:
    """Whether ``table`` has a row the demo did not make: outside the demo municipalities,
    or pointing at an account that is not a demo login. A table tied to neither (but to rows
    that are checked in their own table, like a subgroup's members) is judged by those; one
    tied to nothing at all holds somebody's data when it holds anything."""
    if table.name in {"users", "municipalities", *NOT_DATA}:
        return False  # users and municipalities are named above
    conditions = []
    if "municipality_id" in table.c:
        column = table.c.municipality_id
        conditions.append(column.is_not(None) & column.not_in(ours))
    tied = "municipality_id" in table.c
    for column in table.columns:
        for key in column.foreign_keys:
            tied = True
            if key.column.table.name == "users":
                conditions.append(column.is_not(None) & column.not_in(demo_users))
    if not tied:
        return db.session.execute(select(table).limit(1)).first() is not None
    if not conditions:
        return False
    return db.session.execute(select(literal(1)).select_from(table)
                              .where(or_(*conditions)).limit(1)).first() is not None


def _first_few(names: list[str], shown: int = 3) -> str:
    rest = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {rest} more" if rest > 0 else "")


def load_demo(today: date, only: str | None = None) -> list[str]:
    """Create the demo data unless it exists: both municipalities, or ``only`` the one of
    that slug (the instance's logins come either way). Returns the slugs loaded now."""
    users = {login.email: _ensure_user(login) for login in INSTANCE_LOGINS}
    return [
        demo.slug for demo in MUNICIPALITIES
        if only in (None, demo.slug) and _load_municipality(demo, today, users)
    ]


def login_lines(only: str | None = None) -> list[str]:
    """Every demo login, with its password, role and municipality (what ``make run``
    prints): the instance's first, then each municipality's, under the slug it has."""
    places = {demo.slug: ((found.slug, found.name) if (found := _existing(demo))
                          else (demo.slug, demo.name)) for demo in MUNICIPALITIES}
    lines = ["the whole instance:"]
    lines += [f"  {login.email:<34} {login.password:<24} {login.role}"
              for login in INSTANCE_LOGINS]
    for demo in MUNICIPALITIES:
        if only not in (None, demo.slug):
            continue
        slug, name = places[demo.slug]
        lines.append(f"{slug} ({name}), /m/{slug}/:")
        for login in demo.logins:
            elsewhere = [f"{other.role} in {places[m.slug][0]}" for m in MUNICIPALITIES
                         if m is not demo for other in m.logins if other.email == login.email]
            also = f" (also {', '.join(elsewhere)})" if elsewhere else ""
            lines.append(f"  {login.email:<34} {login.password:<24} {login.role}{also}")
    return lines


@click.command("demo")
@click.option("--municipality", "municipality_slug", default=None,
              type=click.Choice(SLUGS), metavar="SLUG",
              help=f"Load only this demo municipality ({' or '.join(SLUGS)}); default: both.")
@with_appcontext
def demo_command(municipality_slug: str | None) -> None:
    """Load the demo: two municipalities, their working groups, a national coordinator
    (safe to run again: what exists is left as it is). Refused on a database with data of
    its own."""
    if found := foreign_data():
        fail(f"this database holds data of its own ({'; '.join(found)}): the demo, with its "
             "published passwords, loads only into an empty database or its own. Nothing was "
             "written.")
    loaded = load_demo(local_today(), municipality_slug)
    db.session.commit()
    for demo in MUNICIPALITIES:
        if municipality_slug in (None, demo.slug):
            state = "loaded" if demo.slug in loaded else "already present"
            click.echo(f"{demo.slug}: demo data {state}.")
    click.echo("")
    click.echo("Open http://127.0.0.1:5000 and log in as one of (email, password, role):")
    for line in login_lines(municipality_slug):
        click.echo(f"  {line}")
