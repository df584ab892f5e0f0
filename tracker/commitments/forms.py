"""Forms for plans, commitments and milestones; the API validates through the same forms."""

from __future__ import annotations

from typing import Any

from flask import g
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from sqlalchemy import select
from wtforms import (
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from ..directory.choices import people_choices, unit_choices
from ..extensions import db
from ..forms import (
    CheckboxListField,
    GroupField,
    RowsField,
    SubForm,
    TrackerForm,
    date_field,
    dates_in_order,
    long_text,
    optional_int,
    short_text,
)
from .models import FIELD_LABELS as L
from .models import OGP_VALUE_LABELS, ActionPlan, Commitment, Milestone
from .sdg import SDG_CHOICES
from .template import CURRENCIES, MAX_BUDGET


def _plans() -> list[tuple[str, str]]:
    plans = db.session.execute(select(ActionPlan.id, ActionPlan.title).order_by(ActionPlan.title))
    return [(str(pid), title) for pid, title in plans]


def _person_or_unit(form: TrackerForm, field: SelectField) -> None:
    """An owner is a person or a unit, not both (as for action items)."""
    person = form._fields.get("owner_id")
    if field.data and person is not None and person.data:
        raise ValidationError(_l("Give either a person or a unit as the owner, not both."))


class PlanForm(TrackerForm):
    title = StringField(L["title"], validators=[DataRequired(), short_text()])
    period_start = date_field(L["period_start"], DataRequired())
    period_end = date_field(L["period_end"], DataRequired())
    description = TextAreaField(L["description"], validators=[long_text()])
    version = HiddenField()

    def validate_period_end(self, field: object) -> None:
        if not dates_in_order(self.period_start.data, self.period_end.data):
            raise ValidationError(_l("The period must end after it starts."))


def _units() -> list[tuple[str, str]]:
    """The directory's units, once a request however many stakeholder rows ask."""
    if "_stakeholder_units" not in g:
        g._stakeholder_units = unit_choices()
    return g._stakeholder_units


#: Each OGP value's sentence of relevance, a field per value (posted as
#: ``value_relevance-<code>``; the API sends ``{"<code>": sentence}``).
RelevanceForm = type("RelevanceForm", (SubForm,), {
    value.value: TextAreaField(label, validators=[long_text()])
    for value, label in OGP_VALUE_LABELS.items()
})


class StakeholderForm(SubForm):
    """One supporting stakeholder: a unit of the directory, or a name typed (the unit wins
    when both are given; the operation then stores the unit's name)."""

    unit_id = SelectField(_l("Unit of the directory"), coerce=optional_int,
                          validate_choice=False)
    name = StringField(_l("Or the name of the body or organisation"),
                       validators=[short_text()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit_id.choices = _units()


def _stakeholders(label: Any) -> RowsField:
    return RowsField(FormField(StakeholderForm), label=label, min_entries=1)


class CommitmentForm(TrackerForm):
    plan_id = SelectField(L["plan_id"], coerce=int, validators=[InputRequired()])
    # Left empty, the operation gives the plan's next number.
    number = IntegerField(L["number"], validators=[Optional(), NumberRange(min=1, max=9999)])
    title = StringField(L["title"], validators=[DataRequired(), short_text()])
    problem = TextAreaField(L["problem"], validators=[long_text()])
    description = TextAreaField(L["description"], validators=[long_text()])
    # Choices are assigned in __init__: WTForms 3.3 deprecates tuple choices passed to the
    # field's constructor (a DeprecationWarning, an error under the test suite).
    ogp_values = CheckboxListField(L["ogp_values"])
    lead_unit_id = SelectField(L["lead_unit_id"], coerce=optional_int)
    # The names as the plan gives them, kept while they are not in the directory.
    lead_unit_text = StringField(
        L["lead_unit_text"], validators=[short_text(Commitment.__table__.c.lead_unit_text)])
    owner_id = SelectField(L["owner_id"], coerce=optional_int)
    # The responsible owner is a person or, where no one person answers, a unit.
    owner_unit_id = SelectField(L["owner_unit_id"], coerce=optional_int)
    owner_text = StringField(
        L["owner_text"], validators=[short_text(Commitment.__table__.c.owner_text)])
    start_date = date_field(L["start_date"])
    deadline = date_field(L["deadline"])
    completion_evidence = TextAreaField(L["completion_evidence"], validators=[long_text()])
    # The rest of the OGP template (PRODUCT.md); the operation checks what they hold
    # (tracker/commitments/template.py), so an importer's data is held to the same rules.
    solution = TextAreaField(L["solution"], validators=[long_text()])
    value_relevance = GroupField(RelevanceForm, label=L["value_relevance"])
    stakeholders_government = _stakeholders(L["stakeholders_government"])
    stakeholders_other = _stakeholders(L["stakeholders_other"])
    # Typed as people write it ("1 500,50"); the operation reads the number.
    budget_amount = StringField(
        L["budget_amount"], validators=[Optional(), short_text()],
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )
    # The form offers a few; the API takes any ISO 4217 code (three letters).
    budget_currency = SelectField(L["budget_currency"], default="GEL", validate_choice=False)
    budget_note = TextAreaField(L["budget_note"], validators=[long_text()])
    programme_links = TextAreaField(L["programme_links"], validators=[long_text()])
    sdgs = CheckboxListField(L["sdgs"], validate_choice=False)
    additional_info = TextAreaField(L["additional_info"], validators=[long_text()])
    version = HiddenField()

    #: What the API's schema says of the fields whose JSON is not their form's text.
    JSON_SCHEMAS = {
        "budget_amount": {"type": ["number", "null"], "minimum": 0,
                          "maximum": float(MAX_BUDGET)},
        "budget_currency": {"type": ["string", "null"], "pattern": "^[A-Za-z]{3}$"},
        "sdgs": {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 17}},
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.ogp_values.choices = [(v.value, label) for v, label in OGP_VALUE_LABELS.items()]
        self.plan_id.choices = _plans()
        self.lead_unit_id.choices = unit_choices()
        self.owner_id.choices = people_choices()
        self.owner_unit_id.choices = unit_choices()
        currencies = list(CURRENCIES)
        if self.budget_currency.data and self.budget_currency.data not in currencies:
            currencies.append(self.budget_currency.data)
        self.budget_currency.choices = [(c, c) for c in currencies]
        self.sdgs.choices = [(str(number), label) for number, label in SDG_CHOICES]

    def add_blank_rows(self) -> None:
        """Rows to type new stakeholders into, on the page (no script needed)."""
        for field in (self.stakeholders_government, self.stakeholders_other):
            field.add_blank_rows(2 if field.data and any(field.data) else 1)

    def validate_owner_unit_id(self, field: SelectField) -> None:
        _person_or_unit(self, field)

    def validate_deadline(self, field: object) -> None:
        if not dates_in_order(self.start_date.data, self.deadline.data):
            raise ValidationError(_l("The deadline cannot be before the start date."))


class MilestoneForm(TrackerForm):
    title = StringField(_l("Milestone"), validators=[DataRequired(), short_text()])
    owner_id = SelectField(_l("Owner"), coerce=optional_int)
    owner_unit_id = SelectField(L["owner_unit_id"], coerce=optional_int)
    owner_text = StringField(
        L["owner_text"], validators=[short_text(Milestone.__table__.c.owner_text)])
    deadline = date_field(L["deadline"], DataRequired())
    version = HiddenField()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.owner_id.choices = people_choices()
        self.owner_unit_id.choices = unit_choices()

    def validate_owner_unit_id(self, field: SelectField) -> None:
        _person_or_unit(self, field)


class MilestoneDoneForm(TrackerForm):
    evidence = TextAreaField(
        L["evidence"], validators=[DataRequired(), long_text()]
    )
    version = HiddenField()


class PlanImportUploadForm(TrackerForm):
    plan_file = FileField(_l("Action plan file (.docx, .txt in UTF-8 or .pdf with text)"))


class PlanImportConfirmForm(TrackerForm):
    """The review's confirmation: what was read travels signed in ``payload``, so what is
    saved is what the reviewer saw, and cannot be changed on its way."""

    payload = HiddenField()
