"""Forms for thematic subgroups; the API validates through the same forms."""

from __future__ import annotations

from sqlalchemy import select
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired

from ..commitments.models import ActionPlan, Commitment
from ..directory.choices import people_choices, unit_choices
from ..extensions import db
from ..forms import CheckboxListField, TrackerForm, date_field, long_text, optional_int, short_text
from .models import FIELD_LABELS as L

# What the group's lead and members may change; everything else is the chair's.
RESULT_FIELDS = ("deliverable_result",)

def _commitments() -> list[tuple[int, str]]:
    rows = db.session.execute(
        select(Commitment.id, Commitment.number, Commitment.title, ActionPlan.title)
        .join(ActionPlan, ActionPlan.id == Commitment.plan_id)
        .order_by(ActionPlan.period_start.desc(), Commitment.number)
    )
    return [(cid, f"{number}. {title}") for cid, number, title, _plan in rows]

class SubgroupForm(TrackerForm):
    name = StringField(L["name"], validators=[DataRequired(), short_text()])
    unit_id = SelectField(L["unit_id"], coerce=optional_int)
    lead_id = SelectField(L["lead_id"], coerce=optional_int)
    member_ids = CheckboxListField(L["member_ids"], coerce=int)
    commitment_ids = CheckboxListField(L["commitment_ids"], coerce=int)
    deliverable = TextAreaField(L["deliverable"], validators=[long_text()])
    deliverable_deadline = date_field(L["deliverable_deadline"])
    deliverable_result = TextAreaField(L["deliverable_result"], validators=[long_text()])
    version = HiddenField()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.unit_id.choices = unit_choices()
        people = people_choices()
        self.lead_id.choices = people
        self.member_ids.choices = [(int(uid), name) for uid, name in people if uid]
        self.commitment_ids.choices = _commitments()

    def keep_only(self, names: tuple[str, ...]) -> None:
        """Drop the fields this user may not change (the group's own people record only
        what was delivered)."""
        for name in [n for n in self._fields if n not in (*names, "version", "csrf_token")]:
            delattr(self, name)

class DeliverableForm(TrackerForm):
    deliverable_result = TextAreaField(
        L["deliverable_result"], validators=[DataRequired(), long_text()]
    )
    version = HiddenField()
