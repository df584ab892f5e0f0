from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import DataRequired

from ..forms import TrackerForm, long_text


class CommentForm(TrackerForm):
    text = TextAreaField(_l("Comment"), validators=[DataRequired(), long_text()])
