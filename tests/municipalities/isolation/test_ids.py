"""An id of another municipality's object is not found: 404, never 403, and nothing changes.

The walk covers every rule of ``app.url_map`` that names an object by id (pages and API),
with every method it allows, for each municipal role of ``city`` asking about ``town``'s
objects; then every page under ``town``'s own address for the same people, who hold no role
there. A control asks the same of ``city``'s own objects, so a 404 is proven to come from
the other municipality, not from a path the walk got wrong.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask

from tracker.accounts.models import User

from .routes import (
    API_PREFIX,
    REDIRECTS,
    WEB_PREFIX,
    Caller,
    id_requests,
    id_rules,
    requests_for,
    walk,
    web_rules,
)
from .world import MODELS, MUNICIPAL_ROLES, Snapshot, World

#: Pages that show a form to those who may use it.
FORM_PAGES = ("/edit", "/new", "/merge")


def test_the_walk_covers_every_id_rule_and_every_kind(app: Flask, worlds: tuple[World, World]):
    """A new route with an id is walked as soon as it exists; one whose id the walk cannot
    name (or a write without a body) fails here until routes.py maps it."""
    city, town = worlds
    requests = id_requests(app, town, slug=city.slug)
    assert {r.rule for r in requests} == {r.rule for r in id_rules(app)}
    assert any(r.rule.startswith(API_PREFIX) for r in requests)
    assert any(r.rule.startswith(WEB_PREFIX) for r in requests)
    assert {kind for r in requests for kind in r.kinds} == set(MODELS)
    assert {r.method for r in requests} == {"GET", "POST", "PUT", "PATCH", "DELETE"}
    assert all(r.body is not None for r in requests if r.method != "GET")


@pytest.mark.parametrize("role", MUNICIPAL_ROLES)
def test_an_id_of_the_other_municipality_is_not_found(
    app: Flask, worlds: tuple[World, World], caller: Callable[[User], Caller],
    snapshot: Callable[[], Snapshot], role: str,
):
    city, town = worlds
    wrong = walk(caller(city.users[role]), id_requests(app, town, slug=city.slug), snapshot,
                 accept=lambda status: status == 404)
    assert not wrong, f"{role} of {city.slug} reached {town.slug}'s objects:\n" + "\n".join(wrong)


@pytest.mark.parametrize("role", MUNICIPAL_ROLES)
def test_the_other_municipality_s_pages_are_not_found(
    app: Flask, worlds: tuple[World, World], caller: Callable[[User], Caller],
    snapshot: Callable[[], Snapshot], role: str,
):
    """Under ``/m/town/…`` itself, with town's own ids, for someone with no role there."""
    city, town = worlds
    requests = requests_for(web_rules(app), town)
    assert all(r.path.startswith(f"/m/{town.slug}/") for r in requests)
    wrong = walk(caller(city.users[role]), requests, snapshot,
                 accept=lambda status: status == 404)
    assert not wrong, f"{role} of {city.slug} reached {town.slug}'s pages:\n" + "\n".join(wrong)


def test_the_same_requests_find_this_municipality_s_own_objects(
    app: Flask, worlds: tuple[World, World], caller: Callable[[User], Caller],
):
    """The control: the walk's paths name real objects. The observer reads them (200; an
    edit form is refused, 403) and is refused every write (403; a page's form redirects
    with the reason) but may comment — never a 404 or a 500."""
    city, _town = worlds
    observer = caller(city.users["observer"])
    wrong: list[str] = []
    for request in id_requests(app, city):
        status = observer.send(request).status_code
        if request.method == "GET":
            ok = (status == (302 if request.endpoint in REDIRECTS else 200)
                  or (status == 403 and request.rule.endswith(FORM_PAGES)))
        elif request.endpoint.endswith("comment"):
            ok = status in (201, 302)
        else:
            ok = status in (302, 403)
        if not ok:
            wrong.append(f"{request}: {status}")
    assert not wrong, "the walk's paths, on this municipality's own objects:\n" + "\n".join(wrong)
