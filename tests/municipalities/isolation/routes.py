"""Every URL rule that names an object by id, filled in with one world's objects.

``id_requests(app, world, slug)`` walks ``app.url_map``: each rule with an ``<int:…>``
argument (web pages under ``/m/<municipality>/`` and ``/api/v1``), each value of its
``any(…)`` arguments, each method it allows, gives one :class:`IdRequest` naming the
world's object of the matching kind, with a plausible body for a write (the form a page
posts, the JSON a client sends). An argument this module cannot map to a kind, or a write
without a body here, raises :class:`Unmapped`: a new route must say what it names before the
isolation tests pass. The coordinator's test uses ``write_requests`` for every write rule.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import IntegerConverter, Rule
from werkzeug.test import TestResponse

from .world import WORD, Snapshot, World, changed_tables

API_PREFIX = "/api/v1"
WEB_PREFIX = "/m/<municipality>"
#: Methods a client sends; HEAD and OPTIONS Flask answers by itself.
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

#: An argument that says its kind by its name.
ARG_KINDS = {
    "plan_id": "plan",
    "commitment_id": "commitment",
    "milestone_id": "milestone",
    "subgroup_id": "subgroup",
    "meeting_id": "meeting",
    "decision_id": "decision",
    "item_id": "action_item",
    "unit_id": "unit",
    "staff_id": "staff",
    "person_id": "person",
    "report_id": "progress_report",
    "request_id": "report_request",
    "file_id": "evidence_file",
}
#: A generic argument (``ident``, ``part_id``) takes the kind of the segment before it.
SEGMENT_KINDS = {
    "plans": "plan",
    "commitments": "commitment",
    "milestones": "milestone",
    "subgroups": "subgroup",
    "meetings": "meeting",
    "decisions": "decision",
    "action-items": "action_item",
    "attendees": "attendee",
    "agenda-items": "agenda_item",
    "units": "unit",
    "directory": "unit",
    "staff": "staff",
    "people": "person",
}

_PLACEHOLDER = re.compile(r"<(?:(?P<converter>\w+)(?:\((?P<args>[^)]*)\))?:)?(?P<name>\w+)>")


class Unmapped(AssertionError):
    """A rule the walk cannot fill in or send a body to: map it here."""


@dataclass(frozen=True)
class IdRequest:
    """One request about one object: ``kinds`` names what each id of the path is."""

    rule: str
    endpoint: str
    method: str
    path: str
    kinds: tuple[str, ...]
    body: dict[str, Any] | None = None

    @property
    def api(self) -> bool:
        return self.path.startswith(API_PREFIX)

    def kwargs(self) -> dict[str, Any]:
        """For the test client: JSON for the API, a posted form for a page."""
        if self.body is None:
            return {}
        return {"json": self.body} if self.api else {"data": self.body}

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.endpoint})"


class Caller:
    """One person, by their browser on pages and by a Bearer token in the API."""

    def __init__(self, browser: FlaskClient, api: FlaskClient, token: str) -> None:
        self.browser = browser
        self.api = api
        self.headers = {"Authorization": f"Bearer {token}"}

    def send(self, request: IdRequest) -> TestResponse:
        if request.api:
            return self.api.open(request.path, method=request.method, headers=self.headers,
                                 **request.kwargs())
        return self.browser.open(request.path, method=request.method, **request.kwargs())


def walk(
    caller: Caller, requests: list[IdRequest], snapshot: Callable[[], Snapshot],
    accept: Callable[[int], bool],
) -> list[str]:
    """Send each request; list those answered outside ``accept`` and those that changed a
    row (the snapshot is taken after each one, so the culprit is named)."""
    wrong: list[str] = []
    before = snapshot()
    for request in requests:
        status = caller.send(request).status_code
        if not accept(status):
            wrong.append(f"{request}: {status}")
        after = snapshot()
        if after != before:
            wrong.append(f"{request} changed {changed_tables(before, after)}")
            before = after
    return wrong


def of_an_account(rule: Rule) -> bool:
    """A page of one's own account or the administrator's accounts pages: no
    municipality's data (:data:`ACCOUNT_BLUEPRINTS`)."""
    return (rule.endpoint.partition(".")[0] in ACCOUNT_BLUEPRINTS
            or rule.rule.startswith(ACCOUNT_API_PATHS))


def of_the_public_site(rule: Rule) -> bool:
    """The public site (``/p/<slug>/``) is no one's login scope: it shows what a
    municipality publishes, to everyone; its own isolation (one municipality's site never
    shows another's rows) is tested in tests/public."""
    return rule.endpoint.startswith("public.")


def id_rules(app: Flask) -> list[Rule]:
    """Rules with an integer argument: the ones that name an object."""
    return sorted(
        (r for r in app.url_map.iter_rules()
         if not of_an_account(r) and not of_the_public_site(r) and any(
            isinstance(r._converters[arg], IntegerConverter) for arg in r.arguments
        )),
        key=lambda r: (r.rule, r.endpoint),
    )


def write_rules(app: Flask) -> list[Rule]:
    """Rules that accept a POST, PATCH or DELETE, with or without an id."""
    return sorted(
        (r for r in app.url_map.iter_rules()
         if not of_an_account(r)
         and set(r.methods or ()) & {"POST", "PUT", "PATCH", "DELETE"}),
        key=lambda r: (r.rule, r.endpoint),
    )


def _expansions(rule: Rule) -> Iterator[str]:
    """The rule's path with each ``any(…)`` argument's every value put in (the other
    arguments stay placeholders)."""
    choices: list[list[tuple[str, str]]] = []
    for match in _PLACEHOLDER.finditer(rule.rule):
        if match["converter"] == "any":
            items = sorted(rule._converters[match["name"]].items)
            choices.append([(match.group(0), item) for item in items])
    for combination in itertools.product(*choices):
        path = rule.rule
        for placeholder, value in combination:
            path = path.replace(placeholder, value, 1)
        yield path


def _fill(path: str, world: World, slug: str) -> tuple[str, tuple[str, ...]]:
    """Put the slug and the world's ids in; return the path and the kind of each id."""
    kinds: list[str] = []

    def replace(match: re.Match[str]) -> str:
        name = match["name"]
        if name == "municipality":
            return slug
        if match["converter"] != "int":
            raise Unmapped(f"{path}: argument <{match.group(0)}> has no value in the walk")
        before = path[: match.start()].rstrip("/").rsplit("/", 1)[-1]
        kind = ARG_KINDS.get(name) or SEGMENT_KINDS.get(before)
        if kind is None:
            raise Unmapped(
                f"{path}: which kind of object is <int:{name}>? Map it in ARG_KINDS or "
                "SEGMENT_KINDS (tests/municipalities/isolation/routes.py)"
            )
        kinds.append(kind)
        return str(world.ids[kind])

    return _PLACEHOLDER.sub(replace, path), tuple(kinds)


def web_rules(app: Flask) -> list[Rule]:
    """A municipality's pages: every rule under ``/m/<municipality>``."""
    return sorted(
        (r for r in app.url_map.iter_rules() if r.rule.startswith(WEB_PREFIX)),
        key=lambda r: (r.rule, r.endpoint),
    )


def requests_for(
    rules: list[Rule], world: World, slug: str | None = None,
    methods: tuple[str, ...] = METHODS,
) -> list[IdRequest]:
    """Each rule, each value of its ``any(…)`` arguments, each of ``methods`` it allows,
    filled in with ``world``'s objects under ``slug`` (the world's own unless given)."""
    requests: list[IdRequest] = []
    for rule in rules:
        if rule.endpoint in NOT_DATA_WRITES:
            continue
        for expanded in _expansions(rule):
            path, kinds = _fill(expanded, world, slug or world.slug)
            for method in methods:
                if method not in (rule.methods or ()):
                    continue
                body = None if method == "GET" else _body(rule.endpoint, method, kinds, world,
                                                          path)
                if rule.endpoint in NAMED_BY_QUERY:
                    path += f"?municipality={slug or world.slug}"
                requests.append(IdRequest(rule.rule, rule.endpoint, method, path, kinds, body))
    return requests


def id_requests(app: Flask, world: World, slug: str | None = None) -> list[IdRequest]:
    """Every id rule with every method, about ``world``'s objects."""
    return requests_for(id_rules(app), world, slug)


def write_requests(app: Flask, world: World) -> list[IdRequest]:
    """Every write of every rule (creates included), in ``world``."""
    return requests_for(write_rules(app), world, methods=("POST", "PUT", "PATCH", "DELETE"))


#: Reads answered by a redirect to the page that shows the object (a progress report is read
#: on its commitment's page): 302 is their "found".
REDIRECTS = frozenset({"progress.report"})

#: Reads of one municipality's whole data (the open-data export), which a caller of several
#: municipalities names in the query; the walk names the world's.
NAMED_BY_QUERY = frozenset({"api.export.export"})


# Bodies --------------------------------------------------------------------------------------
#: Writes that change no municipality's data: the session and the interface language.
NOT_DATA_WRITES = frozenset({"accounts.login", "accounts.logout", "accounts.language"})
#: The pages of a person's own account and the administrator's accounts pages (password,
#: two-factor, sessions, API tokens, the calendar feed's address, users): of the instance,
#: not of a municipality; who may use them is tested in tests/accounts (and tests/feeds).
ACCOUNT_BLUEPRINTS = frozenset(
    {"accounts", "passwords", "mfa", "tokens", "users", "account", "calendar",
     # A person's own notifications (their ids are theirs: another's is a 404, tested in
     # tests/notifications), their settings, the unsubscribe link; the administrator's outbox.
     "notifications", "outbox"})
#: The API's paths of a person's own account (their notifications, like /api/v1/me).
ACCOUNT_API_PATHS = (f"{API_PREFIX}/account/", f"{API_PREFIX}/notifications")

FUTURE = date(date.today().year + 3, 3, 1)
NOTE = f"{WORD}: ცვლილება"



@dataclass(frozen=True)
class Target:
    """What a body is for: the kind of the object the path names last, its world, its stored
    version, and the path itself (whose last segment names a minutes' listing)."""

    kind: str
    world: World
    version: int
    path: str

    @property
    def last_segment(self) -> str:
        return self.path.rstrip("/").rsplit("/", 1)[-1]


Body = Callable[[Target], dict[str, Any]]


def _web_date(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _part_fields(kind: str) -> dict[str, Any]:
    """What a minutes' part needs (its kind as the API or a page names it)."""
    if kind in ("attendee", "attendees"):
        return {"name": f"{WORD}ის სტუმარი", "org_kind": "government", "presence": "present"}
    if kind in ("agenda_item", "agenda"):
        return {"title": f"{WORD}ის საკითხი"}
    return {"text": f"{WORD}ის გადაწყვეტილება"}


def _versioned(fields: dict[str, Any]) -> Body:
    return lambda t: {**fields, "version": t.version}


def _plain(fields: dict[str, Any]) -> Body:
    return lambda _t: dict(fields)


_WITHDRAW = _versioned({"to": "withdrawn", "comment": NOTE})
_COMMENT = _plain({"text": NOTE})
_VERSION = _versioned({})

WEB_BODIES: dict[str, Body] = {
    "public_settings.switch": _plain({"public": "on"}),
    "commitments.comment": _COMMENT,
    "commitments.transition": _WITHDRAW,
    "commitments.edit": lambda t: {
        "plan_id": t.world.ids["plan"], "title": NOTE, "version": t.version,
    },
    "commitments.add_milestone": _plain({"title": NOTE, "deadline": _web_date(FUTURE)}),
    "commitments.edit_milestone": _versioned({"title": NOTE, "deadline": _web_date(FUTURE)}),
    "commitments.milestone_done": _versioned({"evidence": NOTE}),
    "commitments.milestone_undone": _VERSION,
    "commitments.edit_plan": _versioned({
        "title": NOTE, "period_start": "01/01/2030", "period_end": "31/12/2031",
    }),
    "subgroups.comment": _COMMENT,
    "subgroups.transition": _WITHDRAW,
    "subgroups.edit": _versioned({"name": NOTE}),
    "subgroups.deliverable": _versioned({"deliverable_result": NOTE}),
    "meetings.comment": _COMMENT,
    "meetings.transition": _WITHDRAW,
    "meetings.edit": _versioned({"place": NOTE}),
    "meetings.sign": _VERSION,
    "meetings.paper_signature": lambda t: {"version": t.version, "capacity": "chair",
                                           "signed_on": "01/01/2025"},
    "meetings.add_attendee": lambda _t: _part_fields("attendee"),
    "meetings.add_agenda_item": lambda _t: _part_fields("agenda_item"),
    "meetings.add_decision": lambda _t: _part_fields("decision"),
    "meetings.edit_attendee": lambda t: {**_part_fields(t.kind), "version": t.version},
    "meetings.edit_agenda_item": lambda t: {**_part_fields(t.kind), "version": t.version},
    "meetings.edit_decision": lambda t: {**_part_fields(t.kind), "version": t.version},
    "meetings.remove_attendee": _VERSION,
    "meetings.remove_agenda_item": _VERSION,
    "meetings.remove_decision": _VERSION,
    "meetings.add_action_item": _plain({"title": NOTE, "deadline": _web_date(FUTURE)}),
    "meetings.edit_action_item": _versioned({"title": NOTE, "deadline": _web_date(FUTURE)}),
    "meetings.close_action_item": _versioned({"state": "done", "note": NOTE}),
    "meetings.reopen_action_item": _VERSION,
    "meetings.confirm_import": _VERSION,
    "directory.edit_unit": _versioned({"name": NOTE, "kind": "service"}),
    "directory.new_staff": _plain({"name": NOTE}),
    "directory.edit_staff": _versioned({"name": NOTE}),
    "directory.remove_staff": _VERSION,
    "people.edit": _versioned({"name": NOTE}),
    "people.merge": lambda t: {"into_id": t.world.other_person, "version": t.version},
    "progress.new_report": _plain({"text": NOTE, "status": "on_track"}),
    "progress.new_request": _plain({"deadline": _web_date(FUTURE), "note": NOTE}),
    "progress.cancel_request": _VERSION,
    "progress.assessment": _plain({
        "verifiable": "yes", "relevance": "civic_participation", "potential": "modest",
        "completion": "limited", "opened_government": "", "source": NOTE,
        "assessed_on": "01/01/2025",
    }),
    # Creates (the coordinator's walk): the world's plan, its people.
    "commitments.new": lambda t: {"plan_id": t.world.ids["plan"], "title": NOTE},
    "commitments.new_plan": _plain({
        "title": NOTE, "period_start": "01/01/2030", "period_end": "31/12/2031",
    }),
    "subgroups.new": _plain({"name": NOTE}),
    "meetings.new": _plain({"place": NOTE}),
    "directory.new_unit": _plain({"name": NOTE, "kind": "service"}),
    "people.new": _plain({"name": NOTE}),
    "directory.import_page": _plain({}),
    "directory.import_save": _plain({"page_text": f"{WORD}\nფუნქციები", "filename": "u.txt"}),
    "meetings.import_upload": _plain({}),
    "meetings.import_save": _plain({"place": NOTE, "decisions": NOTE}),
    "meetings.import_bulk": _plain({}),
    "commitments.plan_import": _plain({}),
    "commitments.plan_import_save": _plain({"payload": NOTE}),
    # The instance administrator's: a new municipality, a role given in one.
    "municipalities.create": _plain({"slug": "elsewhere", "name": NOTE}),
    "municipalities.grant": lambda t: {
        "email": "coordinator@example.test", "municipality": t.world.slug, "role": "chair",
    },
}

API_BODIES: dict[str, Body] = {
    "api.commitments.comment": _COMMENT,
    "api.commitments.transition": _WITHDRAW,
    "api.commitments.update": _versioned({"title": NOTE}),
    "api.commitments.add_milestone": _plain({"title": NOTE, "deadline": FUTURE.isoformat()}),
    "api.commitments.update_milestone": _versioned({"title": NOTE}),
    "api.subgroups.comment": _COMMENT,
    "api.subgroups.transition": _WITHDRAW,
    "api.subgroups.update": _versioned({"name": NOTE}),
    "api.meetings.comment": _COMMENT,
    "api.meetings.transition": _WITHDRAW,
    "api.meetings.update": _versioned({"place": NOTE}),
    "api.meetings.sign": _VERSION,
    # The listing the path ends with says which part.
    "api.meetings.add_part": lambda t: _part_fields(t.last_segment),
    "api.meetings.update_part": lambda t: {**_part_fields(t.kind), "version": t.version},
    "api.meetings.remove_part": _VERSION,
    "api.meetings.add_action_item": _plain({"title": NOTE, "deadline": FUTURE.isoformat()}),
    "api.meetings.update_action_item": _versioned({"title": NOTE}),
    "api.directory.update_unit": _versioned({"name": NOTE}),
    "api.directory.add_staff": _plain({"name": NOTE}),
    "api.directory.update_staff": _versioned({"name": NOTE}),
    "api.directory.remove_staff": _VERSION,
    "api.people.update": _versioned({"name": NOTE}),
    "api.people.merge": lambda t: {"into_id": t.world.other_person, "version": t.version},
    "api.progress.file_report": _plain({"text": NOTE, "status": "on_track"}),
    "api.progress.request_report": _plain({"deadline": FUTURE.isoformat(), "note": NOTE}),
    "api.progress.cancel_request": _VERSION,
    "api.progress.record_assessment": _plain({
        "verifiable": True, "relevance": ["civic_participation"], "potential": "modest",
        "completion": "limited", "opened_government": None, "source": NOTE,
        "date": "2025-01-01",
    }),
    # Creates (the coordinator's walk).
    "api.commitments.create": lambda t: {"plan_id": t.world.ids["plan"], "title": NOTE},
    "api.subgroups.create": _plain({"name": NOTE}),
    "api.meetings.create": _plain({"place": NOTE}),
    "api.directory.create_unit": _plain({"name": NOTE, "kind": "service"}),
    "api.people.create": _plain({"name": NOTE}),
}


def _body(
    endpoint: str, method: str, kinds: tuple[str, ...], world: World, path: str
) -> dict[str, Any]:
    bodies = API_BODIES if endpoint.startswith("api.") else WEB_BODIES
    recipe = bodies.get(endpoint)
    if recipe is None:
        raise Unmapped(
            f"{method} {endpoint}: no body for this write. Add a plausible one to "
            "WEB_BODIES or API_BODIES (tests/municipalities/isolation/routes.py)"
        )
    kind = kinds[-1] if kinds else ""
    version = world.version(kind) if kind else 0
    body = recipe(Target(kind, world, version, path))
    if endpoint.startswith("api.") and not kinds:
        body["municipality"] = world.slug  # a create says where (it may span several)
    return body

