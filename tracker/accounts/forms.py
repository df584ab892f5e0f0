from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, PasswordField, SelectField
from wtforms.validators import DataRequired, Length

from ..forms import TrackerForm
from .roles import LANGUAGES


class LoginForm(TrackerForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    next = HiddenField()


class LanguageForm(TrackerForm):
    language = SelectField(_l("Language"))
    next = HiddenField()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Set here, not in the constructor: WTForms 3.3 deprecates constructor tuple choices.
        self.language.choices = list(LANGUAGES.items())
