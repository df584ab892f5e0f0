"""The caller's own account over JSON: changing the password."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from flask_login import current_user

from ..accounts.forms import PasswordChangeForm
from ..accounts.passwords import change_password
from .common import commit, form_from_json, json_body
from .meta import INSTANCE_WIDE, form_schema, op, register_spec

bp = Blueprint("account", __name__)


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


def account_spec() -> tuple[dict[str, Any], dict[str, Any]]:
    change = op("Change the caller's password (the current one required); the caller's "
                "other sessions end", "PasswordChange", 204)
    change[INSTANCE_WIDE] = True
    return ({"/account/password": {"post": change}},
            {"PasswordChange": form_schema(PasswordChangeForm)})


register_spec(account_spec)
