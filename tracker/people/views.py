"""Web pages of the people of the records: the list with its search, a person's page (their
meetings, action items and history), and the forms to add, correct, link and merge people.
Thin: load, validate the form, call the operation (which decides permission and version),
render."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..audit.timeline import Change, TimelineEntry, timeline
from ..database import get_or_404
from ..errors import NotFound
from ..forms import form_page
from ..i18n import local_today
from . import operations as ops
from .forms import FIELD_LABELS, MergeForm, PersonForm
from .models import Person
from .queries import (
    appearances,
    list_people,
    load_person,
    owned_action_items,
    person_history,
    records_of,
)

bp = Blueprint("people", __name__, url_prefix="/people")

#: The key is how a person is recognised, kept in step with the name: no reader's field.
HIDDEN_FIELDS = frozenset({"key"})


def _refusal() -> str:
    return _("Only the chair, the secretary or an administrator may change the people of "
             "the records.")


def _shown(person: Person) -> Person | None:
    """What a form starts from: the stored row when it is shown; when it is posted, only
    what was posted — a post without the version it was read at is refused, not given the
    stored one."""
    return person if request.method == "GET" else None


@bp.get("/")
def index():  # type: ignore[no-untyped-def]
    q = request.args.get("q", "")[:200]
    return render_template(
        "people/index.html",
        q=q,
        rows=list_people(q),
        may_manage=Person.may_manage(current_user),
    )


def _person_or_404(person_id: int) -> Person:
    person = load_person(person_id)
    if person is None:
        raise NotFound()
    return person


def history_of(person: Person) -> list[TimelineEntry]:
    """The person's timeline: the key left out, a merge read as the name it took in."""
    entries = timeline(person_history(person), FIELD_LABELS)
    for item in entries:
        item.changes = [c for c in item.changes if c.field not in HIDDEN_FIELDS]
        if item.entry.action == "merge":
            merged = (item.entry.changes or {}).get("merged")
            gone = merged[0] if isinstance(merged, list) and merged else None
            if isinstance(gone, dict):
                label = str(gone.get("name", ""))
                if gone.get("organisation"):
                    label = f"{label} ({gone['organisation']})"
                item.changes = [Change("merged", str(FIELD_LABELS["merged"]), None, label)]
    return entries


@bp.get("/<int:person_id>")
def detail(person_id: int):  # type: ignore[no-untyped-def]
    person = _person_or_404(person_id)
    return render_template(
        "people/detail.html",
        person=person,
        appearances=appearances(person),
        action_items=owned_action_items(person),
        today=local_today(),
        may_manage=Person.may_manage(current_user),
        history=history_of(person),
    )


def _for_user(form: PersonForm) -> PersonForm:
    """The account link is offered to who may set it (``Person.may_link_account``); for
    anyone else the operation keeps the stored link."""
    if not Person.may_link_account(current_user):
        del form.user_id
    return form


@bp.route("/new", methods=["GET", "POST"])
def new():  # type: ignore[no-untyped-def]
    form = _for_user(PersonForm())
    return form_page(
        form,
        lambda: ops.create_person(current_user, form.data),
        lambda: _("%(name)s was added to the people of the records.", name=form.name.data),
        lambda row: url_for(".detail", person_id=row.id),
        "people/form.html",
        allowed=Person.may_manage(current_user),
        refusal=_refusal(),
    )


@bp.route("/<int:person_id>/edit", methods=["GET", "POST"])
def edit(person_id: int):  # type: ignore[no-untyped-def]
    person = get_or_404(Person, person_id, for_update=request.method == "POST")
    form = _for_user(PersonForm(obj=_shown(person)))
    return form_page(
        form,
        lambda: ops.update_person(person, current_user, form.data),
        _("The person was saved."),
        lambda _row: url_for(".detail", person_id=person.id),
        "people/form.html",
        person=person,
        allowed=Person.may_manage(current_user),
        refusal=_refusal(),
    )


@bp.route("/<int:person_id>/merge", methods=["GET", "POST"])
def merge(person_id: int):  # type: ignore[no-untyped-def]
    """Merge this person into another: what the records say of this one moves there."""
    person = get_or_404(Person, person_id, for_update=request.method == "POST")
    form = MergeForm(person=person, obj=_shown(person))
    name = person.label

    def run() -> Person:
        into = get_or_404(Person, form.into_id.data, for_update=True)
        return ops.merge_people(into, person, current_user, form.version.data)

    return form_page(
        form,
        run,
        lambda: _("%(name)s was merged into this person.", name=name),
        lambda kept: url_for(".detail", person_id=kept.id),
        "people/merge.html",
        person=person,
        record=records_of([person.id]).get(person.id),
        allowed=Person.may_manage(current_user),
        refusal=_refusal(),
    )
