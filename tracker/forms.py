"""The base form every area's forms derive from, and field helpers they share.

WTForms ships no Georgian catalog, so its built-in messages are routed through this
project's Flask-Babel catalog (their msgids are listed below so extraction finds them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request
from flask_babel import get_translations
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response
from wtforms import (
    DateField,
    Field,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectMultipleField,
    StringField,
    widgets,
)
from wtforms.fields.core import UnboundField
from wtforms.validators import Length, Optional, StopValidation

from .database import get_or_404
from .errors import (
    DomainError,
    PermissionDenied,
    SavedMeanwhile,
    ValidationFailed,
    is_unique_violation,
)
from .extensions import db
from .inputs import MAX_ID
from .text import InvalidText, clean_text

# Input accepts DD/MM/YYYY (what people type) and ISO 8601 (what the API sends); the first
# format is the one fields render in.
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_PLACEHOLDER = _l("DD/MM/YYYY")

SHORT_TEXT = 300
LONG_TEXT = 20_000


def _(message: str) -> str:
    """Marks WTForms' own messages for extraction; they are translated at validation time."""
    return message


WTFORMS_MESSAGES = (
    _("This field is required."),
    _("Not a valid date value."),
    _("Not a valid integer value."),
    _("Not a valid choice."),
    _("Invalid Choice: could not coerce."),
    _("'%(value)s' is not a valid choice for this field."),
    _("'%(value)s' are not valid choices for this field."),
    _("Invalid email address."),
    _("Field must be at least %(min)d characters long."),
    _("Field cannot be longer than %(max)d characters."),
    _("Field must be exactly %(max)d characters long."),
    _("Field must be between %(min)d and %(max)d characters long."),
    _("Invalid input."),
    _("Number must be at least %(min)s."),
    _("Number must be at most %(max)s."),
    _("Number must be between %(min)s and %(max)s."),
    _("Not a valid time value."),
    _("Choices cannot be None."),
)


class _BabelTranslations:
    """WTForms formats its messages itself (``message % {"min": …}``), so look them up
    without Flask-Babel's formatting: its ``ngettext`` applies ``% {"num": n}`` and raises
    KeyError on WTForms' ``%(min)d`` / ``%(value)s`` placeholders."""

    def gettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        translations = get_translations()
        message = translations.ungettext(singular, plural, n)
        if message in (singular, plural):
            # The catalog carries WTForms' messages as plain entries (see WTFORMS_MESSAGES).
            message = translations.ugettext(singular if n == 1 else plural)
        return message


def stored_text(value: Any) -> Any:
    """The filter every text field gets (:meth:`TrackerForm.Meta.bind_field`): the value
    as :func:`~tracker.text.clean_text` stores it; text that cannot be stored becomes the
    field's error (a ``ValueError`` in a filter is how WTForms reports one)."""
    if not isinstance(value, str):
        return value
    try:
        return clean_text(value)
    except InvalidText as error:
        raise ValueError(error.message) from None


def integer_in_range(form: Any, field: Field) -> None:
    """No whole number the tracker stores is outside a PostgreSQL ``integer``."""
    if isinstance(field.data, int) and not -MAX_ID <= field.data <= MAX_ID:
        raise StopValidation(str(_l("This number is too large.")))


class TrackerForm(FlaskForm):
    class Meta:
        def get_translations(self, form: Any) -> _BabelTranslations:
            return _BabelTranslations()

        def bind_field(self, form: Any, unbound_field: UnboundField, options: dict[str, Any]):
            """Every text field of every form — web and API alike, the API validating through
            these same forms — cleans its text before any validator sees it. Passwords are
            checked, never stored as typed, so they are left exactly as typed."""
            field = unbound_field.bind(form=form, **options)
            if isinstance(field, StringField) and not isinstance(field, PasswordField):
                field.filters = (*field.filters, stored_text)
            if isinstance(field, IntegerField):
                # Before NumberRange, which fails on an int too large for a float (10**400).
                field.validators = [integer_in_range, *field.validators]
            return field

    def process(self, formdata: Any = None, obj: Any = None, data: Any = None,
                **kwargs: Any) -> None:
        """As WTForms, but the version seen is only ever what was submitted: an edit form
        built from the stored row (``Form(obj=row)``) would otherwise take the stored version
        for a post that left it out, and the operation's version check would pass."""
        formdata = self.meta.wrap_formdata(self, formdata)
        super().process(formdata, obj, data, **kwargs)
        version = self._fields.get("version")
        if version is not None and formdata is not None and version.name not in formdata:
            version.data = None

    def error_messages(self) -> dict[str, list[str]]:
        """Field errors as plain strings, keyed by field name (the API's 422 payload)."""
        return {name: [str(e) for e in errors] for name, errors in self.errors.items()}


class VersionForm(TrackerForm):
    """For buttons that change one thing: carries the CSRF token and the version seen."""

    version = HiddenField()


def optional_int(value: Any) -> int | None:
    if value in (None, "", "None", 0, "0"):
        return None
    return int(value)


def date_field(label: Any, *validators: Any) -> DateField:
    return DateField(
        label,
        validators=list(validators) or [Optional()],
        format=DATE_FORMATS,
        render_kw={"placeholder": DATE_PLACEHOLDER, "inputmode": "numeric",
                   "autocomplete": "off"},
    )


def short_text(column: Any = None) -> Length:
    """A one-line text's bound: that of the ``column`` it is stored in when given (longer
    text is a 500 on PostgreSQL, which enforces ``VARCHAR(n)``), else :data:`SHORT_TEXT`."""
    return Length(max=SHORT_TEXT if column is None else column.type.length)


def long_text() -> Length:
    return Length(max=LONG_TEXT)


def dates_in_order(start: date | None, end: date | None) -> bool:
    return start is None or end is None or end >= start


def settle_refusal(error: ValidationFailed) -> None:
    """End a refused request's transaction: keep what the operation recorded of the
    refusal when it says so (``keeps_record``: a counted wrong password), else save
    nothing."""
    if error.keeps_record:
        db.session.commit()
    else:
        db.session.rollback()


def submit(form: TrackerForm, operation: Callable[[], object]) -> bool:
    """Run a data-changing operation for a validated form; commit, or roll back and explain.

    Field errors from the operation land on the form's fields; other refusals (a stale
    version, a refused transition) are flashed. A missing permission propagates: the
    operation decides it, and the error handler answers 403 saying why. Either way nothing
    is saved.
    """
    try:
        try:
            operation()
            db.session.commit()
        except IntegrityError as error:
            if not is_unique_violation(error):
                raise
            raise SavedMeanwhile() from error
    except PermissionDenied:
        db.session.rollback()
        raise
    except ValidationFailed as error:
        settle_refusal(error)
        for name, messages in error.fields.items():
            field = form._fields.get(name)
            if field is not None:
                field.errors = [*field.errors, *messages]
            else:
                for message in messages:
                    flash(message, "error")
        return False
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return False
    return True


def form_status() -> int:
    """A form page shown again after a POST is a refused submission: 422, not 200."""
    return 422 if request.method == "POST" else 200


def flash_errors(form: TrackerForm) -> None:
    """For small forms posted from a detail page: the errors travel with the redirect."""
    for field_name, messages in form.errors.items():
        label = getattr(getattr(form, field_name, None), "label", None)
        for message in messages:
            flash(f"{label.text}: {message}" if label else message, "error")


class CheckboxListField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes (OGP values, members, commitments)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def act(
    form: TrackerForm,
    operation: Callable[[], object],
    done: str | Callable[[], str],
    back: str | Response,
) -> Response:
    """A small form posted from a detail page (add a milestone, close an action item): run
    the operation, say how it went, and go back to the page (``back``: a URL or a redirect).
    ``done`` may be a function, for a message that reads the changed row."""
    if form.validate_on_submit() and submit(form, operation):
        flash(done() if callable(done) else done, "success")
    flash_errors(form)
    return redirect(back) if isinstance(back, str) else back


def form_page(
    form: TrackerForm,
    operation: Callable[[], Any],
    done: str | Callable[[], str],
    then: Callable[[Any], str | Response],
    template: str,
    *,
    allowed: bool = True,
    refusal: str | None = None,
    **context: Any,
) -> Any:
    """A page of one form (create or edit something): a valid POST runs the operation,
    commits and goes on to ``then(result)``; otherwise the form is shown again, with 422
    after a refused POST. ``done`` may be a function, for a message that reads the form.

    ``allowed`` is the model's own ``may_*`` answer: it decides only whether a GET shows the
    form (403, with ``refusal`` as the reason); a POST is decided by the operation."""
    if request.method == "GET" and not allowed:
        raise PermissionDenied(refusal)
    result: list[Any] = []
    if form.validate_on_submit() and submit(form, lambda: result.append(operation())):
        flash(done() if callable(done) else done, "success")
        target = then(result[0])
        return redirect(target) if isinstance(target, str) else target
    return render_template(template, form=form, **context), form_status()


@dataclass(frozen=True)
class RowAction:
    """A small form posted about one row from its page (mark a milestone done, close an
    action item, record a deliverable): declared once, registered by
    :func:`register_row_actions` as ``POST <rule>/<path>`` under ``endpoint``."""

    endpoint: str
    path: str
    form: type[TrackerForm]
    operation: Callable[[Any, Any, dict[str, Any]], Any]  # (row, actor, form data)
    done: Callable[[Any], str]  # the message, once the operation has run (row → text)


def register_row_actions(
    bp: Blueprint,
    model: type[Any],
    rule: str,
    back: Callable[[Any], str | Response],
    *actions: RowAction,
) -> None:
    """Each action loads the row named in ``rule`` (locked), validates its form, calls its
    operation (which checks permission and version) and goes ``back`` to the row's page."""
    id_arg = rule.rsplit(":", 1)[-1].rstrip(">")

    for action in actions:

        def view(action: RowAction = action, **ids: int) -> Response:
            row = get_or_404(model, ids[id_arg], for_update=True)
            form = action.form()
            target = back(row)
            return act(form, lambda: action.operation(row, current_user, form.data),
                       lambda: action.done(row), target)

        bp.add_url_rule(f"{rule}/{action.path}", action.endpoint, view, methods=["POST"])


# Groups of fields posted and stored as one value ------------------------------------------
class SubForm(Form):
    """The fields of one :class:`GroupField` or of a row of a :class:`RowsField`: cleaned
    and translated as :class:`TrackerForm`'s (no CSRF token of its own; the page's form
    carries it). Its data is a dict, and a dict fills it."""

    class Meta:
        bind_field = TrackerForm.Meta.bind_field
        get_translations = TrackerForm.Meta.get_translations


def _messages(errors: Any) -> list[str]:
    """Nested WTForms errors (dicts of lists, lists of those) as a flat list of texts."""
    if isinstance(errors, dict):
        return [m for value in errors.values() for m in _messages(value)]
    if isinstance(errors, list | tuple):
        return [m for value in errors for m in _messages(value)]
    return [str(errors)]


class GroupField(FormField):
    """A dict of fields (the sentence of each OGP value): posted as ``name-key`` inputs,
    sent to the API as a JSON object (``api.common``), described in the OpenAPI schema as
    one (``api.meta``). Its errors read as a flat list of messages, its own (an operation's
    refusal of the whole) first, so a page lists them as any field's."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._own_errors: list[str] = []

    @property
    def errors(self) -> list[str]:  # type: ignore[override]
        inner = _messages(self.form.errors) if hasattr(self, "form") else []
        return [*self._own_errors, *inner]

    @errors.setter
    def errors(self, value: list[str]) -> None:
        inner = _messages(self.form.errors) if hasattr(self, "form") else []
        self._own_errors = [m for m in value if m not in inner]


class RowsField(FieldList):
    """A list of rows (supporting stakeholders): posted as ``name-0-field`` inputs, sent to
    the API as a JSON array. Its errors read as a flat list of messages."""

    def validate(self, form: Any, extra_validators: Any = ()) -> bool:
        valid = super().validate(form, extra_validators)
        self.errors = _messages(self.errors)
        return valid and not self.errors

    def add_blank_rows(self, count: int) -> None:
        """Empty rows to fill in on a page without scripts (blank rows are not stored)."""
        for _row in range(count):
            self.append_entry()
