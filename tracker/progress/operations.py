"""Operations on a commitment's progress: filing a report (with its evidence), asking an
owner for one, cancelling the request, recording an IRM assessment.

Each asks the model whether the actor may, validates, changes the rows, writes its audit
entry and flushes; the caller commits once (``forms.submit`` / the API)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from flask_babel import gettext as _

from ..accounts.models import User
from ..audit.operations import record_creation, record_update
from ..commitments.models import Commitment, Milestone, OgpValue
from ..database import check_version
from ..errors import PermissionDenied, ValidationFailed
from ..extensions import db
from ..i18n import local_today
from ..text import clean_text
from .evidence import Upload, check_files
from .forms import is_web_link
from .models import (
    AssessedCompletion,
    Assessment,
    EvidenceFile,
    OpenedGovernment,
    Potential,
    ProgressReport,
    ReportRequest,
    ReportStatus,
    may_assess,
    may_report,
    may_request_report,
)
from .queries import open_requests
from .search import PROGRESS_INDEX, report_document


def _text(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    return clean_text(value).strip() if isinstance(value, str) else ""


def _not_in_future(errors: dict[str, list[str]], name: str, day: Any) -> None:
    if isinstance(day, date) and day > local_today():
        errors[name] = [_("The date cannot be in the future.")]


def _milestones(commitment: Commitment, ids: Iterable[Any]) -> list[Milestone]:
    wanted = {i for i in ids or () if isinstance(i, int)}
    own = {m.id: m for m in commitment.milestones}
    if wanted - set(own):
        raise ValidationFailed({"milestone_ids": [
            _("Choose milestones of this commitment.")]})
    return [own[i] for i in sorted(wanted)]


def file_report(commitment: Commitment, actor: User, data: dict[str, Any],
                files: Iterable[Upload] = ()) -> ProgressReport:
    """A dated progress report by the commitment's owner (or the chair/admin); it answers
    every open request for a report on the commitment."""
    if not may_report(commitment, actor):
        raise PermissionDenied(_("Only the commitment's owner or the chair can report its "
                                 "progress."))
    errors: dict[str, list[str]] = {}
    text = _text(data, "text")
    reason = _text(data, "reason")
    status = data.get("status")
    if not text:
        errors["text"] = [_("This field is required.")]
    if status not in {s.value for s in ReportStatus}:
        errors["status"] = [_("Choose on track, delayed or at risk.")]
    elif status != ReportStatus.ON_TRACK and not reason:
        errors["reason"] = [_("Say why the commitment is delayed or at risk.")]
    links = [link.strip() for link in data.get("links") or [] if isinstance(link, str)]
    if any(not is_web_link(link) for link in links):
        errors["links"] = [_("Give web addresses that start with http:// or https://.")]
    reported_on = data.get("reported_on") or local_today()
    _not_in_future(errors, "reported_on", reported_on)
    if errors:
        raise ValidationFailed(errors)
    milestones = _milestones(commitment, data.get("milestone_ids") or ())
    checked = check_files(list(files))

    report = ProgressReport(
        commitment=commitment, author_id=actor.id, reported_on=reported_on, text=text,
        status=status, reason=reason,
        links=links, milestones=milestones,
    )
    db.session.add(report)
    for f in checked:
        report.files.append(EvidenceFile(filename=f.filename, content_type=f.content_type,
                                         size=f.size, sha256=f.sha256, data=f.data))
    entry = record_creation(report, actor, list(ProgressReport.AUDITED))
    entry.changes = {**(entry.changes or {}),
                     "milestone_ids": [None, [m.id for m in milestones]],
                     "files": [None, [f.filename for f in checked]]}
    for request in open_requests(commitment.id, for_update=True):
        record_update(request, actor, {"report_id": report.id})
    PROGRESS_INDEX.replace(report.id, report_document(report))
    db.session.flush()
    return report


def request_report(commitment: Commitment, actor: User, data: dict[str, Any]) -> ReportRequest:
    """The chair asks the commitment's owner for a progress report by a date."""
    if not may_request_report(commitment, actor):
        raise PermissionDenied(_("Only the chair can ask for a progress report."))
    errors: dict[str, list[str]] = {}
    deadline = data.get("deadline")
    if not isinstance(deadline, date):
        errors["deadline"] = [_("This field is required.")]
    elif deadline < local_today():
        errors["deadline"] = [_("The date cannot be in the past.")]
    if commitment.owner_id is None:
        errors["owner_id"] = [_("The commitment has no responsible person to ask.")]
    if errors:
        raise ValidationFailed(errors)
    request = ReportRequest(commitment=commitment, owner_id=commitment.owner_id,
                            requested_by_id=actor.id, deadline=deadline,
                            note=_text(data, "note"))
    db.session.add(request)
    record_creation(request, actor, list(ReportRequest.AUDITED))
    db.session.flush()
    return request


def cancel_request(request: ReportRequest, actor: User, data: dict[str, Any]) -> ReportRequest:
    if not may_request_report(request.commitment, actor):
        raise PermissionDenied(_("Only the chair can cancel a request for a report."))
    check_version(request, data.get("version"))
    if not request.is_open:
        raise ValidationFailed({"version": [_("This request is already answered or "
                                              "cancelled.")]})
    record_update(request, actor, {"cancelled": True})
    db.session.flush()
    return request


def _choice(errors: dict[str, list[str]], data: dict[str, Any], name: str, vocabulary: Any,
            *, optional: bool = False) -> Any:
    value = data.get(name)
    if optional and value in (None, ""):
        return None
    if value not in {m.value for m in vocabulary}:
        errors[name] = [_("Not a valid choice.")]
    return value


def record_assessment(commitment: Commitment, actor: User, data: dict[str, Any]) -> Assessment:
    """A new IRM assessment of the commitment; earlier ones stay as its history."""
    if not may_assess(commitment, actor):
        raise PermissionDenied(_("Only the chair or an administrator can record the IRM's "
                                 "assessment."))
    errors: dict[str, list[str]] = {}
    verifiable = data.get("verifiable")
    if isinstance(verifiable, str):
        verifiable = {"yes": True, "no": False}.get(verifiable)
    if not isinstance(verifiable, bool):
        errors["verifiable"] = [_("Choose yes or no.")]
    relevance = list(dict.fromkeys(data.get("relevance") or []))
    if any(v not in {m.value for m in OgpValue} for v in relevance):
        errors["relevance"] = [_("Not a valid choice.")]
    potential = _choice(errors, data, "potential", Potential)
    completion = _choice(errors, data, "completion", AssessedCompletion)
    opened = _choice(errors, data, "opened_government", OpenedGovernment, optional=True)
    assessed_on = data.get("assessed_on")
    if not isinstance(assessed_on, date):
        errors["assessed_on"] = [_("This field is required.")]
    _not_in_future(errors, "assessed_on", assessed_on)
    if errors:
        raise ValidationFailed(errors)
    assessment = Assessment(
        commitment=commitment, verifiable=verifiable, relevance=relevance,
        potential=potential, completion=completion, opened_government=opened,
        source=_text(data, "source")[:300], assessed_on=assessed_on, recorded_by_id=actor.id,
    )
    db.session.add(assessment)
    record_creation(assessment, actor, list(Assessment.FIELDS))
    db.session.flush()
    return assessment
