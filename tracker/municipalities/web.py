"""Where a request works: ``/m/<slug>/…`` on the web, the row or ``?municipality=`` in the API.

The area blueprints are mounted under ``/m/<municipality>``; ``url_for`` fills the slug in
from the municipality the request works in, so no view or template passes it. Every request
starts restricted to what its user may read (:mod:`.scope`), so a page that forgot to ask
still sees nothing of another municipality.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, g, request
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import NotFound, ValidationFailed
from . import scope
from .models import Municipality

URL_ARG = "municipality"
URL_PREFIX = f"/m/<{URL_ARG}>"
_SLUG_KEY = "_tracker_municipality_slug"


def mount(app: Flask, blueprint: Blueprint) -> None:
    """Register an area's blueprint under ``/m/<municipality>``."""
    app.register_blueprint(blueprint, url_prefix=URL_PREFIX + (blueprint.url_prefix or ""))


def my_municipalities() -> list[Municipality]:
    """The municipalities the logged-in user may read, by name (the header's switcher)."""
    if not current_user.is_authenticated:
        return []
    if "_tracker_my_municipalities" not in g:
        readable = current_user.readable_municipality_ids
        here = scope.current()
        if here is not None and readable == frozenset({here.id}):
            g._tracker_my_municipalities = [here]  # the common case: one, and we are in it
        else:
            g._tracker_my_municipalities = Municipality.ordered(readable)
    return g._tracker_my_municipalities  # type: ignore[no-any-return]


def _named(slug: object, *, field: str | None = None) -> Municipality:
    """The municipality a request names; one unknown, or not the user's, is not found
    (in a body's field: that field is invalid)."""
    municipality = Municipality.by_slug(slug) if isinstance(slug, str) else None
    readable = scope.readable_ids()
    if municipality is None or (readable is not None and municipality.id not in readable):
        if field is not None:
            raise ValidationFailed({field: [_("No such municipality of yours.")]})
        raise NotFound()
    return municipality


def _scope_the_api_call() -> None:
    """``?municipality=SLUG`` narrows to one; a create's body may name it; a user of one
    municipality always works in it. Otherwise a list spans every municipality the user
    reads, and a call about one row works in that row's (:func:`.scope.settle`)."""
    if (slug := request.args.get(URL_ARG)) is not None:
        scope.enter(_named(slug))
        return
    if request.method == "POST" and request.is_json:
        body = request.get_json(silent=True)
        if isinstance(body, dict) and URL_ARG in body:
            scope.enter(_named(body[URL_ARG], field=URL_ARG))
            return
    if current_user.is_authenticated:
        mine = my_municipalities()
        if len(mine) == 1:
            scope.enter(mine[0])
        elif request.method == "POST" and not request.view_args:
            # A create names no row to settle where it goes: before any permission is
            # asked (in which municipality?), the body must say.
            raise ValidationFailed({URL_ARG: [
                _("Name the municipality (its slug) this belongs to.")
            ]})


def init_app(app: Flask) -> None:
    @app.url_value_preprocessor
    def _take_slug(_endpoint: str | None, values: dict[str, Any] | None) -> None:
        if values and URL_ARG in values:
            setattr(g, _SLUG_KEY, values.pop(URL_ARG))

    @app.url_defaults
    def _add_slug(endpoint: str, values: dict[str, Any]) -> None:
        if URL_ARG in values or not app.url_map.is_endpoint_expecting(endpoint, URL_ARG):
            return
        municipality = scope.current()
        if municipality is not None:
            values[URL_ARG] = municipality.slug

    @app.before_request
    def _scope_the_request() -> None:
        # After the login wall (registered before): a visitor reads nothing.
        readable = (
            current_user.readable_municipality_ids if current_user.is_authenticated
            else frozenset()
        )
        scope.restrict(readable)
        slug = g.pop(_SLUG_KEY, None)
        if slug is not None:
            scope.enter(_named(slug))
        elif request.blueprint and request.blueprint.startswith("api"):
            _scope_the_api_call()

    @app.context_processor
    def _municipalities() -> dict[str, object]:
        return {
            "current_municipality": scope.current(),
            "my_municipalities": my_municipalities,
        }
