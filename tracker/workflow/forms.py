"""The form behind every "change state" button, whatever the kind."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired

from ..forms import TrackerForm, long_text


class TransitionForm(TrackerForm):
    to = HiddenField(validators=[DataRequired()])
    comment = TextAreaField(_l("Comment"), validators=[long_text()])
    version = HiddenField()
