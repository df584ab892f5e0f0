"""The self-assessment report and the end-of-commitment assessment, generated for the demo
plan through real HTTP and read back: the .docx with python-docx, the printable page as
HTML. "Today" is frozen for the builder, so the date of generation is known."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from urllib.parse import unquote

import pytest
from docx import Document
from sqlalchemy import select

from tracker.accounts.operations import find_user
from tracker.commitments.models import ActionPlan, Commitment
from tracker.demo.napiri import PLAN_TITLE
from tracker.extensions import db
from tracker.meetings.models import Meeting
from tracker.progress.models import Assessment, ProgressReport
from tracker.selfassessment import document

from ..helpers import text_of, working_in

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FROZEN = date(2031, 3, 9)
NAPIRI = "napiri"
CHAIR = ("chair@napiri.example", "demo-chair-2026")
OBSERVER = ("observer@napiri.example", "demo-observer-2026")
MEMBER_ELSEWHERE = ("member@mtisdziri.example", "demo-member-mt-2026")
REPORT_TEXT = "სისტემის სატესტო ვერსია მზადაა; მოქალაქეებმა 12 პეტიცია წარადგინეს."
REASON = "ვებპლატფორმის მომწოდებელმა ვადა გადაწია."


@pytest.fixture
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(document, "local_today", lambda: FROZEN)
    return FROZEN


@pytest.fixture
def demo(app, runner, frozen_today):
    """The demo, with a progress report and an IRM assessment on the petition commitment
    (the demo has none yet) and a hostile title on another commitment."""
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    with working_in(app, NAPIRI):
        plan = db.session.scalars(select(ActionPlan).where(ActionPlan.title == PLAN_TITLE)).one()
        commitments = db.session.scalars(
            select(Commitment).where(Commitment.plan_id == plan.id)
            .order_by(Commitment.number)).all()
        chair = find_user(CHAIR[0])
        petition = commitments[0]
        db.session.add(ProgressReport(
            commitment_id=petition.id, author_id=chair.id,
            reported_on=frozen_today - timedelta(days=3), text=REPORT_TEXT, status="delayed",
            reason=REASON, links=["https://napiri.example/petitions"]))
        db.session.add(Assessment(
            commitment_id=petition.id, verifiable=True,
            relevance=["civic_participation"], potential="modest", completion="limited",
            opened_government=None, source="IRM-ის ანგარიში 2026", assessed_on=frozen_today,
            recorded_by_id=chair.id))
        # Control characters are refused on input; an old row may still hold one.
        commitments[-1].title = "<script>alert(1)</script> ქაღალდი\x0b & \"ბრჭყალები\""
        db.session.commit()
        facts = {
            "plan_id": plan.id,
            "commitments": [
                (c.id, c.number, c.title.replace("\x0b", ""), str(c.completion.label),
                 [m.title for m in c.milestones])
                for c in commitments
            ],
            "petition": petition.id,
        }
        facts["held"] = len(db.session.scalars(
            select(Meeting).where(Meeting.state.in_(("monitored", "completed")),
                                  Meeting.date >= plan.period_start,
                                  Meeting.date <= plan.period_end)).all())
    return facts


def _login(app, who: tuple[str, str]):
    browser = app.test_client()
    response = browser.login(*who)
    assert response.status_code == 302
    return browser


def _docx_text(data: bytes) -> str:
    """Every paragraph and table cell of the document, one a line."""
    doc = Document(io.BytesIO(data))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def test_the_chair_downloads_the_demo_plans_report_in_one_click(app, demo) -> None:
    chair = _login(app, CHAIR)
    plans = chair.get(f"/m/{NAPIRI}/plans/")
    link = f"/m/{NAPIRI}/plans/{demo['plan_id']}/self-assessment.docx"
    assert f'href="{link}"' in plans.get_data(as_text=True)

    response = chair.get(link)
    assert response.status_code == 200
    assert response.mimetype == DOCX
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    ascii_name = re.search(r'filename="([^"]+)"', disposition).group(1)
    assert ascii_name == f"self-assessment-plan{demo['plan_id']}-2031-03-09.docx"
    assert unquote(disposition.split("filename*=UTF-8''")[1]).startswith("თვითშეფასების")

    text = _docx_text(response.data)
    assert PLAN_TITLE in text  # Georgian intact, exactly
    assert "09/03/2031" in text  # the date of generation, the frozen today
    assert "ღია მმართველობის პარტნიორობა (OGP): თვითშეფასების ანგარიში" in text
    for _id, number, title, completion, milestones in demo["commitments"]:
        assert f"{number}. {title}" in text
        assert completion in text
        for milestone in milestones:
            assert milestone in text
    assert REPORT_TEXT in text and REASON in text  # the progress report and the next step
    assert "IRM-ის ანგარიში 2026" in text  # the assessment's source
    doc = Document(io.BytesIO(response.data))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert len([h for h in headings if h.startswith(("1.", "2.", "3.", "4."))]) >= 4


def test_the_meeting_record_counts_the_meetings_and_the_balance(app, demo) -> None:
    """A row per meeting held in the period, and a total row whose figures are the sums of
    the rows (the balance of government, civil society, donors and others)."""
    data = _login(app, CHAIR).get(
        f"/m/{NAPIRI}/plans/{demo['plan_id']}/self-assessment.docx").data
    [table] = [t for t in Document(io.BytesIO(data)).tables
               if "სამოქალაქო საზოგადოება" in [c.text for c in t.rows[0].cells]]
    header, *meetings, total = [[c.text for c in row.cells] for row in table.rows]
    assert demo["held"] >= 2 and len(meetings) == demo["held"]
    kinds = range(2, len(header) - 1)  # between "meeting" and "decisions"
    for column in (*kinds, len(header) - 1):
        assert int(total[column]) == sum(int(row[column]) for row in meetings)
    assert sum(int(total[column]) for column in kinds) > 0


def test_the_printable_page_says_the_same(app, demo) -> None:
    response = _login(app, OBSERVER).get(f"/m/{NAPIRI}/plans/{demo['plan_id']}/self-assessment")
    assert response.status_code == 200
    page = text_of(response)
    assert PLAN_TITLE in page and "09/03/2031" in page
    for _id, number, title, completion, milestones in demo["commitments"]:
        assert f"{number}. {title}" in page
        assert completion in page
        for milestone in milestones:
            assert milestone in page
    html = response.get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "style=" not in html.split('<article class="report"')[1]
    assert "css/report.css" in html


def test_the_english_document_exists(app, demo) -> None:
    chair = _login(app, CHAIR)
    response = chair.get(f"/m/{NAPIRI}/plans/{demo['plan_id']}/self-assessment.docx?lang=en")
    text = _docx_text(response.data)
    assert "Open Government Partnership (OGP): self-assessment report" in text
    assert "1. Introduction" in text and "Generated from the tracker's data on 09/03/2031" in text
    assert PLAN_TITLE in text  # the data stays as written
    assert chair.get(f"/m/{NAPIRI}/plans/{demo['plan_id']}/self-assessment?lang=xx"
                     ).status_code == 422


def test_the_end_of_commitment_assessment(app, demo) -> None:
    chair = _login(app, CHAIR)
    petition = demo["petition"]
    page = chair.get(f"/m/{NAPIRI}/commitments/{petition}")
    assert f"/m/{NAPIRI}/commitments/{petition}/end-of-commitment" in page.get_data(as_text=True)
    response = chair.get(f"/m/{NAPIRI}/commitments/{petition}/end-of-commitment.docx")
    assert response.status_code == 200 and response.mimetype == DOCX
    text = _docx_text(response.data)
    _id, number, title, completion, milestones = demo["commitments"][0]
    assert f"{number}. {title}" in text and completion in text
    assert all(m in text for m in milestones)
    assert REPORT_TEXT in text and "09/03/2031" in text
    printable = chair.get(f"/m/{NAPIRI}/commitments/{petition}/end-of-commitment")
    assert printable.status_code == 200 and title in text_of(printable)


def test_over_the_api(app, demo, api) -> None:
    with working_in(app, NAPIRI):
        chair = find_user(CHAIR[0])
    client = api(chair)
    response = client.get(f"/plans/{demo['plan_id']}/self-assessment.docx")
    assert response.status_code == 200 and response.mimetype == DOCX
    assert PLAN_TITLE in _docx_text(response.data)
    response = client.get(f"/commitments/{demo['petition']}/end-of-commitment.docx?lang=en")
    assert response.status_code == 200
    assert "end-of-commitment assessment" in _docx_text(response.data)
    spec = client.get("/openapi.json").get_json()
    assert DOCX in spec["paths"]["/plans/{id}/self-assessment.docx"]["get"]["responses"]["200"][
        "content"]


def test_another_municipality_does_not_find_the_plan(app, demo) -> None:
    outsider = _login(app, MEMBER_ELSEWHERE)
    plan = demo["plan_id"]
    assert outsider.get(f"/m/{NAPIRI}/plans/{plan}/self-assessment.docx").status_code == 404
    assert outsider.get(f"/m/mtisdziri/plans/{plan}/self-assessment.docx").status_code == 404
    assert outsider.get(f"/m/mtisdziri/plans/{plan}/self-assessment").status_code == 404
    assert outsider.get(
        f"/m/mtisdziri/commitments/{demo['petition']}/end-of-commitment.docx").status_code == 404
    assert outsider.get(f"/api/v1/plans/{plan}/self-assessment.docx").status_code == 404


def test_an_observer_reads_and_a_visitor_logs_in(app, demo, client) -> None:
    observer = _login(app, OBSERVER)
    assert observer.get(
        f"/m/{NAPIRI}/plans/{demo['plan_id']}/self-assessment.docx").status_code == 200
    response = client.get(f"/m/{NAPIRI}/plans/{demo['plan_id']}/self-assessment.docx")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_hostile_title_stays_text_in_the_docx(app, demo) -> None:
    data = _login(app, CHAIR).get(
        f"/m/{NAPIRI}/plans/{demo['plan_id']}/self-assessment.docx").data
    text = _docx_text(data)  # python-docx parses it: the XML is well formed
    assert "<script>alert(1)</script> ქაღალდი & \"ბრჭყალები\"" in text
    assert "\x0b" not in text


def test_the_report_is_read_in_a_fixed_number_of_queries(app, demo, query_counter) -> None:
    """More milestones do not mean more queries (no query per milestone or report)."""
    chair = _login(app, CHAIR)
    url = f"/m/{NAPIRI}/plans/{demo['plan_id']}/self-assessment.docx"
    chair.get(url)
    with query_counter() as before:
        chair.get(url)
    with working_in(app, NAPIRI):
        commitment = db.session.get(Commitment, demo["petition"])
        user = find_user(CHAIR[0])
        from tracker.commitments import operations as ops
        for n in range(5):
            ops.add_milestone(commitment, user, {
                "title": f"დამატებითი ეტაპი {n}", "owner_id": None,
                "deadline": FROZEN + timedelta(days=n)})
            db.session.add(ProgressReport(
                commitment_id=commitment.id, author_id=user.id, reported_on=FROZEN,
                text=f"ანგარიში {n}", status="on_track", reason="", links=[]))
        db.session.commit()
    with query_counter() as after:
        chair.get(url)
    assert after.count == before.count


def test_the_report_pictures_its_figures(app, demo) -> None:
    """Beside the completion table the completion, timeline and overdue charts, beside the
    attendance table the attendance chart: inline SVG on the page, pictures in the .docx."""
    chair = _login(app, CHAIR)
    html = chair.get(f"/m/{NAPIRI}/plans/{demo['plan_id']}/self-assessment").get_data(
        as_text=True)
    shown = re.findall(r'<figure class="report__chart"><svg [^>]*class="chart chart--(\w+)"',
                       html)
    assert shown == ["completion", "timeline", "overdue", "attendance"]
    assert "<script" not in html.split('<article', 1)[1].replace("&lt;script", "")
    data = chair.get(f"/m/{NAPIRI}/plans/{demo['plan_id']}/self-assessment.docx").data
    pictures = Document(io.BytesIO(data)).inline_shapes
    assert len(pictures) == 4
    assert all(abs(p.width.cm - 16) < 0.01 for p in pictures)


def test_without_cairo_the_docx_keeps_its_tables(app, demo, monkeypatch) -> None:
    """A machine without the cairo library still gets the whole report, only no pictures."""
    from tracker.charts import png

    monkeypatch.setattr(png, "_cairosvg", lambda: None)
    data = _login(app, CHAIR).get(
        f"/m/{NAPIRI}/plans/{demo['plan_id']}/self-assessment.docx").data
    opened = Document(io.BytesIO(data))
    assert len(opened.inline_shapes) == 0
    assert all(title in _docx_text(data) for _, _, title, _, _ in demo["commitments"])
