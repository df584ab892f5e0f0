"""The caller's own account over JSON: who it is (with its calendar feed), changing the
password."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from flask_login import current_user

from ..accounts.forms import PasswordChangeForm
from ..accounts.passwords import change_password
from ..feeds.models import feed_url
from .common import commit, form_from_json, json_body
from .meta import INSTANCE_WIDE, form_schema, op, register_spec

bp = Blueprint("account", __name__)


@bp.get("/me")
def me():  # type: ignore[no-untyped-def]
    """The caller: id, name, e-mail, language and the URL of their "my deadlines"
    calendar (null until they make one on /account/calendar)."""
    user = current_user._get_current_object()
    return {"id": user.id, "name": user.name, "email": user.email,
            "language": user.language, "calendar_url": feed_url(user.id)}


@bp.post("/account/password")
def password():  # type: ignore[no-untyped-def]
    """``{"current_password": …, "new_password": …}``: 204, or the JSON error (422 naming
    the field, 429 after too many wrong current passwords). The caller's other sessions end
    (a token call has none of its own to keep); the API tokens stay valid."""
    form = form_from_json(PasswordChangeForm, json_body())
    # A wrong current password is counted and logged; the error handler keeps that record.
    change_password(current_user._get_current_object(), form.current_password.data,
                    form.new_password.data)
    commit()
    return "", 204


ME: dict[str, Any] = {
    "type": "object",
    "required": ["id", "name", "email", "language", "calendar_url"],
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "email": {"type": "string"},
        "language": {"type": "string"},
        "calendar_url": {"type": ["string", "null"], "format": "uri",
                         "description": "The caller's private iCalendar feed of their own "
                                        "deadlines; null if they have none"},
    },
}


def account_spec() -> tuple[dict[str, Any], dict[str, Any]]:
    change = op("Change the caller's password (the current one required); the caller's "
                "other sessions end", "PasswordChange", 204)
    change[INSTANCE_WIDE] = True
    me = op("The caller's own account and the URL of their calendar feed")
    me[INSTANCE_WIDE] = True
    answer = me["responses"]["200"]["content"]["application/json"]
    answer["schema"] = {"$ref": "#/components/schemas/Me"}
    return ({"/account/password": {"post": change}, "/me": {"get": me}},
            {"PasswordChange": form_schema(PasswordChangeForm), "Me": ME})


register_spec(account_spec)
