"""Forms for plans, commitments and milestones; the API validates through the same forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from sqlalchemy import select
from wtforms import (
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
    TrackerForm,
    date_field,
    dates_in_order,
    long_text,
    optional_int,
    short_text,
)
from .models import FIELD_LABELS as L
from .models import OGP_VALUE_LABELS, ActionPlan


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
    owner_id = SelectField(L["owner_id"], coerce=optional_int)
    # The responsible owner is a person or, where no one person answers, a unit.
    owner_unit_id = SelectField(L["owner_unit_id"], coerce=optional_int)
    start_date = date_field(L["start_date"])
    deadline = date_field(L["deadline"])
    completion_evidence = TextAreaField(L["completion_evidence"], validators=[long_text()])
    version = HiddenField()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.ogp_values.choices = [(v.value, label) for v, label in OGP_VALUE_LABELS.items()]
        self.plan_id.choices = _plans()
        self.lead_unit_id.choices = unit_choices()
        self.owner_id.choices = people_choices()
        self.owner_unit_id.choices = unit_choices()

    def validate_owner_unit_id(self, field: SelectField) -> None:
        _person_or_unit(self, field)

    def validate_deadline(self, field: object) -> None:
        if not dates_in_order(self.start_date.data, self.deadline.data):
            raise ValidationError(_l("The deadline cannot be before the start date."))


class MilestoneForm(TrackerForm):
    title = StringField(_l("Milestone"), validators=[DataRequired(), short_text()])
    owner_id = SelectField(_l("Owner"), coerce=optional_int)
    owner_unit_id = SelectField(L["owner_unit_id"], coerce=optional_int)
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
