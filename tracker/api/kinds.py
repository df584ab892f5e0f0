"""The API routes every tracked kind shares, registered from its declaration.

For a kind with collection ``things``: ``GET /things/{id}``, ``POST /things/{id}/transition``,
``GET /things/{id}/history`` and ``POST /things/{id}/comments`` with their OpenAPI paths, and
``GET``/``POST /things`` when the area gives its filters and its create operation. The rows a
kind owns (milestones, action items) get theirs from :func:`register_rows_api`. An area's own
API module says once how a row looks as JSON and keeps only what is its own (``PATCH`` in
its own words, sub-resources such as the minutes' parts, the archive).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, request
from flask_babel import gettext as _
from flask_login import current_user

from ..audit.forms import CommentForm
from ..audit.models import AuditEntry
from ..audit.operations import add_comment
from ..database import get_or_404
from ..errors import ValidationFailed
from ..paging import Paging, page_of
from ..workflow.kinds import Kind
from .common import audit_json, commit, form_from_json, json_body, transition_request
from .meta import op, path_id, register_spec

# A row of the kind as the API shows it (with ``transitions`` and everything a page needs).
ToJson = Callable[[Any], dict[str, Any]]


def _comment_text(body: dict[str, Any]) -> str:
    """The comment, under the web form's rules (required, at most ``LONG_TEXT`` long)."""
    if not isinstance(body.get("text"), str):
        raise ValidationFailed({"text": [_("Give the comment as text.")]})
    return str(form_from_json(CommentForm, body).text.data)


def register_kind_api(
    bp: Blueprint,
    kind: Kind,
    to_json: ToJson,
    *,
    listing: Callable[[Any, Paging], dict[str, Any]] | None = None,
    create: Callable[[dict[str, Any]], Any] | None = None,
) -> None:
    """Register the kind's shared routes. ``listing`` answers ``GET /things`` from the query
    string (the area's filters) and the page asked for (:mod:`tracker.paging`); ``create``
    makes one from a JSON body (through the area's form and operation) for ``POST /things``,
    answered with the new row, 201."""
    base = f"/{kind.collection}/<int:ident>"

    if listing is not None:
        bp.add_url_rule(
            f"/{kind.collection}", "list_",
            lambda: listing(request.args, Paging.from_args(request.args)), methods=["GET"],
        )
    if create is not None:

        def create_() -> Any:
            obj = create(json_body())
            commit()
            return to_json(kind.get(obj.id)), 201

        bp.add_url_rule(f"/{kind.collection}", "create", create_, methods=["POST"])

    def get(ident: int) -> Any:
        return to_json(kind.get(ident))

    def transition(ident: int) -> Any:
        obj = kind.get(ident, for_update=True)
        to, comment, version = transition_request(json_body())
        kind.transition(obj, current_user, to, comment, version)
        commit()
        return to_json(kind.get(ident))

    def history(ident: int) -> Any:
        paging = Paging.from_args(request.args)
        return page_of(kind.history(kind.get(ident)), paging).as_json(audit_json)

    def comment(ident: int) -> Any:
        obj = kind.get(ident)
        entry = add_comment(obj, current_user, _comment_text(json_body()))
        commit()
        return audit_json(entry), 201

    bp.add_url_rule(base, "get", get, methods=["GET"])
    bp.add_url_rule(f"{base}/transition", "transition", transition, methods=["POST"])
    bp.add_url_rule(f"{base}/history", "history", history, methods=["GET"])
    bp.add_url_rule(f"{base}/comments", "comment", comment, methods=["POST"])
    register_spec(lambda: kind_spec(kind))


def kind_spec(kind: Kind) -> tuple[dict[str, Any], dict[str, Any]]:
    base = f"/{kind.collection}/{{id}}"
    name = kind.name.replace("_", " ")
    paths = {
        base: {"parameters": path_id(),
               "get": op(f"A {name} with its permitted transitions")},
        f"{base}/transition": {
            "parameters": path_id(),
            "post": op(f"Move a {name} to another state", "Transition"),
        },
        f"{base}/history": {
            "parameters": path_id(),
            "get": op(f"Audit entries of a {name} and of the rows it owns", paged=True),
        },
        f"{base}/comments": {
            "parameters": path_id(),
            "post": op(f"Comment on a {name} (every role may)", "Comment", 201),
        },
    }
    return paths, {}


def register_rows_api(
    bp: Blueprint,
    *,
    name: str,
    parent: tuple[type[Any], str, str],
    model: type[Any],
    path: str,
    to_json: ToJson,
    form: type[Any],
    add: Callable[[Any, Any, dict[str, Any]], Any],
    lock: Callable[[Any], Any] | None = None,
) -> None:
    """The routes of rows a tracked row owns (a commitment's milestones, a decision's action
    items): ``GET``/``POST <parent>/{id}/<listing>``, ``GET <path>/{id}`` and its history.
    ``parent`` is (model, its URL segment, the listing's attribute and URL segment); ``lock``
    locks what else the new row changes (a decision's meeting). Editing stays the area's
    own (``PATCH``), since each row type reports progress in its own words."""
    parent_model, parent_path, listing = parent
    rows = f"/{parent_path}/<int:ident>/{listing.replace('_', '-')}"

    def list_rows(ident: int) -> Any:
        paging = Paging.from_args(request.args)
        rows = getattr(get_or_404(parent_model, ident), listing)
        return page_of(rows, paging).as_json(to_json)

    def add_row(ident: int) -> Any:
        owner = get_or_404(parent_model, ident, for_update=lock is None)
        if lock is not None:
            lock(owner)
        data = form_from_json(form, json_body(), ignore=("version",)).data
        row = add(owner, current_user, data)
        commit()
        return to_json(row), 201

    def get_row(ident: int) -> Any:
        return to_json(get_or_404(model, ident))

    def row_history(ident: int) -> Any:
        paging = Paging.from_args(request.args)
        row = get_or_404(model, ident)
        return page_of(AuditEntry.history(row.audit_type, row.id), paging).as_json(audit_json)

    bp.add_url_rule(rows, listing, list_rows, methods=["GET"])
    bp.add_url_rule(rows, f"add_{name}", add_row, methods=["POST"])
    bp.add_url_rule(f"/{path}/<int:ident>", name, get_row, methods=["GET"])
    bp.add_url_rule(f"/{path}/<int:ident>/history", f"{name}_history", row_history,
                    methods=["GET"])
