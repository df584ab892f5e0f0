"""The whole OGP commitment template (issue 16): every field through the web form and the
API, refused when wrong with nothing changed, on the page, in the history and the search."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.commitments import operations as ops
from tracker.commitments.kind import COMMITMENT
from tracker.commitments.models import OGP_VALUE_LABELS, Commitment, OgpValue
from tracker.commitments.sdg import sdg_label
from tracker.errors import ValidationFailed
from tracker.extensions import db

from ..helpers import working_in

SOLUTION = "პორტალი გამოაქვეყნებს ბიუჯეტის ხარჯვას ყოველთვიურად"
TEMPLATE: dict[str, Any] = {
    "solution": SOLUTION,
    "ogp_values": ["access_to_information", "civic_participation"],
    "value_relevance": {
        "access_to_information": "მონაცემები ღიად ქვეყნდება.",
        "civic_participation": "მოქალაქეები აფასებენ ხარჯებს.",
    },
    "stakeholders_other": [{"unit_id": None, "name": "სამოქალაქო ფორუმი"},
                           {"unit_id": None, "name": "UNDP"}],
    "budget_amount": 15000.5,
    "budget_currency": "usd",
    "budget_note": "დონორის გრანტი",
    "programme_links": "https://example.org/strategy?a=1&b=<2>",
    "sdgs": [16, 5],
    "additional_info": "დამატებითი ინფორმაცია",
}


@pytest.fixture
def finance(make_unit):
    return make_unit("ფინანსური სამსახური")


def stored(app, commitment_id: int) -> Commitment:
    with working_in(app):
        return db.session.get(Commitment, commitment_id)


# The API -------------------------------------------------------------------------------
def test_every_field_through_the_api(app, api, users, make_plan, finance) -> None:
    chair = api(users["chair"])
    body = {**TEMPLATE, "plan_id": make_plan().id, "title": "ღია ბიუჯეტი",
            "stakeholders_government": [{"unit_id": finance.id, "name": ""},
                                        {"unit_id": None, "name": "  "}]}
    created = chair.post("/commitments", json=body)
    assert created.status_code == 201, created.get_json()
    data = chair.get(f"/commitments/{created.get_json()['id']}").get_json()
    assert data["solution"] == SOLUTION
    assert data["value_relevance"] == TEMPLATE["value_relevance"]
    # A unit takes the directory's name; an empty row is left out.
    assert data["stakeholders_government"] == [{"unit_id": finance.id,
                                                "name": "ფინანსური სამსახური"}]
    assert data["stakeholders_other"] == TEMPLATE["stakeholders_other"]
    assert (data["budget_amount"], data["budget_currency"]) == (15000.5, "USD")
    assert data["budget_note"] == "დონორის გრანტი"
    assert data["programme_links"] == TEMPLATE["programme_links"]
    assert data["sdgs"] == [5, 16]
    assert data["additional_info"] == "დამატებითი ინფორმაცია"
    assert stored(app, data["id"]).budget_amount == Decimal("15000.50")

    patched = chair.patch(f"/commitments/{data['id']}", json={
        "version": data["version"], "sdgs": [1], "budget_amount": None,
        "value_relevance": {"civic_participation": "ახალი წინადადება"}})
    assert patched.status_code == 200, patched.get_json()
    after = patched.get_json()
    assert (after["sdgs"], after["budget_amount"]) == ([1], None)
    assert after["value_relevance"] == {"civic_participation": "ახალი წინადადება"}
    assert after["solution"] == SOLUTION  # what the PATCH leaves out stays


def test_the_openapi_schema_describes_the_template(api, users) -> None:
    spec = api(users["chair"]).get("/openapi.json").get_json()
    create = spec["components"]["schemas"]["CommitmentCreate"]["properties"]
    assert create["sdgs"]["items"] == {"type": "integer", "minimum": 1, "maximum": 17}
    assert create["budget_amount"]["type"] == ["number", "null"]
    assert set(create["value_relevance"]["properties"]) == {
        "access_to_information", "civic_participation", "public_accountability",
        "technology_and_innovation"}
    row = create["stakeholders_other"]["items"]["properties"]
    assert set(row) == {"unit_id", "name"}
    assert "other_actors" not in create


REFUSALS = [
    ({"value_relevance": {"public_accountability": "ტექსტი"}}, "value_relevance"),
    ({"value_relevance": {"nonsense": "ტექსტი"}}, "value_relevance.nonsense"),
    ({"sdgs": [18]}, "sdgs"),
    ({"sdgs": [0]}, "sdgs"),
    ({"budget_amount": -1}, "budget_amount"),
    ({"budget_amount": "ბევრი"}, "budget_amount"),
    ({"budget_amount": 1.001}, "budget_amount"),
    ({"budget_amount": 10**13}, "budget_amount"),
    ({"budget_currency": "GE"}, "budget_currency"),
    ({"budget_currency": "G1L"}, "budget_currency"),
    ({"stakeholders_other": [{"unit_id": 99999, "name": ""}]}, "stakeholders_other"),
    ({"stakeholders_other": "a list"}, "stakeholders_other"),
    ({"stakeholders_other": [{"unit_id": None, "name": "x", "e-mail": "y"}]},
     "stakeholders_other-0.e-mail"),
]


@pytest.mark.parametrize(("change", "field"), REFUSALS)
def test_wrong_values_are_refused_in_georgian_and_change_nothing(
    api, users, make_commitment, db_snapshot, change, field
) -> None:
    commitment = make_commitment(ogp_values=["civic_participation"])
    chair = api(users["chair"])
    before = db_snapshot()
    response = chair.patch(f"/commitments/{commitment.id}",
                                         json={"version": commitment.version, **change})
    assert response.status_code == 422, response.get_json()
    fields = response.get_json()["error"]["fields"]
    assert list(fields) == [field], fields
    assert db_snapshot() == before


def test_an_owner_describes_but_does_not_change_the_budget(api, users, make_commitment) -> None:
    commitment = make_commitment(owner_id=users["member"].id)
    owner = api(users["member"])
    described = owner.patch(f"/commitments/{commitment.id}", json={
        "version": commitment.version, "solution": SOLUTION, "budget_note": "შენიშვნა",
        "sdgs": [3], "stakeholders_other": [{"name": "ფორუმი"}]})
    assert described.status_code == 200, described.get_json()
    refused = owner.patch(f"/commitments/{commitment.id}", json={
        "version": described.get_json()["version"], "budget_amount": 100})
    assert refused.status_code == 403


# The web form and the page ---------------------------------------------------------------
def form_data(commitment: Commitment, finance_id: int, **extra: str) -> dict[str, Any]:
    return {
        "plan_id": commitment.plan_id, "number": commitment.number, "title": commitment.title,
        "version": commitment.version,
        "problem": "ბიუჯეტი გაუგებარია", "description": "ღია ბიუჯეტის პორტალი",
        "solution": SOLUTION,
        "ogp_values": ["access_to_information", "public_accountability"],
        "value_relevance-access_to_information": "მონაცემები ღიაა",
        "value_relevance-public_accountability": "ხარჯები ანგარიშვალდებულია",
        "value_relevance-civic_participation": "",
        "stakeholders_government-0-unit_id": str(finance_id),
        "stakeholders_government-0-name": "",
        "stakeholders_government-1-unit_id": "",
        "stakeholders_government-1-name": "",
        "stakeholders_other-0-unit_id": "",
        "stakeholders_other-0-name": "საერთაშორისო გამჭვირვალობა",
        "budget_amount": "1 500,50", "budget_currency": "GEL",
        "budget_note": "მუნიციპალური ბიუჯეტი",
        "programme_links": "https://example.org/strategy",
        "sdgs": ["16", "10"],
        "additional_info": "პილოტი ორ უბანში",
        **extra,
    }


def test_the_form_offers_every_section(browse_as, make_commitment) -> None:
    commitment = make_commitment()
    page = browse_as("chair").get(f"/commitments/{commitment.id}/edit").get_data(as_text=True)
    for name in ("solution", "value_relevance-civic_participation", "budget_amount",
                 "budget_currency", "budget_note", "programme_links", "additional_info",
                 "stakeholders_government-0-unit_id", "stakeholders_other-0-name"):
        assert f'name="{name}"' in page, name
    assert page.count('name="sdgs"') == 17
    assert "<script" not in page.split("<main", 1)[-1].split("</main>", 1)[0]


def test_every_field_through_the_web_form_and_on_the_page(
    app, browse_as, make_commitment, finance
) -> None:
    commitment = make_commitment()
    chair = browse_as("chair")
    saved = chair.post(f"/commitments/{commitment.id}/edit",
                       data=form_data(commitment, finance.id))
    assert saved.status_code == 302, saved.get_data(as_text=True)[:3000]
    c = stored(app, commitment.id)
    assert c.solution == SOLUTION
    assert c.value_relevance == {"access_to_information": "მონაცემები ღიაა",
                                 "public_accountability": "ხარჯები ანგარიშვალდებულია"}
    assert c.stakeholders_government == [{"unit_id": finance.id,
                                          "name": "ფინანსური სამსახური"}]
    assert c.stakeholders_other == [{"unit_id": None, "name": "საერთაშორისო გამჭვირვალობა"}]
    assert (c.budget_amount, c.budget_currency) == (Decimal("1500.50"), "GEL")
    assert c.sdgs == [10, 16]

    page = chair.get(f"/commitments/{commitment.id}").get_data(as_text=True)
    for text in (SOLUTION, "მონაცემები ღიაა", "ხარჯები ანგარიშვალდებულია",
                 "საერთაშორისო გამჭვირვალობა", "მუნიციპალური ბიუჯეტი", "პილოტი ორ უბანში",
                 f'href="/m/city/directory/{finance.id}"',
                 '<a href="https://example.org/strategy"'):
        assert text in page, text
    assert "16. " in page and "10. " in page
    # The template's order: the problem, the solution, values, stakeholders, budget, SDGs.
    order = [page.index(t) for t in ("ბიუჯეტი გაუგებარია", SOLUTION, "მონაცემები ღიაა",
                                     "საერთაშორისო გამჭვირვალობა", "მუნიციპალური ბიუჯეტი",
                                     "16. ", "პილოტი ორ უბანში")]
    assert order == sorted(order)


def test_the_budget_reads_in_the_reader_s_language(app, browse_as, make_commitment) -> None:
    commitment = make_commitment(budget_amount=Decimal("1500.5"), budget_currency="GEL")
    chair = browse_as("chair")
    chair.post("/language", data={"language": "ka"})
    page = chair.get(f"/commitments/{commitment.id}").get_data(as_text=True)
    assert "1\xa0500,50" in page


def test_a_sentence_for_an_unticked_value_is_refused_on_the_page(
    app, browse_as, make_commitment, finance, db_snapshot
) -> None:
    commitment = make_commitment()
    chair = browse_as("chair")
    before = db_snapshot()
    data = form_data(commitment, finance.id, **{"ogp_values": ["access_to_information"]})
    refused = chair.post(f"/commitments/{commitment.id}/edit", data=data)
    assert refused.status_code == 422
    assert 'id="value_relevance-error"' in refused.get_data(as_text=True)
    assert db_snapshot() == before


@pytest.mark.parametrize("change", [{"sdgs": ["18"]}, {"budget_amount": "-5"},
                                    {"budget_amount": "ათასი"}, {"budget_currency": "LARI"}])
def test_wrong_values_are_refused_on_the_page(browse_as, make_commitment, finance,
                                              db_snapshot, change) -> None:
    commitment = make_commitment()
    chair = browse_as("chair")
    before = db_snapshot()
    data = form_data(commitment, finance.id, **change)
    refused = chair.post(f"/commitments/{commitment.id}/edit", data=data)
    assert refused.status_code == 422
    assert db_snapshot() == before


# The history and the search ------------------------------------------------------------
def test_each_change_is_recorded_and_reads_as_names(app, app_ctx, users, make_commitment,
                                                    finance) -> None:
    commitment = make_commitment(ogp_values=["civic_participation"])
    ops.update_commitment(commitment, users["chair"], {
        "version": commitment.version, "sdgs": ["5"],
        "value_relevance": {"civic_participation": "მოქალაქეები მონაწილეობენ"},
        "stakeholders_government": [{"unit_id": finance.id, "name": ""}],
        "budget_amount": "2500", "solution": SOLUTION})
    db.session.flush()
    entry = COMMITMENT.timeline(commitment)[-1]
    changes = {c.field: c.new for c in entry.changes}
    assert set(changes) == {"sdgs", "value_relevance", "stakeholders_government",
                            "budget_amount", "solution"}
    assert changes["sdgs"] == [sdg_label(5)] and sdg_label(5).startswith("5. ")
    assert changes["stakeholders_government"] == ["ფინანსური სამსახური"]
    assert changes["value_relevance"] == [
        f"{OGP_VALUE_LABELS[OgpValue.CIVIC_PARTICIPATION]}: მოქალაქეები მონაწილეობენ"]
    assert changes["budget_amount"] in ("2,500", "2\xa0500")


def test_odd_recorded_values_still_read(app_ctx, make_commitment) -> None:
    from tracker.audit.operations import record
    commitment = make_commitment()
    record(commitment, None, "update", changes={
        "sdgs": [None, ["x", {"a": 1}]], "stakeholders_other": [None, [{"nope": 1}, 3]],
        "value_relevance": [None, "text"], "budget_amount": [None, "lots"]})
    entry = COMMITMENT.timeline(commitment)[-1]
    assert len(entry.changes) == 4


def test_a_word_of_the_solution_finds_the_commitment_in_another_form(
    api, users, make_commitment
) -> None:
    found = make_commitment(solution="მოქალაქეები შეძლებენ ბიუჯეტის ხარჯვის თვალყურის დევნებას")
    make_commitment(title="სხვა ვალდებულება")
    items = api(users["chair"]).get("/commitments?q=ბიუჯეტი").get_json()["items"]
    assert [i["id"] for i in items] == [found.id]


def test_an_importer_s_data_is_held_to_the_same_rules(app_ctx, users, make_plan) -> None:
    with pytest.raises(ValidationFailed) as refused:
        ops.create_commitment(users["chair"], {
            "plan_id": make_plan().id, "title": "x", "ogp_values": [], "sdgs": [42],
            "value_relevance": {"civic_participation": "y"}})
    assert set(refused.value.fields) == {"sdgs", "value_relevance"}


# Hostile text ----------------------------------------------------------------------------
TEXT_FIELDS = ("solution", "budget_note", "programme_links", "additional_info")


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.text(max_size=300), field=st.sampled_from(TEXT_FIELDS),
       name=st.text(max_size=80))
def test_hostile_text_in_the_template_never_fails_the_server(api, users, make_commitment,
                                                              text, field, name) -> None:
    commitment = make_commitment(ogp_values=["civic_participation"])
    chair = api(users["chair"])
    response = chair.patch(f"/commitments/{commitment.id}", json={
        "version": commitment.version, field: text,
        "value_relevance": {"civic_participation": text},
        "stakeholders_other": [{"unit_id": None, "name": name}]})
    assert response.status_code in (200, 422), response.get_data(as_text=True)[:500]
    assert chair.get(f"/commitments/{commitment.id}/history").status_code == 200
