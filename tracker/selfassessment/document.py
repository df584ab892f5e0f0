"""The OGP self-assessment report of an action plan, and OGP Local's end-of-commitment
assessment of one commitment, decided once as a :class:`Report`.

The builders here decide what the documents say and in which order; the printable page
(``templates/selfassessment/report.html``) and :func:`tracker.selfassessment.docx.report_docx`
only lay a :class:`Report` out, so the page and the Word file never disagree (the pattern of
:mod:`tracker.meetings.protocol`).

Everything is read in a fixed number of queries, however many commitments, milestones,
reports and meetings there are: the commitments with their units, owners and milestones,
the progress reports and current assessments of all of them at once
(:mod:`tracker.progress.queries`), and the plan period's meetings with their attendees and
decisions. The charts (:func:`tracker.charts.render`, a few queries each) are drawn in the
document's language beside the figures they picture: the completion table (completion,
timeline, overdue items over time) and the meetings' attendance.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from flask_babel import force_locale, get_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from .. import charts as plan_charts
from ..accounts.roles import LANGUAGES
from ..commitments.models import (
    ActionPlan,
    Commitment,
    CompletionLevel,
    Milestone,
    OgpValue,
    name_of,
)
from ..commitments.sdg import sdg_label
from ..commitments.template import stakeholder_names
from ..commitments.workflow import COMMITMENT_WORKFLOW
from ..extensions import db
from ..i18n import format_day, format_money, local_today
from ..meetings.models import Meeting, OrgKind
from ..municipalities.models import Municipality
from ..progress.models import (
    AssessedCompletion,
    Assessment,
    OpenedGovernment,
    Potential,
    ProgressReport,
    ReportStatus,
)
from ..progress.queries import current_assessments, reports_of
from ..text import strip_controls
from ..workflow import WITHDRAWN


# The structure ----------------------------------------------------------------------------
@dataclass
class Paragraph:
    """A paragraph; ``lead`` is a bold lead-in ("Reason: …")."""

    text: str
    lead: str = ""


@dataclass
class Fields:
    """Label → value rows: a commitment's template, an assessment (a two-column table)."""

    rows: list[tuple[str, str]]


@dataclass
class Table:
    """A table of figures or of items. ``figure`` names a table a chart may stand beside
    (``completion``, ``attendance``): the printable page's ``chart`` block receives it."""

    header: list[str]
    rows: list[list[str]]
    total: list[str] | None = None
    figure: str = ""


@dataclass
class Bullets:
    items: list[str]


Item = Paragraph | Fields | Table | Bullets


@dataclass
class Section:
    """A heading with its content and its own subsections (a commitment's milestones…)."""

    heading: str
    items: list[Item] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    anchor: str = ""


@dataclass
class CommitmentBlock:
    """One commitment as the report tells it: its section, and the facts a reader (or a
    test) looks for without parsing it."""

    commitment_id: int
    number: int
    title: str
    completion: str
    section: Section


@dataclass
class Report:
    """A whole document: its title lines, the sections, the closing line."""

    lang: str
    municipality: str
    kind: str  # the document's name: "Self-assessment report", …
    title: str  # the plan (or the commitment)
    lines: list[str]  # under the title: period, plan, …
    generated: str  # "Generated on DD/MM/YYYY"
    generated_on: date
    sections: list[Section]
    closing: str
    commitments: list[CommitmentBlock] = field(default_factory=list)
    filename: str = "report.docx"  # ASCII, for every browser
    filename_utf8: str = ""  # the same in the document's language (RFC 5987)
    #: figure name (a :class:`Table`'s ``figure``) → the charts (SVG) shown beside it.
    charts: dict[str, list[str]] = field(default_factory=dict)


#: Which charts stand beside which figure of the self-assessment report.
FIGURE_CHARTS: dict[str, tuple[str, ...]] = {
    "completion": ("completion", "timeline", "overdue"),
    "attendance": ("attendance",),
}


# Reading ----------------------------------------------------------------------------------
def _commitments_of(plan_id: int | None = None, commitment_id: int | None = None
                    ) -> list[Commitment]:
    """The commitments with what the template shows: three queries (commitments with their
    units and owner joined, milestones)."""
    stmt = (
        select(Commitment)
        .options(
            joinedload(Commitment.owner),
            joinedload(Commitment.owner_unit),
            joinedload(Commitment.lead_unit),
            selectinload(Commitment.milestones).options(
                joinedload(Milestone.owner), joinedload(Milestone.owner_unit)),
        )
        .order_by(Commitment.number, Commitment.id)
    )
    if plan_id is not None:
        stmt = stmt.where(Commitment.plan_id == plan_id)
    if commitment_id is not None:
        stmt = stmt.where(Commitment.id == commitment_id)
    return list(db.session.scalars(stmt).unique())


def _meetings_in(plan: ActionPlan, today: date) -> list[Meeting]:
    """The meetings of the working group and its subgroups held within the plan's period
    (and not after today): held or with approved minutes. Three queries."""
    stmt = (
        select(Meeting)
        .where(Meeting.was_held,
               Meeting.date >= plan.period_start,
               Meeting.date <= min(plan.period_end, today))
        .options(joinedload(Meeting.subgroup), selectinload(Meeting.attendees),
                 selectinload(Meeting.decisions))
        .order_by(Meeting.date, Meeting.subgroup_id.is_not(None), Meeting.number, Meeting.id)
    )
    return list(db.session.scalars(stmt).unique())


# Small wordings ---------------------------------------------------------------------------
def _clean(text: str | None) -> str:
    """Stored text may predate the cleaner; the .docx writer refuses control characters."""
    return strip_controls(text or "").strip()


def _dash(text: str) -> str:
    return text or "—"


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def _period(plan: ActionPlan) -> str:
    return f"{format_day(plan.period_start)} – {format_day(plan.period_end)}"


def _label(vocabulary: type, code: str | None) -> str:
    if not code:
        return ""
    try:
        return str(vocabulary(code).label)
    except ValueError:
        return code


def _group_of(meeting: Meeting) -> str:
    return (meeting.subgroup.name if meeting.subgroup is not None
            else _("Working group"))


def _share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


# The parts of a commitment ----------------------------------------------------------------
def _template_fields(commitment: Commitment) -> Fields:
    """The OGP template, in its order (each value with its sentence, the stakeholders in
    their two lists, the budget in its currency as the report's language writes it)."""
    c = commitment
    values = "\n".join(
        f"{_label(OgpValue, v)}: {_clean(c.value_relevance.get(v))}"
        if c.value_relevance.get(v) else _label(OgpValue, v)
        for v in c.ogp_values or ())
    budget = "\n".join(p for p in (
        format_money(c.budget_amount, c.budget_currency), _clean(c.budget_note)) if p)
    return Fields([
        (_("Problem addressed"), _dash(_clean(c.problem))),
        (_("Description"), _dash(_clean(c.description))),
        (_("How it will contribute to solving the problem"), _dash(_clean(c.solution))),
        (_("Relevance to OGP values"), _dash(values)),
        (_("Lead unit"), _dash(_clean(name_of(commitment.lead_unit_display)))),
        (_("Responsible owner"), _dash(_clean(name_of(commitment.owner_display)))),
        (_("Supporting stakeholders: other government bodies"),
         _dash(_clean("\n".join(stakeholder_names(c.stakeholders_government))))),
        (_("Supporting stakeholders: civil society, private sector, multilaterals"),
         _dash(_clean("\n".join(stakeholder_names(c.stakeholders_other))))),
        (_("Budget"), _dash(budget)),
        (_("Links to other government programmes or the national strategy"),
         _dash(_clean(c.programme_links))),
        (_("Sustainable Development Goals"),
         _dash("\n".join(sdg_label(n) for n in c.sdgs or ()))),
        (_("Additional information"), _dash(_clean(c.additional_info))),
        (_("Start date"), _dash(format_day(commitment.start_date))),
        (_("Deadline"), _dash(format_day(commitment.deadline))),
        (_("State"), COMMITMENT_WORKFLOW.label(commitment.state)),
        (_("Completion level"), str(commitment.completion.label)),
    ])


def _milestones(commitment: Commitment) -> Section:
    section = Section(_("Milestones"))
    if not commitment.milestones:
        section.items.append(Paragraph(_("No milestones have been set.")))
        return section
    rows = [
        [_clean(m.title), format_day(m.deadline),
         _("Done (%(date)s)", date=format_day(m.done_at)) if m.done and m.done_at
         else _yes_no(m.done),
         _dash(_clean(m.evidence))]
        for m in commitment.milestones
    ]
    done = sum(1 for m in commitment.milestones if m.done)
    section.items.append(Table([_("Milestone"), _("Deadline"), _("Done"), _("Evidence")], rows))
    section.items.append(Paragraph(
        _("%(done)d of %(total)d milestones done: completion level “%(level)s”.",
          done=done, total=len(commitment.milestones), level=commitment.completion.label)))
    if evidence := _clean(commitment.completion_evidence):
        section.items.append(Paragraph(evidence, lead=_("Completion evidence")))
    return section


def _report_text(report: ProgressReport) -> str:
    parts = [_clean(report.text)]
    if report.milestones:
        parts.append(_("Milestones: %(titles)s",
                       titles="; ".join(_clean(m.title) for m in report.milestones)))
    evidence = [_clean(f.filename) for f in report.files] + [
        _clean(link) for link in report.links or ()]
    if evidence:
        parts.append(_("Evidence: %(items)s", items=", ".join(evidence)))
    return "\n".join(p for p in parts if p)


def _reports(reports: Sequence[ProgressReport]) -> Section:
    section = Section(_("Progress reports"))
    if not reports:
        section.items.append(Paragraph(_("No progress report has been filed.")))
        return section
    section.items.append(Table(
        [_("Date"), _("Status"), _("Report"), _("Reason")],
        [[format_day(r.reported_on), _label(ReportStatus, r.status), _report_text(r),
          _dash(_clean(r.reason))] for r in reports],
    ))
    return section


def _assessment(assessment: Assessment | None) -> Section:
    section = Section(_("IRM assessment"))
    if assessment is None:
        section.items.append(Paragraph(_("No IRM assessment has been recorded.")))
        return section
    relevance = ", ".join(_label(OgpValue, v) for v in assessment.relevance or ())
    section.items.append(Fields([
        (_("Verifiable"), _yes_no(assessment.verifiable)),
        (_("Relevance to the OGP values"), _dash(relevance)),
        (_("Potential for results"), _label(Potential, assessment.potential)),
        (_("Completion (IRM)"), _label(AssessedCompletion, assessment.completion)),
        (_("Did it open government?"),
         _dash(_label(OpenedGovernment, assessment.opened_government))),
        (_("Source"), _dash(_clean(assessment.source))),
        (_("Assessed on"), format_day(assessment.assessed_on)),
    ]))
    return section


def _next_steps(commitment: Commitment, reports: Sequence[ProgressReport],
                today: date) -> Section:
    section = Section(_("Next steps"))
    if commitment.state == WITHDRAWN:
        section.items.append(Paragraph(_("The commitment was withdrawn.")))
        return section
    steps = []
    for m in commitment.milestones:
        if m.done:
            continue
        if m.deadline < today:
            steps.append(_("%(title)s — overdue since %(date)s",
                           title=_clean(m.title), date=format_day(m.deadline)))
        else:
            steps.append(_("%(title)s — by %(date)s",
                           title=_clean(m.title), date=format_day(m.deadline)))
    if steps:
        section.items.append(Bullets(steps))
    newest = reports[0] if reports else None
    if newest is not None and newest.status in (ReportStatus.DELAYED, ReportStatus.AT_RISK):
        section.items.append(Paragraph(
            _dash(_clean(newest.reason)),
            lead=_("The newest report (%(date)s) says “%(status)s”",
                   date=format_day(newest.reported_on),
                   status=_label(ReportStatus, newest.status))))
    if not section.items:
        section.items.append(Paragraph(
            _("Every milestone is done.") if commitment.milestones
            else _("No milestones have been set.")))
    return section


def _commitment_block(commitment: Commitment, reports: Sequence[ProgressReport],
                      assessment: Assessment | None, today: date) -> CommitmentBlock:
    title = _clean(commitment.title)
    section = Section(
        f"{commitment.number}. {title}",
        [_template_fields(commitment)],
        [_milestones(commitment), _reports(reports), _assessment(assessment),
         _next_steps(commitment, reports, today)],
        anchor=f"commitment-{commitment.id}",
    )
    return CommitmentBlock(commitment.id, commitment.number, title,
                           str(commitment.completion.label), section)


# The plan's figures -----------------------------------------------------------------------
def _completion_table(commitments: Sequence[Commitment]) -> Table:
    counts = {level: 0 for level in CompletionLevel}
    withdrawn = 0
    for c in commitments:
        if c.state == WITHDRAWN:
            withdrawn += 1
        else:
            counts[c.completion] += 1
    rows = [[str(level.label), str(n)] for level, n in counts.items()]
    rows.append([_("Withdrawn"), str(withdrawn)])
    return Table([_("Completion level"), _("Commitments")], rows,
                 total=[_("Total"), str(len(commitments))], figure="completion")


KINDS = (OrgKind.GOVERNMENT, OrgKind.CIVIL_SOCIETY, OrgKind.DONOR, OrgKind.OTHER)


def _meeting_record(plan: ActionPlan, meetings: Sequence[Meeting]) -> Section:
    section = Section(_("2. Co-creation and meeting record"), anchor="meetings")
    section.items.append(Paragraph(ngettext(
        "%(num)d meeting of the working group and its subgroups was held in the action "
        "plan's period (%(period)s).",
        "%(num)d meetings of the working group and its subgroups were held in the action "
        "plan's period (%(period)s).", len(meetings), period=_period(plan))))
    if not meetings:
        return section
    totals = dict.fromkeys(KINDS, 0)
    rows = []
    for meeting in meetings:
        balance = meeting.balance
        for kind in KINDS:
            totals[kind] += balance[kind.value]
        rows.append([format_day(meeting.date),
                     _("Meeting N%(number)d, %(group)s", number=meeting.number,
                       group=_group_of(meeting)),
                     *(str(balance[kind.value]) for kind in KINDS),
                     str(len(meeting.decisions))])
    present = sum(totals.values())
    attendance = Section(_("Meetings held and the balance of attendance"))
    attendance.items.append(Table(
        [_("Date"), _("Meeting"), *(str(kind.label) for kind in KINDS), _("Decisions")], rows,
        total=[_("Total"), "", *(str(totals[kind]) for kind in KINDS),
               str(sum(len(m.decisions) for m in meetings))],
        figure="attendance"))
    attendance.items.append(Paragraph(_(
        "Of %(present)d attendances, government took %(government)s, civil society "
        "%(civil)s, donors %(donor)s and others %(other)s.",
        present=present, government=_share(totals[OrgKind.GOVERNMENT], present),
        civil=_share(totals[OrgKind.CIVIL_SOCIETY], present),
        donor=_share(totals[OrgKind.DONOR], present),
        other=_share(totals[OrgKind.OTHER], present))))
    decisions = Section(_("Decisions taken"))
    for meeting in meetings:
        if meeting.decisions:
            decisions.items.append(Paragraph(
                "", lead=_("Meeting N%(number)d, %(group)s, %(date)s", number=meeting.number,
                           group=_group_of(meeting), date=format_day(meeting.date))))
            decisions.items.append(Bullets(
                [f"{d.number}. {_clean(d.text)}" for d in meeting.decisions]))
    if not decisions.items:
        decisions.items.append(Paragraph(_("No decisions were recorded.")))
    section.children = [attendance, decisions]
    return section


# The documents ----------------------------------------------------------------------------
def _language(lang: str | None) -> str:
    return lang if lang in LANGUAGES else ""


def _generated(today: date) -> str:
    return _("Generated from the tracker's data on %(date)s", date=format_day(today))


def _progress_of(ids: Iterable[int]) -> tuple[dict[int, list[ProgressReport]],
                                               dict[int, Assessment]]:
    ids = list(ids)
    return reports_of(ids), current_assessments(ids)


def build_self_assessment(plan: ActionPlan, *, lang: str | None = None,
                          today: date | None = None) -> Report:
    """The plan's self-assessment report, in ``lang`` (else the request's language)."""
    today = today or local_today()
    chosen = _language(lang)
    if chosen:
        with force_locale(chosen):
            return _self_assessment(plan, today, chosen)
    return _self_assessment(plan, today, "")


def _self_assessment(plan: ActionPlan, today: date, lang: str) -> Report:
    municipality = db.session.get(Municipality, plan.municipality_id)
    commitments = _commitments_of(plan_id=plan.id)
    reports, assessments = _progress_of(c.id for c in commitments)
    meetings = _meetings_in(plan, today)
    blocks = [_commitment_block(c, reports[c.id], assessments.get(c.id), today)
              for c in commitments]

    intro = Section(_("1. Introduction"), anchor="introduction")
    if description := _clean(plan.description):
        intro.items.append(Paragraph(description))
    intro.items.append(Paragraph(ngettext(
        "The action plan holds %(num)d commitment. Its completion, as the milestones give "
        "it on the OGP Independent Reporting Mechanism's scale:",
        "The action plan holds %(num)d commitments. Their completion, as the milestones give "
        "it on the OGP Independent Reporting Mechanism's scale:", len(commitments))))
    intro.items.append(_completion_table(commitments))

    record = _meeting_record(plan, meetings)
    section3 = Section(_("3. Commitments"), anchor="commitments",
                       children=[b.section for b in blocks])
    if not blocks:
        section3.items.append(Paragraph(_("The action plan has no commitments yet.")))
    annex = Section(_("4. Sources"), [Paragraph(_(
        "This report was generated from the records of the OGP Action-Plan Tracker: the "
        "action plan, its commitments and milestones, the meetings of the working group and "
        "its subgroups, the progress reports and the IRM assessments as they stood on "
        "%(date)s.", date=format_day(today)))], anchor="sources")
    language = lang or str(get_locale() or "ka")
    return Report(
        lang=language,
        municipality=municipality.name if municipality else "",
        kind=_("Open Government Partnership (OGP): self-assessment report"),
        title=_clean(plan.title),
        lines=[_("Action plan period: %(period)s", period=_period(plan))],
        generated=_generated(today),
        generated_on=today,
        sections=[intro, record, section3, annex],
        closing=_("End of the report."),
        commitments=blocks,
        filename=f"self-assessment-plan{plan.id}-{today.isoformat()}.docx",
        filename_utf8=f"{_('Self-assessment report')} {today.isoformat()}.docx",
        charts={figure: [plan_charts.render(plan, name, today) for name in names]
                for figure, names in FIGURE_CHARTS.items()},
    )


def build_end_of_commitment(commitment: Commitment, *, lang: str | None = None,
                            today: date | None = None) -> Report:
    """OGP Local's end-of-commitment assessment of one commitment, from the same parts."""
    today = today or local_today()
    chosen = _language(lang)
    if chosen:
        with force_locale(chosen):
            return _end_of_commitment(commitment, today, chosen)
    return _end_of_commitment(commitment, today, "")


def _end_of_commitment(commitment: Commitment, today: date, lang: str) -> Report:
    municipality = db.session.get(Municipality, commitment.municipality_id)
    plan = db.session.get(ActionPlan, commitment.plan_id)
    (loaded,) = _commitments_of(commitment_id=commitment.id)
    reports, assessments = _progress_of([loaded.id])
    block = _commitment_block(loaded, reports[loaded.id], assessments.get(loaded.id), today)
    fields, milestones, progress, assessment, steps = (
        block.section.items[0], *block.section.children)
    achieved = Section(_("2. What was achieved"), [Paragraph(
        block.completion, lead=_("Completion level"))], [milestones, progress])
    lessons = Section(_("4. Lessons learned and next steps"), list(steps.items), [
        Section(_("Lessons learned"), [Paragraph(_(
            "To be completed by the working group: what worked, what did not, and what "
            "the next action plan should carry on."))], anchor="lessons")])
    language = lang or str(get_locale() or "ka")
    return Report(
        lang=language,
        municipality=municipality.name if municipality else "",
        kind=_("OGP Local: end-of-commitment assessment"),
        title=block.section.heading,
        lines=[_clean(plan.title),
               _("Action plan period: %(period)s", period=_period(plan))] if plan else [],
        generated=_generated(today),
        generated_on=today,
        sections=[
            Section(_("1. The commitment"), [fields], anchor="commitment"),
            achieved,
            Section(_("3. Assessment"), list(assessment.items), anchor="assessment"),
            lessons,
        ],
        closing=_("End of the assessment."),
        commitments=[block],
        filename=f"end-of-commitment-{commitment.id}-{today.isoformat()}.docx",
        filename_utf8=(f"{_('End-of-commitment assessment')} {commitment.number} "
                       f"{today.isoformat()}.docx"),
    )
