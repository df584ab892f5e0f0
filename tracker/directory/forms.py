"""Forms for units, their staff and the import of a unit's web page; the API validates
through the same forms."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, Regexp

from ..forms import TrackerForm, long_text, optional_int, short_text
from ..importing.unit_page import format_phone_local, normalise_phone
from .choices import people_choices, unit_choices
from .models import UNIT_KIND_LABELS

FIELD_LABELS = {
    "name": _l("Name"),
    "parent_id": _l("Parent unit"),
    "kind": _l("Kind"),
    "hotline": _l("Hotline"),
    "functions": _l("Functions"),
    "staff": _l("Staff"),
    "position": _l("Position"),
    "rank": _l("Rank"),
    "category": _l("Category"),
    "phone": _l("Phone"),
    "email": _l("Email"),
    "is_head": _l("Head of the unit"),
    "user_id": _l("User account"),
}
L = FIELD_LABELS

PHONE_HINT = _l("Any usual form: 599 12 34 56, (0 322) 12 34 56 or +995 …")


class PhoneField(StringField):
    """A Georgian phone number typed in any usual form, kept in E.164 (+995…).

    Stored numbers are shown in local form; a valid entry becomes E.164 on validation, an
    invalid one is refused with a message and shown back as it was typed."""

    def process_data(self, value: Any) -> None:
        self.data = format_phone_local(value) if value else value

    def post_validate(self, form: Any, validation_stopped: bool) -> None:
        if validation_stopped or self.errors:
            return
        text = (self.data or "").strip()
        if not text:
            self.data = None
            return
        number = normalise_phone(text)
        if number is None:
            self.errors.append(
                str(_l("Not a valid phone number. Write it as 599 12 34 56 or 0322 12 34 56."))
            )
            return
        self.data = number


class LinesField(TextAreaField):
    """A list of short texts, one a line (a unit's functions)."""

    def process_data(self, value: Any) -> None:
        self.data = "\n".join(value) if isinstance(value, list | tuple) else value

    def lines(self) -> list[str]:
        return [line.strip(" \t•-") for line in (self.data or "").splitlines() if line.strip()]


class UnitForm(TrackerForm):
    name = StringField(L["name"], validators=[DataRequired(), short_text()])
    parent_id = SelectField(L["parent_id"], coerce=optional_int)
    kind = SelectField(L["kind"], validators=[DataRequired()])
    hotline = PhoneField(L["hotline"], description=PHONE_HINT)
    functions = LinesField(
        L["functions"], validators=[long_text()], description=_l("One function a line.")
    )
    version = HiddenField()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.parent_id.choices = unit_choices()
        self.kind.choices = [(k.value, label) for k, label in UNIT_KIND_LABELS.items()]

    def values(self) -> dict[str, Any]:
        """What the operations take: functions as a list."""
        return {**self.data, "functions": self.functions.lines()}


class StaffForm(TrackerForm):
    name = StringField(L["name"], validators=[DataRequired(), Length(max=200)])
    position = StringField(L["position"], validators=[short_text()])
    rank = StringField(
        L["rank"], validators=[Length(max=40)], render_kw={"placeholder": "III რანგი"}
    )
    category = StringField(
        L["category"], validators=[Length(max=40)], render_kw={"placeholder": "I კატეგორია"}
    )
    phone = PhoneField(L["phone"], description=PHONE_HINT)
    email = StringField(
        L["email"],
        validators=[
            Optional(),
            Length(max=254),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Invalid email address.")),
        ],
    )
    is_head = BooleanField(L["is_head"])
    user_id = SelectField(L["user_id"], coerce=optional_int)
    version = HiddenField()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.user_id.choices = people_choices()

    def values(self) -> dict[str, Any]:
        return {**self.data, "email": (self.email.data or "").strip() or None}


class ImportUploadForm(TrackerForm):
    page = FileField(
        _l("Unit page"),
        validators=[FileRequired(message=_l("Choose a file to import."))],
        description=_l("The department's web page as text (.txt), Word (.docx) or a saved "
                       "web page (.html)."),
    )


class ImportConfirmForm(TrackerForm):
    """The reviewed page travels back as its text and is parsed again before saving."""

    page_text = HiddenField(validators=[DataRequired()])
    filename = HiddenField()
    parent_id = SelectField(_l("Place the new unit under"), coerce=optional_int)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.parent_id.choices = unit_choices()
