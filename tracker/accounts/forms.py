from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from ..forms import TrackerForm
from ..i18n import format_days
from .passwords import MAX_PASSWORD_LENGTH
from .roles import LANGUAGES
from .tokens import DAY_CHOICES, NAME_MAX, default_days


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


class PasswordChangeForm(TrackerForm):
    """The API's body: the current password (or the temporary one) and the new one."""

    current_password = PasswordField(_l("Current password"),
                                     validators=[DataRequired(), Length(max=200)])
    new_password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)])


class PasswordPageForm(PasswordChangeForm):
    """The web page's: the new password typed twice (a typo there would lock the person
    out, the current one being gone)."""

    confirm_password = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("new_password",
                                            message=_l("The two new passwords differ."))])


class TokenForm(TrackerForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=NAME_MAX)])
    days = SelectField(_l("Valid for"), coerce=int)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        days = sorted({*DAY_CHOICES, default_days()})
        self.days.choices = [(n, format_days(n)) for n in days]
        if self.days.data is None:
            self.days.data = default_days()


class EndSessionsForm(TrackerForm):
    """Sessions to end (ticked ids, or all the others) and the password that allows it."""

    password = PasswordField(_l("Your password"), validators=[DataRequired(), Length(max=200)])

    def chosen(self) -> list[int]:
        """The ticked sessions' ids (``session`` values that are whole numbers)."""
        values = request.form.getlist("session") if request else []
        return [int(v) for v in values if v.isdigit()][:100]
