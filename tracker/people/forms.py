"""Forms for the people of the records: a person (corrected, linked to an account or a staff
entry of the directory) and the merge of two. The API validates through the same forms, and
its OpenAPI schemas are generated from them."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from ..directory.choices import people_choices, staff_choices
from ..forms import TrackerForm, optional_int
from .models import NAME_LENGTH, ORGANISATION_LENGTH, Person
from .queries import merge_choices

FIELD_LABELS = {
    "name": _l("Name"),
    "organisation": _l("Organisation"),
    "position": _l("Position"),
    "user_id": _l("User account"),
    "staff_member_id": _l("Staff entry in the directory"),
    "into_id": _l("Merge into"),
    "merged": _l("Merged into this person"),
}
L = FIELD_LABELS


class PersonForm(TrackerForm):
    """A person of the records. The account and the staff entry are those of the
    municipality the request works in (choices, and the operation checks them again)."""

    name = StringField(L["name"], validators=[DataRequired(), Length(max=NAME_LENGTH)])
    organisation = StringField(L["organisation"], validators=[Length(max=ORGANISATION_LENGTH)])
    position = StringField(
        L["position"],
        validators=[Length(max=Person.__table__.c.position.type.length)],
    )
    user_id = SelectField(
        L["user_id"], coerce=optional_int,
        description=_l("Once the person has an account, their meetings count as theirs."),
    )
    staff_member_id = SelectField(
        L["staff_member_id"], coerce=optional_int,
        description=_l("The person's entry on a unit's staff, if they work for the city."),
    )
    version = HiddenField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user_id.choices = people_choices()
        self.staff_member_id.choices = staff_choices()


class MergeForm(TrackerForm):
    """Merge the person whose page this is into another: the one chosen stays."""

    into_id = SelectField(L["into_id"], coerce=optional_int, validators=[DataRequired()])
    version = HiddenField()

    def __init__(self, *args: Any, person: Person | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = merge_choices()
        if person is not None:  # a page offers the others only; the operation refuses itself
            choices = [c for c in choices if c[0] != str(person.id)]
        self.into_id.choices = choices
