"""Web pages of the directory: the unit tree and search, a unit's page, and the admin's
forms for units, staff and the import of a unit's web page."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..audit.timeline import TimelineEntry, timeline
from ..database import get_or_404
from ..forms import VersionForm, act, form_page, form_status, submit
from ..importing.unit_page import (
    MAX_UPLOAD_BYTES,
    ParsedUnit,
    UnitImportError,
    format_phone_local,
    parse_unit_page,
    read_unit_upload,
)
from ..inputs import parse_int
from . import operations as ops
from .forms import (
    FIELD_LABELS,
    ImportConfirmForm,
    ImportUploadForm,
    StaffForm,
    UnitForm,
)
from .importing import UnitImportResult, import_unit
from .models import UNIT_KIND_LABELS, StaffMember, Unit
from .queries import (
    ancestors,
    import_preview,
    load_unit,
    search_units,
    subtree_ids,
    unit_history,
    unit_tree,
)
from .work import unit_work

bp = Blueprint("directory", __name__, url_prefix="/directory")

# The review page sends the page's text back; keep it well under MAX_FORM_MEMORY_SIZE.
MAX_REVIEW_TEXT = 512 * 1024


@bp.app_template_filter("phone")
def _phone(value: str | None) -> str:
    """A stored E.164 number in the local form people write (591 44 75 89)."""
    return format_phone_local(value) if value else ""


@bp.app_context_processor
def _labels() -> dict[str, object]:
    return {"UNIT_KIND_LABELS": UNIT_KIND_LABELS}


def _require_admin() -> None:
    if not Unit.may_manage(current_user):
        abort(403)


def _show_form_to_admin() -> None:
    """The GET of a form asks whether to show it; the operations decide every write."""
    if request.method == "GET" and not Unit.may_manage(current_user):
        abort(403)


# Tree, search and a unit's page -------------------------------------------------------------
@bp.get("/")
def index():  # type: ignore[no-untyped-def]
    q = request.args.get("q", "")
    search = search_units(q) if q.strip() else None
    return render_template(
        "directory/index.html",
        q=q[:500],
        search=search,
        rows=unit_tree() if search is None else [],
        may_manage=Unit.may_manage(current_user),
    )


def _unit_or_404(unit_id: int) -> Unit:
    unit = load_unit(unit_id)
    if unit is None:
        abort(404)
    return unit


@bp.get("/<int:unit_id>")
def detail(unit_id: int):  # type: ignore[no-untyped-def]
    unit = _unit_or_404(unit_id)
    return render_template(
        "directory/detail.html",
        unit=unit,
        ancestors=ancestors(unit),
        work=unit_work(unit),
        may_manage=Unit.may_manage(current_user),
        remove_form=VersionForm(),
        history=_history(unit),
    )


def _history(unit: Unit) -> list[TimelineEntry]:
    """The unit's timeline; a change to a person says whose it is."""
    names = {p.id: p.name for p in unit.staff}
    entries = timeline(unit_history(unit), FIELD_LABELS)
    for item in entries:
        if item.entry.object_type == StaffMember.audit_type:
            name = names.get(item.entry.object_id, "")
            for change in item.changes:
                change.label = f"{name} · {change.label}"
    return entries


# Units ---------------------------------------------------------------------------------------
def _parent_choices(form: UnitForm, unit: Unit | None) -> None:
    """A unit cannot sit below itself or below one of its own sub-units."""
    if unit is None:
        return
    below = {str(i) for i in subtree_ids(unit.id)}
    form.parent_id.choices = [c for c in form.parent_id.choices if c[0] not in below]


@bp.route("/new", methods=["GET", "POST"])
def new_unit():  # type: ignore[no-untyped-def]
    _show_form_to_admin()
    form = UnitForm()
    if request.method == "GET":
        form.parent_id.data = parse_int(request.args.get("parent", ""))
    return form_page(
        form,
        lambda: ops.create_unit(current_user, form.values()),
        _("The unit was created."),
        lambda row: redirect(url_for(".detail", unit_id=row.id)),
        "directory/unit_form.html",
    )


@bp.route("/<int:unit_id>/edit", methods=["GET", "POST"])
def edit_unit(unit_id: int):  # type: ignore[no-untyped-def]
    unit = get_or_404(Unit, unit_id, for_update=request.method == "POST")
    _show_form_to_admin()  # after the load: an id not found here is a 404, not a 403
    form = UnitForm(obj=unit)
    _parent_choices(form, unit)
    return form_page(
        form,
        lambda: ops.update_unit(unit, current_user, form.values()),
        _("The unit was saved."),
        lambda _row: redirect(url_for(".detail", unit_id=unit.id)),
        "directory/unit_form.html",
        unit=unit,
    )


# Staff ---------------------------------------------------------------------------------------
@bp.route("/<int:unit_id>/staff/new", methods=["GET", "POST"])
def new_staff(unit_id: int):  # type: ignore[no-untyped-def]
    unit = get_or_404(Unit, unit_id, for_update=request.method == "POST")
    _show_form_to_admin()  # after the load: an id not found here is a 404, not a 403
    form = StaffForm()
    return form_page(
        form,
        lambda: ops.add_staff(unit, current_user, form.values()),
        lambda: _("%(name)s was added to the staff.", name=form.name.data.strip()),
        lambda _row: redirect(url_for(".detail", unit_id=unit.id) + "#staff"),
        "directory/staff_form.html",
        unit=unit,
    )


@bp.route("/staff/<int:staff_id>/edit", methods=["GET", "POST"])
def edit_staff(staff_id: int):  # type: ignore[no-untyped-def]
    person = get_or_404(StaffMember, staff_id, for_update=request.method == "POST")
    _show_form_to_admin()  # after the load: an id not found here is a 404, not a 403
    form = StaffForm(obj=person)
    return form_page(
        form,
        lambda: ops.update_staff(person, current_user, form.values()),
        _("The staff entry was saved."),
        lambda _row: redirect(url_for(".detail", unit_id=person.unit_id) + "#staff"),
        "directory/staff_form.html",
        unit=person.unit,
        person=person,
    )


@bp.post("/staff/<int:staff_id>/remove")
def remove_staff(staff_id: int):  # type: ignore[no-untyped-def]
    person = get_or_404(StaffMember, staff_id, for_update=True)
    unit_id, name = person.unit_id, person.name
    form = VersionForm()
    return act(
        form,
        lambda: ops.remove_staff(person, current_user, form.data),
        _("%(name)s was removed from the staff.", name=name),
        redirect(url_for(".detail", unit_id=unit_id) + "#staff"),
    )


# Import of a unit's web page -----------------------------------------------------------------
def _missing_labels(parsed: ParsedUnit) -> list[str]:
    """``parsed.missing`` in words: "Hotline", "Phone: <name>"."""
    whole = {
        "hotline": FIELD_LABELS["hotline"],
        "functions": FIELD_LABELS["functions"],
        "staff": FIELD_LABELS["staff"],
        "head": FIELD_LABELS["is_head"],
    }
    labels = []
    for key in parsed.missing:
        if key in whole:
            labels.append(str(whole[key]))
            continue
        parts = key.split(".")
        if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(parsed.staff):
            what, name = parts[2], parsed.staff[int(parts[1])].name
            labels.append(f"{FIELD_LABELS.get(what, what)}: {name}")
        else:
            labels.append(key)
    return labels


def _review(parsed: ParsedUnit, text: str, filename: str, confirm: ImportConfirmForm | None = None):
    preview = import_preview(parsed)
    if confirm is None:
        confirm = ImportConfirmForm(formdata=None, page_text=text, filename=filename)
    return render_template(
        "directory/import_review.html",
        parsed=parsed,
        preview=preview,
        missing=_missing_labels(parsed),
        form=confirm,
        filename=filename,
    )


@bp.route("/import", methods=["GET", "POST"])
def import_page():  # type: ignore[no-untyped-def]
    """Upload a page; a readable one is shown for review, and nothing is saved yet."""
    _require_admin()
    form = ImportUploadForm()
    if form.validate_on_submit():
        upload = form.page.data
        filename = upload.filename or ""
        try:
            text = read_unit_upload(upload.read(MAX_UPLOAD_BYTES + 1), filename)
            if len(text.encode()) > MAX_REVIEW_TEXT:
                raise UnitImportError(
                    _("The page is too long for one unit. Import one unit's page at a time."),
                    reason="too_large",
                )
            parsed = parse_unit_page(text)
        except UnitImportError as error:
            form.page.errors = [*form.page.errors, error.message]
        else:
            return _review(parsed, text, filename)
    return render_template("directory/import.html", form=form), form_status()


@bp.post("/import/save")
def import_save():  # type: ignore[no-untyped-def]
    """Save a reviewed page: the text is parsed again, so what is saved is what was shown."""
    _require_admin()
    form = ImportConfirmForm()
    if not form.validate_on_submit():
        flash(_("The reviewed page did not come back. Upload it again."), "error")
        return redirect(url_for(".import_page"))
    try:
        parsed = parse_unit_page(form.page_text.data)
    except UnitImportError as error:
        flash(error.message, "error")
        return redirect(url_for(".import_page"))
    results: list[UnitImportResult] = []
    if not submit(
        form, lambda: results.append(import_unit(current_user, parsed, form.parent_id.data))
    ):
        return _review(parsed, form.page_text.data, form.filename.data or "", form), 422
    result = results[0]
    flash(_import_summary(result), "success")
    if result.staff_not_on_page:
        flash(
            _("Not on the page, kept: %(names)s.", names=", ".join(result.staff_not_on_page)),
            "info",
        )
    return redirect(url_for(".detail", unit_id=result.unit.id))


def _import_summary(result: UnitImportResult) -> str:
    counts = {"added": len(result.staff_added), "updated": len(result.staff_updated)}
    if result.created:
        return _("The unit was created from the page: %(added)d staff added.", **counts)
    return _(
        "The unit was updated from the page: %(added)d staff added, %(updated)d updated.",
        **counts,
    )
