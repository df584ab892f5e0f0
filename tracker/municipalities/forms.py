"""The instance administrator's forms: a new municipality, and a person's role in one."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from ..accounts.roles import MUNICIPAL_ROLES, ROLE_LABELS, Role
from ..forms import TrackerForm, short_text
from .models import Municipality


class MunicipalityForm(TrackerForm):
    # The operation checks the form of the address and that it is free.
    slug = StringField(
        _l("Address"), validators=[DataRequired(), short_text(Municipality.__table__.c.slug)],
        description=_l("Latin lower-case letters, digits and hyphens: its pages are under "
                       "/m/<address>/."),
    )
    name = StringField(
        _l("Name"), validators=[DataRequired(), short_text(Municipality.__table__.c.name)]
    )


class GrantForm(TrackerForm):
    """A role for someone who already has an account: the first chair of a new
    municipality, or anyone's role in another one."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    municipality = SelectField(_l("Municipality"), validators=[DataRequired()])
    role = SelectField(_l("Role"), default=Role.CHAIR.value, validators=[DataRequired()])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Set here, not in the constructor: WTForms 3.3 deprecates constructor tuple choices.
        self.municipality.choices = [(m.slug, m.name) for m in Municipality.ordered()]
        self.role.choices = [(r.value, ROLE_LABELS[r]) for r in MUNICIPAL_ROLES]
