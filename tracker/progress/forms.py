"""Forms for progress reports, report requests and IRM assessments; the API validates
through the same forms (``api/progress.py``)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from wtforms import (
    HiddenField,
    MultipleFileField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired

from ..commitments.models import OGP_VALUE_LABELS, Commitment
from ..forms import CheckboxListField, TrackerForm, date_field, long_text, short_text
from ..text import InvalidText, clean_text
from .models import AssessedCompletion, Assessment, OpenedGovernment, Potential, ReportStatus

MAX_LINKS = 20
MAX_LINK_LENGTH = 2000

FIELD_LABELS = {
    "reported_on": _l("Report date"),
    "text": _l("What was done"),
    "status": _l("Status"),
    "reason": _l("Reason for the delay or risk"),
    "links": _l("Links to evidence"),
    "milestone_ids": _l("Milestones it advances"),
    "files": _l("Evidence files"),
    "deadline": _l("Report due by"),
    "note": _l("Note to the owner"),
    "owner_id": _l("Asked of"),
    "report_id": _l("Answered by report"),
    "cancelled": _l("Cancelled"),
    "verifiable": _l("Verifiable"),
    "relevance": _l("Relevance to OGP values"),
    "potential": _l("Potential impact"),
    "completion": _l("Completion (IRM)"),
    "opened_government": _l("Did it open government?"),
    "source": _l("Source"),
    "assessed_on": _l("Assessment date"),
    "commitment_id": _l("Commitment"),
}
L = FIELD_LABELS


def is_web_link(value: str) -> bool:
    """An absolute http(s) address with a host, nothing else (no javascript:, data:…)."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and " " not in value


class LinkListField(TextAreaField):
    """Links, one a line in the browser; a list in ``data`` (and in the API's JSON)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        lines: list[str] = []
        for value in valuelist:
            lines += [line.strip() for line in str(value).splitlines()]
        self.data = [line for line in lines if line]

    def _value(self) -> str:
        return "\n".join(self.data or [])

    def pre_validate(self, form: Any) -> None:
        cleaned = []
        for link in self.data or []:
            try:
                link = clean_text(link).strip()
            except InvalidText as error:
                raise ValidationError(error.message) from None
            if len(link) > MAX_LINK_LENGTH or not is_web_link(link):
                raise ValidationError(_l("Not a web address (http:// or https://): %(link)s",
                                         link=link[:100]))
            cleaned.append(link)
        if len(cleaned) > MAX_LINKS:
            raise ValidationError(_l("Give at most %(n)d links.", n=MAX_LINKS))
        self.data = cleaned


def _choices(labelled: Any) -> list[tuple[str, Any]]:
    return [(member.value, member.label) for member in labelled]


class ProgressReportForm(TrackerForm):
    reported_on = date_field(L["reported_on"])
    text = TextAreaField(L["text"], validators=[DataRequired(), long_text()])
    status = SelectField(L["status"], validators=[InputRequired()])
    reason = TextAreaField(L["reason"], validators=[long_text()],
                           description=_l("Required when the commitment is not on track."))
    links = LinkListField(L["links"], description=_l("One web address a line."))
    milestone_ids = CheckboxListField(L["milestone_ids"], coerce=int)
    files = MultipleFileField(L["files"])

    def __init__(self, *args: Any, commitment: Commitment | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = _choices(ReportStatus)
        milestones = commitment.milestones if commitment is not None else []
        self.milestone_ids.choices = [(m.id, m.title) for m in milestones]

    def validate_reason(self, field: TextAreaField) -> None:
        if self.status.data and self.status.data != ReportStatus.ON_TRACK \
                and not (field.data or "").strip():
            raise ValidationError(_l("Say why the commitment is delayed or at risk."))


class ReportRequestForm(TrackerForm):
    deadline = date_field(L["deadline"], DataRequired())
    note = TextAreaField(L["note"], validators=[long_text()])


class AssessmentForm(TrackerForm):
    verifiable = SelectField(L["verifiable"], validators=[InputRequired()])
    relevance = CheckboxListField(L["relevance"])
    potential = SelectField(L["potential"], validators=[InputRequired()])
    completion = SelectField(L["completion"], validators=[InputRequired()])
    opened_government = SelectField(L["opened_government"])
    source = StringField(L["source"], validators=[short_text(Assessment.source)])
    assessed_on = date_field(L["assessed_on"], DataRequired())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.verifiable.choices = [("yes", _l("Yes")), ("no", _l("No"))]
        self.relevance.choices = [(v.value, label) for v, label in OGP_VALUE_LABELS.items()]
        self.potential.choices = _choices(Potential)
        self.completion.choices = _choices(AssessedCompletion)
        self.opened_government.choices = [("", _l("Not assessed yet")),
                                          *_choices(OpenedGovernment)]


class CancelRequestForm(TrackerForm):
    version = HiddenField()
