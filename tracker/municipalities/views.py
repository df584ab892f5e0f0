"""The instance's own pages: the way in (``/``), the overview across municipalities and the
instance administrator's page of municipalities.

These pages work in no municipality: the request sees every municipality its user may read
(:mod:`.scope`). They read every area, so they sit with the aggregators
(tests/test_layering.py).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.operations import find_user, grant_role
from ..accounts.roles import ROLE_LABELS
from ..errors import PermissionDenied, ValidationFailed
from ..forms import submit
from ..i18n import local_today
from ..inputs import read_filters
from .forms import GrantForm, MunicipalityForm
from .models import Municipality
from .operations import create_municipality, may_administer
from .overview import LEVELS, MINUTES_APPROVED, MINUTES_PENDING, STATES, Sort
from .overview import overview as overview_figures
from .web import my_municipalities

bp = Blueprint("municipalities", __name__)


@bp.get("/")
def home():  # type: ignore[no-untyped-def]
    """One municipality: straight to its board; several (or none yet): the overview."""
    mine = my_municipalities()
    if len(mine) == 1:
        return redirect(url_for("board.index", municipality=mine[0].slug))
    return redirect(url_for("municipalities.overview"))


@bp.get("/overview")
def overview():  # type: ignore[no-untyped-def]
    """Per municipality the user may read: its figures, each a link into its pages. A sort
    the address gets wrong is said and ignored (422), as a list page does with filters."""
    sort, errors = read_filters(Sort.from_args, request.args)
    if errors:
        flash(_("The sort order in the address is not valid and was ignored."), "error")
    today = local_today()
    return render_template(
        "municipalities/overview.html",
        rows=overview_figures(today, sort),
        sort=sort,
        today=today,
        states=STATES,
        levels=LEVELS,
        approved_state=MINUTES_APPROVED,
        pending_state=MINUTES_PENDING,
        may_administer=may_administer(current_user),
    ), 422 if errors else 200


# The instance administrator's page ------------------------------------------------------------
def _administration(status: int = 200, **forms: Any) -> Any:
    """The page: every municipality, a form to create one, a form to give someone a role.
    Only the administrator sees it; what changes is decided by the operations."""
    if not may_administer(current_user):
        raise PermissionDenied(_("Only the instance administrator manages municipalities."))
    return render_template(
        "municipalities/admin.html",
        municipalities=Municipality.ordered(),
        create_form=forms.get("create_form") or MunicipalityForm(formdata=None),
        grant_form=forms.get("grant_form") or GrantForm(formdata=None),
    ), status


@bp.get("/municipalities")
def administration():  # type: ignore[no-untyped-def]
    return _administration()


@bp.post("/municipalities")
def create():  # type: ignore[no-untyped-def]
    form = MunicipalityForm()
    if form.validate_on_submit() and submit(
        form, lambda: create_municipality(form.slug.data, form.name.data, actor=current_user)
    ):
        flash(_("The municipality “%(name)s” was created. Now give it its first chair.",
                name=form.name.data), "success")
        return redirect(url_for(".administration"))
    return _administration(422, create_form=form)


@bp.post("/municipalities/roles")
def grant():  # type: ignore[no-untyped-def]
    form = GrantForm()

    def give() -> None:
        municipality = Municipality.by_slug(form.municipality.data)
        user = find_user(form.email.data)
        if user is None:
            # Only the administrator sees this: for anyone else the page is refused (403).
            raise ValidationFailed({"email": [_("Nobody has an account with this email.")]})
        grant_role(user, municipality, form.role.data, actor=current_user)  # type: ignore[arg-type]

    if form.validate_on_submit() and submit(form, give):
        municipality = Municipality.by_slug(form.municipality.data)
        flash(_("%(email)s now has the role “%(role)s” in %(municipality)s.",
                email=form.email.data,
                role=ROLE_LABELS.get(form.role.data, form.role.data),
                municipality=municipality.name if municipality else form.municipality.data),
              "success")
        return redirect(url_for(".administration"))
    return _administration(422, grant_form=form)
