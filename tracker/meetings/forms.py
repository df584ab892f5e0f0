"""Forms for meetings, their minutes and action items; the API validates through them too."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, MultipleFileField
from sqlalchemy import select
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
    ValidationError,
    widgets,
)
from wtforms.validators import DataRequired, NumberRange, Optional

from ..commitments.models import Commitment
from ..directory.choices import people_choices, unit_choices
from ..extensions import db
from ..forms import TrackerForm, date_field, long_text, optional_int, short_text
from ..i18n import format_day
from ..people.queries import person_choices
from ..subgroups.models import Subgroup
from . import minutes
from .importing import user_named
from .models import (
    ACTION_STATE_LABELS,
    ORG_KIND_LABELS,
    PRESENCE_LABELS,
    ActionState,
    AgendaItem,
    Attendee,
    Decision,
    OrgKind,
    Presence,
)
from .models import FIELD_LABELS as L
from .queries import all_subgroups

TIME_PLACEHOLDER = _l("HH:MM")


class ClockField(TimeField):
    """A time of day typed as HH:MM (a text input: type=time shows 12-hour clocks in some
    browsers). The API may send HH:MM:SS, which is what it reads back from stored values."""

    widget = widgets.TextInput()

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        super().__init__(
            label,
            validators or [Optional()],
            format=["%H:%M", "%H:%M:%S"],
            invalid_value_message=_l("Not a valid time: write it as HH:MM, e.g. 14:00."),
            render_kw={"placeholder": TIME_PLACEHOLDER, "inputmode": "numeric",
                       "autocomplete": "off"},
            **kwargs,
        )


def subgroup_choices(
    subgroups: list[Subgroup], working_group: bool = True
) -> list[tuple[str, str]]:
    """The working group ("" on the form) and the given subgroups."""
    choices = [("", _("Working group"))] if working_group else []
    return choices + [(str(s.id), s.name) for s in subgroups]


def _commitments() -> list[tuple[str, str]]:
    rows = db.session.execute(
        select(Commitment.id, Commitment.number, Commitment.title)
        .order_by(Commitment.plan_id, Commitment.number)
    )
    return [("", "—")] + [(str(cid), f"{number}. {title}") for cid, number, title in rows]


class MeetingFieldsForm(TrackerForm):
    """The meeting's own fields: the meeting form and the import review form share them.

    ``subgroups`` limits the groups offered to those the user may hold meetings of (the
    operations check again); by default every group is offered.
    """

    subgroup_id = SelectField(L["subgroup_id"], coerce=optional_int)
    # Left empty, the operation gives the group's next number.
    number = IntegerField(L["number"], validators=[Optional(), NumberRange(min=1, max=9999)])
    place = StringField(L["place"], validators=[short_text()])
    date = date_field(L["date"])
    start_time = ClockField(L["start_time"])
    end_time = ClockField(L["end_time"])
    chair_id = SelectField(L["chair_id"], coerce=optional_int)
    secretary_id = SelectField(L["secretary_id"], coerce=optional_int)
    # Or, for an office held by someone without an account, the person of the records.
    chair_person_id = SelectField(L["chair_person_id"], coerce=optional_int)
    secretary_person_id = SelectField(L["secretary_person_id"], coerce=optional_int)
    authority = TextAreaField(L["authority"], validators=[long_text()])
    discussion = TextAreaField(L["discussion"], validators=[long_text()])

    def __init__(self, *args: Any, subgroups: list[Subgroup] | None = None,
                 working_group: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subgroup_id.choices = subgroup_choices(
            all_subgroups() if subgroups is None else subgroups, working_group
        )
        people = people_choices()
        self.chair_id.choices = people
        self.secretary_id.choices = people
        records = person_choices()
        self.chair_person_id.choices = records
        self.secretary_person_id.choices = records

    def validate_end_time(self, field: Any) -> None:
        start = self.start_time.data
        if start and field.data and field.data < start:
            raise ValidationError(_l("The meeting cannot end before it starts."))

    def validate_secretary_id(self, field: Any) -> None:
        if field.data is not None and field.data == self.chair_id.data:
            raise ValidationError(
                _l("The chair and the secretary of a meeting must be two different people.")
            )

    def validate_secretary_person_id(self, field: Any) -> None:
        if field.data is not None and field.data == self.chair_person_id.data:
            raise ValidationError(
                _l("The chair and the secretary of a meeting must be two different people.")
            )


class MeetingForm(MeetingFieldsForm):
    version = HiddenField()


class PaperSignatureForm(TrackerForm):
    """The paper signature of a chair or secretary without an account, and its day."""

    version = HiddenField()
    capacity = HiddenField(validators=[DataRequired()])
    signed_on = date_field(_l("Signed on paper on"), DataRequired())


class AttendeeForm(TrackerForm):
    user_id = SelectField(_l("Member"), coerce=optional_int)
    name = StringField(L["name"], validators=[short_text(Attendee.__table__.c.name)])
    organisation = StringField(L["organisation"], validators=[short_text()])
    position = StringField(_l("Position"), validators=[short_text()])
    org_kind = SelectField(L["org_kind"], default=OrgKind.GOVERNMENT.value)
    presence = SelectField(L["presence"], default=Presence.PRESENT.value)
    remote = BooleanField(L["remote"])
    version = HiddenField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user_id.choices = people_choices()
        self.org_kind.choices = [(k.value, label) for k, label in ORG_KIND_LABELS.items()]
        self.presence.choices = [(p.value, label) for p, label in PRESENCE_LABELS.items()]


class AgendaItemForm(TrackerForm):
    title = TextAreaField(_l("Agenda item"), validators=[DataRequired(), long_text()])
    discussion = TextAreaField(L["discussion"], validators=[long_text()])
    version = HiddenField()


class DecisionForm(TrackerForm):
    text = TextAreaField(L["decision"], validators=[DataRequired(), long_text()])
    version = HiddenField()


@dataclass(frozen=True)
class MinutesPart:
    """A part of the minutes added, edited and removed on its own; the web pages and the API
    are both built from this table."""

    name: str       # in endpoint names: add_<name>, edit_<name>, remove_<name>
    listing: str    # the meeting's attribute, and the URL of the list: /meetings/<id>/<listing>
    kind: str       # the URL of one: /<kind>/<id>
    model: type[Any]
    form: type[TrackerForm]
    add: Callable[..., Any]         # (meeting, actor, data)
    update: Callable[..., Any]      # (row, actor, data with the version)
    remove: Callable[..., None]     # (row, actor, data with the version)
    anchor: str     # its section of the meeting page
    added: Any      # what the page says once one is added
    heading: Any    # the heading of its edit page


MINUTES_PARTS = (
    MinutesPart("attendee", "attendees", "attendees", Attendee, AttendeeForm,
                minutes.add_attendee, minutes.update_attendee, minutes.remove_attendee,
                "attendance",
                _l("The attendee was added."), _l("Edit attendee")),
    MinutesPart("agenda_item", "agenda", "agenda-items", AgendaItem, AgendaItemForm,
                minutes.add_agenda_item, minutes.update_agenda_item, minutes.remove_agenda_item,
                "agenda",
                _l("The agenda item was added."), _l("Edit agenda item")),
    MinutesPart("decision", "decisions", "decisions", Decision, DecisionForm,
                minutes.add_decision, minutes.update_decision, minutes.remove_decision, "decisions",
                _l("The decision was recorded."), _l("Edit decision")),
)


class ActionItemForm(TrackerForm):
    title = StringField(_l("Action item"), validators=[DataRequired(), short_text()])
    owner_id = SelectField(L["owner_id"], coerce=optional_int)
    owner_unit_id = SelectField(L["owner_unit_id"], coerce=optional_int)
    owner_person_id = SelectField(L["owner_person_id"], coerce=optional_int)
    deadline = date_field(L["deadline"], DataRequired())
    commitment_id = SelectField(L["commitment_id"], coerce=optional_int)
    version = HiddenField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner_id.choices = people_choices()
        self.owner_unit_id.choices = unit_choices()
        self.owner_person_id.choices = person_choices()
        self.commitment_id.choices = _commitments()

    def validate_owner_unit_id(self, field: Any) -> None:
        if field.data and self.owner_id.data:
            raise ValidationError(_l("Give either a person or a unit as the owner, not both."))

    def validate_owner_person_id(self, field: Any) -> None:
        if field.data and (self.owner_id.data or self.owner_unit_id.data):
            raise ValidationError(_l("Give either a person or a unit as the owner, not both."))


class ActionCloseForm(TrackerForm):
    state = SelectField(L["state"])
    note = TextAreaField(L["note"], validators=[long_text()])
    version = HiddenField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.state.choices = [
            (s.value, ACTION_STATE_LABELS[s]) for s in (ActionState.DONE, ActionState.CANCELLED)
        ]


def meeting_data(form: MeetingForm) -> dict[str, Any]:
    """The form's values for the meeting operations; an emptied number keeps the old one
    (a new meeting gets the group's next)."""
    return {k: v for k, v in form.data.items() if not (k == "number" and v is None)}


# Importing a protocol ------------------------------------------------------------------------
# Parts of a protocol the importer may not find, besides the meeting's own fields.
IMPORT_FIELD_LABELS = {
    "group_name": _l("Name of the group"),
    "chair": _l("Chaired by"),
    "secretary": _l("Secretary"),
    "action_items": _l("Action items"),
    "chair_position": _l("Position of the chair"),
    "secretary_position": _l("Position of the secretary"),
    "attendees": _l("Attendees"),
    "agenda": _l("Agenda"),
    "decisions": _l("Decisions"),
    "signatures": _l("Signatures"),
}


class ImportUploadForm(TrackerForm):
    protocol = FileField(_l("Protocol file (.txt in UTF-8, .docx or .pdf with text)"))
    subgroup_id = SelectField(_l("Whose meeting"), coerce=optional_int)

    def __init__(self, *args: Any, subgroups: list[Subgroup], working_group: bool = True,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subgroup_id.choices = subgroup_choices(subgroups, working_group)


class BulkImportForm(ImportUploadForm):
    """Several protocols, or a .zip archive of them, into one group: saved at once, each
    meeting flagged with what is to be checked (see ``bulk_import``)."""

    protocol = None
    files = MultipleFileField(_l("Protocol files (.txt, .docx, .pdf) or a .zip archive of them"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Its fields sit on the page beside the single import's: "bulk-files",
        # "bulk-subgroup_id" (the ids too).
        kwargs.setdefault("prefix", "bulk")
        super().__init__(*args, **kwargs)


def review_points(review: dict[str, Any] | None, number: int | None = None) -> list[str]:
    """What an imported meeting's ``import_review`` asks a person to check, as sentences
    (the meeting's page, the review queue, the bulk import's report); ``number`` is the
    number the meeting was saved under."""
    review = review or {}
    points = []
    if missing := review.get("missing"):
        points.append(_("Not found in the protocol: %(fields)s.",
                        fields=", ".join(field_labels(missing))))
    if uncertain := review.get("uncertain"):
        points.append(_("Found but not read with certainty, so left empty: %(fields)s.",
                        fields=", ".join(field_labels(uncertain))))
    if taken := review.get("number_taken"):
        points.append(
            _("The protocol says N%(taken)s, a number this group had used already; the meeting "
              "was saved as N%(number)s.", taken=taken, number=number)
            if number else
            _("The protocol says N%(taken)s, a number this group had used already.", taken=taken))
    if skipped := review.get("action_items_skipped"):
        points.append(_("Action items that could not be made (no deadline, or no such "
                        "decision): %(count)d. Add them on the meeting's page.",
                        count=len(skipped)))
    return points


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def split_decisions(text: str | None) -> list[str]:
    """Decisions are separated by blank lines when there are any, else one per line."""
    text = (text or "").replace("\r\n", "\n").strip()
    if "\n\n" in text:
        blocks = [" ".join(_lines(block)) for block in text.split("\n\n")]
        return [b for b in blocks if b]
    return _lines(text)


def _choice(value: str, labels: dict[Any, Any]) -> str | None:
    """An org kind or attendance given as its code or its label, in any letter case."""
    wanted = value.strip().casefold().replace(" ", "_")
    for code, label in labels.items():
        if wanted in (code.value, str(label).casefold().replace(" ", "_")):
            return code.value
    return None


def attendee_line(attendee: dict[str, Any]) -> str:
    """One attendee as the review form shows it: name | organisation | kind | presence, and
    the position when there is one."""
    kind = ORG_KIND_LABELS.get(attendee.get("org_kind"), attendee.get("org_kind") or "")
    presence = PRESENCE_LABELS.get(attendee.get("presence"), attendee.get("presence") or "")
    parts = [attendee.get("name") or "", attendee.get("organisation") or "", str(kind),
             str(presence)]
    if attendee.get("position"):
        parts.append(attendee["position"])
    return " | ".join(parts)


def parse_attendee_line(line: str) -> dict[str, Any]:
    """The reverse of :func:`attendee_line`; raises ValueError with a message for people."""
    parts = [p.strip() for p in line.split("|")]
    if len(parts) > 5:
        raise ValueError(_("too many “|” separators"))
    name, organisation, kind, presence, position = [*parts, "", "", "", ""][:5]
    if not (name or organisation):
        raise ValueError(_("give a name or an organisation"))
    org_kind = _choice(kind, ORG_KIND_LABELS) if kind else OrgKind.OTHER.value
    if org_kind is None:
        raise ValueError(_("“%(value)s” is not a kind of organisation", value=kind))
    attendance = _choice(presence, PRESENCE_LABELS) if presence else Presence.PRESENT.value
    if attendance is None:
        raise ValueError(_("“%(value)s” is not an attendance", value=presence))
    user = user_named(name)
    return {"user_id": user.id if user else None, "name": name, "organisation": organisation,
            "position": position, "org_kind": org_kind, "presence": attendance}


def _parsed_lines(text: str | None,
                  parse: Callable[[str], dict[str, Any]]) -> list[dict[str, Any]]:
    """Each line of a review textarea read by ``parse``; every bad line named at once."""
    rows, errors = [], []
    for number, line in enumerate(_lines(text), 1):
        try:
            rows.append(parse(line))
        except ValueError as error:
            errors.append(_("Line %(n)d: %(problem)s.", n=number, problem=str(error)))
    if errors:
        raise ValidationError(" ".join(errors))
    return rows


REVIEWED = ("subgroup_id", "number", "place", "date", "start_time", "end_time", "chair_id",
            "secretary_id", "chair_person_id", "secretary_person_id", "authority",
            "discussion")
OFFICER_NAMES = ("chair_name", "chair_position", "secretary_name", "secretary_position")


def field_labels(names: list[str]) -> list[str]:
    """Field names of a parse (missing, uncertain) as people read them."""
    return [str(IMPORT_FIELD_LABELS.get(n) or L.get(n) or n) for n in names]


def import_topic_labels() -> dict[str, Any]:
    """Labels of the field names a confirmed import's history entry lists."""
    return {**L, **IMPORT_FIELD_LABELS}


def action_line(item: dict[str, Any]) -> str:
    """One action item as the review form shows it: decision | owner | deadline."""
    deadline = item.get("deadline")
    return " | ".join([str(item.get("decision") or ""), item.get("owner") or "",
                       format_day(deadline) if deadline else ""])


def parse_action_line(line: str) -> dict[str, Any]:
    """The reverse of :func:`action_line`; raises ValueError with a message for people."""
    parts = [p.strip() for p in line.split("|")]
    if len(parts) != 3:
        raise ValueError(_("write decision number | owner | deadline"))
    number, owner, deadline = parts
    if not number.isdigit():
        raise ValueError(_("“%(value)s” is not a decision number", value=number))
    try:
        day = datetime.strptime(deadline, "%d/%m/%Y").date()
    except ValueError:
        raise ValueError(_("“%(value)s” is not a date (DD/MM/YYYY)", value=deadline)) from None
    return {"decision": int(number), "owner": owner, "deadline": day}


class ImportReviewForm(MeetingFieldsForm):
    """The fields the importer read, for the secretary to check before the meeting is saved."""

    agenda = TextAreaField(_l("Agenda (one item per line)"), validators=[long_text()])
    discussion = TextAreaField(L["discussion"], validators=[long_text()])
    decisions = TextAreaField(
        _l("Decisions (separated by a blank line, or one per line)"), validators=[long_text()]
    )
    attendees = TextAreaField(
        _l("Attendees (one per line: name | organisation | kind | attendance | position)"),
        validators=[long_text()],
    )
    # Shown again when the review has to be corrected: what the importer did not find, and
    # the people it named but could not match to an account.
    missing = HiddenField()
    uncertain = HiddenField()
    # A chair or secretary the protocol names who is neither an account nor a person of the
    # records yet: saved as a new person of the records.
    chair_name = StringField(_l("Chaired by (name, when not listed above)"),
                             validators=[short_text(Attendee.__table__.c.name)])
    chair_position = HiddenField()
    secretary_name = StringField(_l("Secretary (name, when not listed above)"),
                                 validators=[short_text(Attendee.__table__.c.name)])
    secretary_position = HiddenField()
    action_items = TextAreaField(
        _l("Action items (one per line: decision number | owner | deadline DD/MM/YYYY)"),
        validators=[long_text()],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.attendee_rows: list[dict[str, Any]] = []
        self.action_rows: list[dict[str, Any]] = []

    def validate_action_items(self, field: Any) -> None:
        self.action_rows = _parsed_lines(field.data, parse_action_line)

    def validate_attendees(self, field: Any) -> None:
        self.attendee_rows = _parsed_lines(field.data, parse_attendee_line)

    def import_data(self) -> dict[str, Any]:
        """What ``importing.import_protocol`` takes (its fingerprint is computed there)."""
        data = {name: self._fields[name].data for name in (*REVIEWED, *OFFICER_NAMES)}
        return {**data, "agenda": _lines(self.agenda.data),
                "decisions": split_decisions(self.decisions.data),
                "attendees": self.attendee_rows, "action_items": self.action_rows}

    def missing_labels(self) -> list[str]:
        return field_labels((self.missing.data or "").split())

    def uncertain_labels(self) -> list[str]:
        return field_labels((self.uncertain.data or "").split())

    @classmethod
    def from_review(cls, review: dict[str, Any], **kwargs: Any) -> ImportReviewForm:
        """The form prefilled from ``importing.review_data``."""
        form = cls(formdata=None, **kwargs, data={
            **{k: review.get(k) for k in (*REVIEWED, *OFFICER_NAMES)},
            "missing": " ".join(review["missing"]),
            "uncertain": " ".join(review.get("uncertain", [])),
            "agenda": "\n".join(review["agenda"]),
            "decisions": "\n\n".join(review["decisions"]),
            "attendees": "\n".join(attendee_line(a) for a in review["attendees"]),
            "action_items": "\n".join(action_line(a) for a in review.get("action_items", [])),
        })
        if review.get("number_taken"):
            # Kept as the protocol says, for the secretary to decide: never dropped silently.
            form.number.errors = [_("This group already has a meeting with number %(n)d.",
                                    n=review["number"])]
        return form

