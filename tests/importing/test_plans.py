"""The action-plan importer (issue 16): the corpus in ``plans/`` read field by field, saving
through the commitments' operations (dry run, re-import, what is never touched), the
upload with its review, and hostile text."""

from __future__ import annotations

import importlib.util
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from tracker.audit.models import AuditEntry
from tracker.commitments.importing import SKIP, UNCHANGED, UPDATE, save_plan
from tracker.commitments.models import ActionPlan, Commitment, Milestone
from tracker.extensions import db
from tracker.importing.plan import (
    PlanImportError,
    parse_plan,
    plan_as_json,
    read_plan_upload,
)
from tracker.importing.plan.model import plan_from_json
from tracker.workflow import DRAFT, MONITORED

ROOT = Path(__file__).resolve().parents[2]
PLANS = Path(__file__).parent / "plans"


def _load_scorer() -> Any:
    spec = importlib.util.spec_from_file_location("bench_imports", ROOT / "bench" / "imports.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


scorer = _load_scorer()
DOCUMENTS = sorted(path for path in PLANS.iterdir() if scorer.build.is_document(path))


def parsed_document(path: Path) -> Any:
    data, filename = scorer.build.document_bytes(path)
    return parse_plan(read_plan_upload(data, filename))


def test_the_corpus_has_every_layout() -> None:
    names = [path.name for path in DOCUMENTS]
    assert len(names) >= 9
    for part in ("_tables.docx", "mtisubani_tables.docx", "long_table.docx", "headings.docx",
                 ".txt", ".pdf", "matrix.txt", "grouped.docx", "sections.txt"):
        assert any(part in name for name in names), part


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.name)
def test_each_plan_reads_as_its_truth(app_ctx, path: Path) -> None:
    truth_path = PLANS / f"{scorer.build.document_stem(path)}.truth.json"
    truth = json.loads(truth_path.read_text("utf-8"))
    assert scorer.truth_problems(truth, "plans") == []
    score = scorer.score_document(path, truth_path, "plans")
    assert [(w.field, w.expected, w.got) for w in score.wrong] == []
    assert score.right == score.expected > 50


def test_every_template_field_of_the_georgian_tables(app_ctx) -> None:
    plan = parsed_document(PLANS / "plan01_lazureti_tables.docx.json")
    first = plan.commitments[0]
    assert first.missing == []
    assert first.value_relevance.keys() == {"access_to_information", "public_accountability"}
    assert str(first.budget_amount) == "18000.00" and first.budget_currency == "GEL"
    assert plan.problems == []


def test_the_json_of_a_parse_comes_back_the_same(app_ctx) -> None:
    plan = parsed_document(PLANS / "plan02_mtisubani_tables.docx.json")
    assert plan_from_json(json.loads(json.dumps(plan_as_json(plan)))) == plan


def test_a_word_cell_of_several_paragraphs_keeps_its_names_apart(app_ctx) -> None:
    from docx import Document

    document = Document()
    document.add_paragraph("Action plan of Mtisubani 2025-2026")
    table = document.add_table(rows=3, cols=2)
    table.rows[0].cells[0].text = "Commitment title"
    table.rows[0].cells[1].text = "Open data"
    table.rows[1].cells[0].text = "Other government actors"
    cell = table.rows[1].cells[1]
    cell.text = "Finance Service"
    cell.add_paragraph("City Council Office")
    table.rows[2].cells[0].text = "End date"
    table.rows[2].cells[1].text = "31.12.2026"
    out = io.BytesIO()
    document.save(out)
    plan = parse_plan(read_plan_upload(out.getvalue(), "plan.docx"))
    assert plan.commitments[0].stakeholders_government == ["Finance Service",
                                                           "City Council Office"]
    assert (plan.period_start.isoformat(), plan.period_end.isoformat()) == (
        "2025-01-01", "2026-12-31")


def test_what_could_not_be_read_is_listed_with_where(app_ctx) -> None:
    text = ("Action plan 2025-2026\n"
            "Commitment 1: Open budget\n"
            "Start date: soon\n"
            "Favourite colour: blue\n"
            "SDGs: 16, 42\n"
            "Milestones:\n"
            "1. Publish the data\n")
    plan = parse_plan(text)
    codes = {(p.code, p.commitment) for p in plan.problems}
    assert {("bad_date", 1), ("bad_sdg", 1), ("milestone_no_date", 1)} <= codes
    kept = plan.commitments[0].description + plan.commitments[0].additional_info
    assert "Favourite colour: blue" in kept  # no label of the template: kept, not dropped


def test_the_templates_questions_are_labels_and_a_date_takes_one_line(app_ctx) -> None:
    text = ("სამოქმედო გეგმა 2025-2026\n"
            "ვალდებულება 1: ღია ბიუჯეტი\n"
            "დაწყების და დასრულების თარიღი\n"
            "01.03.2025 – 30.06.2026\n"
            "რა პრობლემას პასუხობს ვალდებულება?\n"
            "ხარჯვა გაუმჭვირვალეა.\n"
            "ვალდებულების აღწერა\n"
            "მონაცემები გამოქვეყნდება.\n"
            "როგორ შეუწყობს ხელს პრობლემის გადაჭრას?\n"
            "ხარჯვა საჯარო გახდება.\n")
    commitment = parse_plan(text).commitments[0]
    assert (commitment.start_date.isoformat(), commitment.deadline.isoformat()) == (
        "2025-03-01", "2026-06-30")
    assert commitment.problem == "ხარჯვა გაუმჭვირვალეა."
    assert commitment.description == "მონაცემები გამოქვეყნდება."
    assert commitment.solution == "ხარჯვა საჯარო გახდება."


def test_a_line_after_a_date_is_not_swallowed_by_it(app_ctx) -> None:
    commitment = parse_plan("Commitment 1: Open data\nEnd date\n31.12.2026\n"
                            "The city opens its data.\n").commitments[0]
    assert commitment.deadline.isoformat() == "2026-12-31"
    assert commitment.description == "The city opens its data."


QUESTIONS = PLANS / "questions"


def test_ogp_locals_english_template_with_its_questions(app_ctx) -> None:
    """The template as OGP Local words it: questions as labels, "Status quo", the contact
    block with "Title, Department" and "Email and Phone", "State actors involved"."""
    c = parse_plan((QUESTIONS / "ogp_local_en.txt").read_text("utf-8")).commitments[0]
    assert (c.number, c.title) == (1, "Open contracting portal")
    assert (str(c.start_date), str(c.deadline)) == ("2025-03-01", "2026-06-30")
    assert c.problem.startswith("Procurement data is scattered.")
    assert "scanned PDFs" in c.problem  # the status quo is part of the problem
    assert c.description == "A portal with all contracts in open formats."
    assert c.solution == "Citizens can follow every contract."
    assert c.value_relevance == {"access_to_information": "contracts become public.",
                                 "public_accountability": "spending can be checked."}
    assert (c.owner, c.lead_unit) == ("Nino Beridze", "Procurement Department")
    assert c.owner_contact.startswith("Head, Procurement Department, nino@example.ge")
    assert c.stakeholders_government == ["City Council"]
    assert c.stakeholders_other == ["Transparency Club", "Local Business Association"]
    assert [(m.title, str(m.start_date), str(m.deadline)) for m in c.milestones] == [
        ("Portal design", "2025-04-01", "2025-09-30"),
        ("Launch of the portal", "2025-10-01", "2026-03-31")]


def test_the_georgian_template_with_its_questions(app_ctx) -> None:
    c = parse_plan((QUESTIONS / "ogp_local_ka.txt").read_text("utf-8")).commitments[0]
    assert (str(c.start_date), str(c.deadline)) == ("2025-01-01", "2026-12-31")
    assert c.problem and c.description and c.solution
    assert c.problem != c.solution and "რუკა" in c.description
    assert list(c.value_relevance) == ["civic_participation"]
    assert (c.owner, c.owner_contact) == (
        "გიორგი ტესტაძე", "უფროსი, ურბანული დაგეგმარების სამსახური, g@example.ge")
    assert (c.stakeholders_government, c.stakeholders_other) == (["საკრებულო"],
                                                                ["ქალაქის კლუბი"])
    assert str(c.budget_amount) == "12500.00" and c.additional_info == ""


def test_labels_with_colons_and_a_milestone_list_with_its_parts_in_brackets(app_ctx) -> None:
    c = parse_plan((QUESTIONS / "colon_lines_ka.txt").read_text("utf-8")).commitments[0]
    assert c.ogp_values == ["access_to_information", "civic_participation"]
    assert c.description == "მომზადდება მოქალაქეთა ბიუჯეტი მარტივ ენაზე."
    assert [(m.title, str(m.deadline), m.responsible_text) for m in c.milestones] == [
        ("მოქალაქეთა ბიუჯეტის შემუშავება", "2025-06-30", "საფინანსო-საბიუჯეტო სამსახური"),
        ("საჯარო განხილვა", "2025-09-30", "საზოგადოებრივ ურთიერთობათა სამსახური"),
        ("გამოქვეყნება ვებგვერდზე", "2025-12-31", "საფინანსო-საბიუჯეტო სამსახური")]


@pytest.mark.parametrize(("question", "field"), [
    ("How will the commitment promote transparency?", "value:access_to_information"),
    ("How will the commitment help foster accountability?", "value:public_accountability"),
    ("How will the commitment improve citizen participation in defining solutions?",
     "value:civic_participation"),
    ("რა პრობლემის გადაჭრას ემსახურება ვალდებულება?", "problem"),
    ("როგორ შეუწყობს ხელს ვალდებულება პრობლემის გადაჭრას?", "solution"),
    ("What problem does the commitment address?", "problem"),
    ("How will the commitment contribute to solve the problem?", "solution"),
    ("რას გულისხმობს ვალდებულება?", "description"),
    ("The city will publish budgets. Why?", None),
    ("როგორც წესი, პრობლემა მწვავეა.", None),
])
def test_the_templates_questions_name_their_fields(question: str, field: str | None) -> None:
    from tracker.importing.plan.labels import label_of

    assert label_of(question, whole=True) == field


@pytest.mark.parametrize(("text", "start", "end"), [
    ("Q2 2025", "2025-04-01", "2025-06-30"),
    ("2025 Q3", "2025-07-01", "2025-09-30"),
    ("2025 წლის II კვარტალი", "2025-04-01", "2025-06-30"),
    ("2025 წ. III კვ.", "2025-07-01", "2025-09-30"),
    ("IV კვარტალი, 2025", "2025-10-01", "2025-12-31"),
    ("2025 წლის მეორე კვარტლის ბოლომდე", "2025-04-01", "2025-06-30"),
    ("2025 წლის მე-3 კვარტალი", "2025-07-01", "2025-09-30"),
    ("second quarter of 2026", "2026-04-01", "2026-06-30"),
    ("first half of 2026", "2026-01-01", "2026-06-30"),
    ("2026 წლის II ნახევარი", "2026-07-01", "2026-12-31"),
    ("2025 წლის ბოლომდე", "2025-12-31", "2025-12-31"),
    ("end of 2026", "2026-12-31", "2026-12-31"),
    ("2026 წლის ივნისამდე", "2026-06-01", "2026-06-30"),
])
def test_quarters_halves_and_a_years_end_are_dates(text: str, start: str, end: str) -> None:
    from tracker.importing.plan.fields import one_date

    assert (str(one_date(text)), str(one_date(text, end=True))) == (start, end)


def test_a_range_of_quarters_is_the_first_day_to_the_last(app_ctx) -> None:
    from tracker.importing.plan.fields import date_range

    assert [str(d) for d in date_range("2025 წლის I კვარტალი – 2026 წლის IV კვარტალი")] == [
        "2025-01-01", "2026-12-31"]
    assert date_range("Quarterly reports, 5 quarters") == (None, None)


def test_a_text_without_commitments_is_refused(app_ctx) -> None:
    with pytest.raises(PlanImportError) as refused:
        parse_plan("Minutes of the meeting\nThe group met and talked.")
    assert refused.value.reason == "not_a_plan"


@pytest.mark.parametrize(("data", "name", "reason"), [
    (b"", "plan.docx", "empty"),
    (b"plan", "plan.doc", "unsupported_type"),
    (b"PK\x03\x04 not a zip", "plan.docx", "bad_docx"),
    (b"\x00\x01\x02" * 50, "plan.txt", "binary"),
])
def test_bad_files_are_refused_with_the_readers_reasons(app_ctx, data, name, reason) -> None:
    with pytest.raises(PlanImportError) as refused:
        read_plan_upload(data, name)
    assert refused.value.reason == reason


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400), st.sampled_from(["Commitment 1: ", "ვალდებულება 2. ",
                                               "ეტაპები:\n", "Budget: ", ""]))
def test_hostile_text_is_read_or_refused_never_a_crash(text: str, prefix: str) -> None:
    try:
        plan = parse_plan(prefix + text)
    except PlanImportError:
        return
    assert plan_from_json(json.loads(json.dumps(plan_as_json(plan)))) == plan


_PIECES = st.sampled_from([
    "ვალდებულება 1", "II.", "№", "ვალდებულება", "პრობლემა", "ეტაპები", "ეტაპის ვადა",
    "პასუხისმგებელი", "წამყვანი უწყება / საკონტაქტო პირი", "ბიუჯეტი (ლარი)", "☑", "[ ]", "—",
    "Start date / დაწყება", "31.12.2026", "2025 წლის II კვარტალი", "end-2026", "ა(ა)იპ „",
    "¶", "(", ")", "1.", "ღირებულება", "მონიშვნა", "სახელი, გვარი", ":", "............ 3",
])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.one_of(_PIECES, st.text(max_size=30)), min_size=1, max_size=6),
                min_size=1, max_size=25))
def test_hostile_tables_and_labels_are_read_or_refused_never_a_crash(
        rows: list[list[str]]) -> None:
    """Rows of cells built from the template's labels, marks and dates in any order (a header
    of a plan-wide table, a milestone table, a three-column group) and any text."""
    text = "\n".join("\t".join(cells) for cells in rows)
    try:
        plan = parse_plan(text)
    except PlanImportError:
        return
    assert plan_from_json(json.loads(json.dumps(plan_as_json(plan)))) == plan


# Saving ------------------------------------------------------------------------------------------
def _count(model: Any) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_a_dry_run_changes_nothing(app_ctx, users) -> None:
    plan = parsed_document(PLANS / "plan05_lazureti.txt")
    before = (_count(ActionPlan), _count(Commitment), _count(Milestone))
    result = save_plan(plan, users["chair"], dry_run=True)
    assert [outcome.action for outcome in result.commitments] == ["create"] * 3
    assert (_count(ActionPlan), _count(Commitment), _count(Milestone)) == before


def test_saving_matches_the_directory_and_keeps_every_other_name(app_ctx, users,
                                                                 make_unit) -> None:
    make_unit("ფინანსური სამსახური")
    plan = parsed_document(PLANS / "plan01_lazureti_tables.docx.json")
    result = save_plan(plan, users["chair"])
    db.session.flush()
    first = db.session.get(Commitment, result.commitments[0].commitment_id)
    assert first.state == DRAFT and first.lead_unit.name == "ფინანსური სამსახური"
    assert first.lead_unit_text == ""  # linked: no words kept beside the link
    # No account: the contact person is kept as the plan names them, not in the
    # additional information (which is the document's own).
    assert (first.owner_id, first.owner_text) == (None, "თამარ ქორიძე")
    assert first.owner_display.name == "თამარ ქორიძე" and not first.owner_display.linked
    assert first.additional_info == "მონაცემები გამოქვეყნდება CSV და XLSX ფორმატებში."
    assert first.sdgs == [16] and first.budget_note == "მუნიციპალური ბიუჯეტი"
    assert [m.owner_unit.name for m in first.milestones[:2]] == ["ფინანსური სამსახური"] * 2
    assert [m.owner_text for m in first.milestones] == ["", "", "ლაზურეთის ახალგაზრდული ცენტრი"]
    assert [(n.name, n.linked) for n in (m.owner_display for m in first.milestones)] == [
        ("ფინანსური სამსახური", True), ("ფინანსური სამსახური", True),
        ("ლაზურეთის ახალგაზრდული ცენტრი", False)]
    assert result.commitments[0].kept_as_text == ["თამარ ქორიძე",
                                                  "ლაზურეთის ახალგაზრდული ცენტრი"]
    assert {e["name"] for e in first.stakeholders_other} == {
        "ა(ა)იპ „ღია ქალაქის ინსტიტუტი“", "ლაზურეთის ახალგაზრდული ცენტრი"}


def test_importing_again_updates_drafts_and_skips_a_monitored_one(app_ctx, users) -> None:
    plan = parsed_document(PLANS / "plan05_lazureti.txt")
    first = save_plan(plan, users["chair"])
    monitored = db.session.get(Commitment, first.commitments[1].commitment_id)
    monitored.state = MONITORED
    before = monitored.title
    db.session.flush()
    plan.commitments[0].problem = "A new problem statement."
    plan.commitments[1].title = "Changed while monitored"
    plan.commitments[0].milestones[0].deadline = plan.commitments[0].deadline
    again = save_plan(plan, users["chair"])
    assert [o.action for o in again.commitments] == [UPDATE, SKIP, UNCHANGED]
    assert _count(ActionPlan) == 1 and _count(Commitment) == 3 and _count(Milestone) == 7
    updated = db.session.get(Commitment, first.commitments[0].commitment_id)
    assert updated.problem == "A new problem statement."
    assert updated.milestones[-1].deadline == plan.commitments[0].deadline
    assert monitored.title == before


def test_importing_the_same_plan_again_changes_nothing_and_says_so(app_ctx, users) -> None:
    plan = parsed_document(PLANS / "plan05_lazureti.txt")
    save_plan(plan, users["chair"])
    db.session.flush()
    entries = _count(AuditEntry)
    again = save_plan(plan, users["chair"])
    assert [o.action for o in again.commitments] == [UNCHANGED] * 3
    assert again.as_json()["summary"] == {"create": 0, "update": 0, "unchanged": 3, "skip": 0}
    assert _count(AuditEntry) == entries  # no empty edit in anyone's history


def test_names_kept_as_text_become_links_once_the_directory_has_them(
        app_ctx, users, make_unit) -> None:
    """Imported before the unit is in the directory, the lead unit and a milestone's
    responsible are the plan's words; imported again after, they are linked and the words
    go (the link says it). Searching the agency's name finds the commitment meanwhile."""
    from tracker.commitments.queries import CommitmentFilters, list_commitments
    from tracker.commitments.search import commitment_document
    from tracker.paging import Paging

    plan = parsed_document(PLANS / "plan01_lazureti_tables.docx.json")
    first = save_plan(plan, users["chair"])
    db.session.flush()
    commitment = db.session.get(Commitment, first.commitments[0].commitment_id)
    assert (commitment.lead_unit_id, commitment.lead_unit_text) == (None, "ფინანსური სამსახური")
    assert commitment.lead_unit_display.name == "ფინანსური სამსახური"
    assert not commitment.lead_unit_display.linked
    assert [m.owner_text for m in commitment.milestones][:2] == ["ფინანსური სამსახური"] * 2
    assert "ფინანსური" not in commitment.additional_info
    assert "ფინანსური სამსახური" in commitment_document(commitment)
    found = list_commitments(CommitmentFilters(text="ქორიძეს"), Paging()).items
    assert [c.id for c in found] == [commitment.id]  # the contact person, only in owner_text

    unit = make_unit("ფინანსური სამსახური")
    again = save_plan(plan, users["chair"])
    assert again.commitments[0].action == UPDATE
    db.session.expire_all()
    commitment = db.session.get(Commitment, first.commitments[0].commitment_id)
    assert (commitment.lead_unit_id, commitment.lead_unit_text) == (unit.id, "")
    assert commitment.lead_unit_display.linked and commitment.lead_unit_display.unit == unit
    assert [(m.owner_unit_id, m.owner_text) for m in commitment.milestones][:2] == [
        (unit.id, "")] * 2
    assert commitment.owner_text == "თამარ ქორიძე"  # still no account of that name
    assert save_plan(plan, users["chair"]).commitments[0].action == UNCHANGED


def test_a_milestone_the_document_dropped_is_kept_and_named(app_ctx, users) -> None:
    plan = parsed_document(PLANS / "plan05_lazureti.txt")
    first = save_plan(plan, users["chair"])
    dropped = plan.commitments[0].milestones.pop(0)
    again = save_plan(plan, users["chair"])
    outcome = again.commitments[0]
    assert outcome.milestones_not_in_document == [dropped.title]
    commitment = db.session.get(Commitment, first.commitments[0].commitment_id)
    assert dropped.title in [m.title for m in commitment.milestones]
    assert again.commitments[1].milestones_not_in_document == []


def test_a_member_may_not_import_a_plan(app_ctx, users) -> None:
    from tracker.errors import PermissionDenied

    plan = parsed_document(PLANS / "plan05_lazureti.txt")
    with pytest.raises(PermissionDenied):
        save_plan(plan, users["member"])


# The upload and its review ----------------------------------------------------------------------
def _upload(browser: Any, data: bytes, name: str) -> Any:
    return browser.post("/plans/import", data={"plan_file": (io.BytesIO(data), name)},
                        content_type="multipart/form-data")


def test_a_chair_uploads_reviews_and_saves_the_plan(browse_as, users, app) -> None:
    chair = browse_as("chair")
    data, name = scorer.build.document_bytes(PLANS / "plan01_lazureti_tables.docx.json")
    assert chair.get("/plans/").status_code == 200
    assert "/plans/import" in chair.get("/plans/").get_data(as_text=True)
    review = _upload(chair, data, name)
    page = review.get_data(as_text=True)
    assert review.status_code == 200
    assert "პლატფორმის ამოქმედება" in page and "თამარ ქორიძე" in page
    payload = page.split('name="payload" type="hidden" value="')[1].split('"')[0]
    tampered = chair.post("/plans/import/confirm", data={"payload": payload[:-3] + "xyz"})
    assert tampered.status_code == 422
    saved = chair.post("/plans/import/confirm", data={"payload": payload})
    assert saved.status_code == 302
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(Commitment)).scalar_one() == 3
        assert db.session.execute(select(func.count()).select_from(Milestone)).scalar_one() == 7


def test_the_review_lists_what_could_not_be_read(browse_as) -> None:
    chair = browse_as("chair")
    text = "Action plan 2025-2026\nCommitment 1: Open budget\nStart date: soon\n"
    page = _upload(chair, text.encode(), "plan.txt").get_data(as_text=True)
    assert "import-problems" in page and "soon" in page


def test_upload_refusals(browse_as) -> None:
    assert _upload(browse_as("member"), b"x", "plan.txt").status_code == 403
    assert browse_as("member").get("/plans/import").status_code == 403
    chair = browse_as("chair")
    assert _upload(chair, b"", "plan.txt").status_code == 422
    refused = _upload(chair, b"plan", "plan.doc")
    assert refused.status_code == 422
    assert _upload(chair, "ოქმი N5\nსხდომა გაიმართა".encode(), "p.txt").status_code == 422


def test_a_unit_named_with_its_city_hall_is_the_directorys_and_a_contact_keeps_its_details(
        app_ctx, users, make_unit) -> None:
    make_unit("Finance Department")
    plan = parse_plan("Action plan 2025-2026\nCommitment 1: Open budget\n"
                      "Lead implementing agency: Finance Department, Testville City Hall\n"
                      "Contact person: Ana Tester, Head of Budget Unit, ana@example.ge\n"
                      "End date: 31.12.2026\n")
    result = save_plan(plan, users["chair"])
    db.session.flush()
    commitment = db.session.get(Commitment, result.commitments[0].commitment_id)
    assert commitment.lead_unit.name == "Finance Department"
    assert commitment.lead_unit_text == ""
    assert commitment.owner_text == "Ana Tester (Head of Budget Unit, ana@example.ge)"


def test_a_report_on_a_plan_is_refused_not_imported_as_one(app_ctx) -> None:
    text = ("ქ. სატესტოს ღია მმართველობის სამოქმედო გეგმის შესრულების შუალედური ანგარიში\n"
            "ვალდებულება 1. ღია ბიუჯეტი\nშესრულების დონე: შესრულებულია\n")
    with pytest.raises(PlanImportError) as refused:
        parse_plan(text)
    assert refused.value.reason == "not_a_plan" and "ანგარიში" in refused.value.message


def test_a_summary_table_then_each_commitments_details_are_one_commitment_each(app_ctx) -> None:
    text = ("სატესტოს სამოქმედო გეგმა 2025–2026\n"
            "№\tვალდებულება\tგანხორციელების ვადა\tწამყვანი უწყება\tპრობლემა\n"
            "1\tღია ბიუჯეტი\tსექ. 2025 – ივნ. 2026\tფინანსური სამსახური\tგაუმჭვირვალეა\n"
            "2\tპეტიციები\tიან. 2026 – დეკ. 2026\tაპარატი\tქაღალდზეა\n"
            "ვალდებულება 1 — ღია ბიუჯეტი\n"
            "საკონტაქტო პირი\tანა ტესტაძე\n"
            "მე-2 ვალდებულება: პეტიციები\n"
            "ბიუჯეტი 5 ათასი\n")
    plan = parse_plan(text)
    assert [(c.number, c.title) for c in plan.commitments] == [(1, "ღია ბიუჯეტი"),
                                                               (2, "პეტიციები")]
    first, second = plan.commitments
    assert (str(first.start_date), str(first.deadline)) == ("2025-09-01", "2026-06-30")
    assert first.owner == "ანა ტესტაძე" and first.lead_unit == "ფინანსური სამსახური"
    assert second.budget_amount is not None


def test_a_two_column_layouts_labels_and_values_apart_by_spaces(app_ctx) -> None:
    text = ("სატესტოს სამოქმედო გეგმა\nპერიოდი: 2025–2026\n1-ლი ვალდებულება\n"
            "დასახელება ღია მონაცემები\n"
            "ვადები 2025 წლის მე-4 კვარტალი – 2026 წლის დასაწყისი\n"
            "საჯარო პრობლემა მონაცემები დახურულია.\n"
            "ვალდებულების შინაარსი მერია გახსნის მონაცემებს.\n")
    c = parse_plan(text).commitments[0]
    assert (c.number, c.title) == (1, "ღია მონაცემები")
    assert (str(c.start_date), str(c.deadline)) == ("2025-10-01", "2026-03-31")
    assert c.problem == "მონაცემები დახურულია."
    assert c.description == "მერია გახსნის მონაცემებს."


def test_two_milestones_of_one_title_stay_two_on_reimport(app_ctx, users) -> None:
    text = ("Action plan 2025-2026\nCommitment 1: Open budget\nEnd date: 31.12.2025\n"
            "Milestones:\n1. Monitoring report (31.05.2025)\n2. Monitoring report (30.11.2025)\n")
    plan = parse_plan(text)
    first = save_plan(plan, users["chair"])
    db.session.flush()
    entries = _count(AuditEntry)
    again = save_plan(parse_plan(text), users["chair"])
    assert again.commitments[0].action == UNCHANGED
    assert _count(AuditEntry) == entries
    commitment = db.session.get(Commitment, first.commitments[0].commitment_id)
    assert sorted(str(m.deadline) for m in commitment.milestones) == ["2025-05-31",
                                                                      "2025-11-30"]


def test_a_plan_of_more_lines_than_any_plan_is_refused(app_ctx) -> None:
    from tracker.importing.plan.grammar import MAX_PLAN_LINES

    text = "Plan 2025-2026\nCommitment 1: x\n" + "ა(ა)იპ „x“ ა(ა)იპ\n" * MAX_PLAN_LINES
    with pytest.raises(PlanImportError) as refused:
        read_plan_upload(text.encode(), "plan.txt")
    assert refused.value.reason == "too_large"
