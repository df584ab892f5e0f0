"""Bad input on the web pages: a clear 4xx (or the form again, with the reason), and nothing
saved."""

from __future__ import annotations

import pytest

from tracker.workflow import MONITORED

from ..helpers import translated

TEN_MEGABYTES = "x" * (10 * 1024 * 1024)


@pytest.fixture
def chair_client(browse_as):
    return browse_as("chair")


@pytest.fixture
def valid_form(make_plan) -> dict[str, str]:
    return {
        "plan_id": str(make_plan().id),
        "number": "",
        "title": "Open budget data",
        "start_date": "01/02/2027",
        "deadline": "01/12/2027",
        "owner_id": "",
        "lead_unit_id": "",
    }


def test_a_valid_form_creates_a_commitment(chair_client, valid_form, db_snapshot) -> None:
    before = db_snapshot()
    response = chair_client.post("/commitments/new", data=valid_form)
    assert response.status_code == 302
    assert len(db_snapshot()["commitments"]) == len(before["commitments"]) + 1


@pytest.mark.parametrize(
    "changes",
    [
        {"title": ""},
        {"title": "   "},
        {"title": "x" * 301},
        {"start_date": "01/12/2027", "deadline": "01/02/2027"},
        {"start_date": "31/02/2027"},
        {"deadline": "2027-13-01"},
        {"deadline": "next week"},
        {"start_date": "01/02/27"},
        {"plan_id": "999999"},
        {"plan_id": "abc"},
        {"owner_id": "999999"},
        {"lead_unit_id": "-1"},
        {"number": "0"},
        {"number": "abc"},
        {"ogp_values": "bogus"},
    ],
    ids=lambda changes: "-".join(f"{k}={v[:12]}" for k, v in changes.items()),
)
def test_an_invalid_commitment_form_saves_nothing(
    chair_client, valid_form, db_snapshot, changes: dict[str, str]
) -> None:
    before = db_snapshot()
    response = chair_client.post("/commitments/new", data={**valid_form, **changes})
    assert response.status_code == 422
    assert db_snapshot() == before


@pytest.mark.parametrize("field", ["title", "description"])
def test_a_ten_megabyte_field_is_too_large(
    chair_client, valid_form, db_snapshot, field: str
) -> None:
    before = db_snapshot()
    response = chair_client.post("/commitments/new", data={**valid_form, field: TEN_MEGABYTES})
    assert response.status_code == 413
    assert db_snapshot() == before


@pytest.fixture
def draft(make_commitment):
    return make_commitment(ready=True)


def edit_form(draft, **changes: str) -> dict[str, str]:
    return {
        "plan_id": str(draft.plan_id),
        "number": str(draft.number),
        "title": "A better title",
        "owner_id": str(draft.owner_id),
        "lead_unit_id": str(draft.lead_unit_id),
        "start_date": draft.start_date.strftime("%d/%m/%Y"),
        "deadline": draft.deadline.strftime("%d/%m/%Y"),
        "version": str(draft.version),
        **changes,
    }


@pytest.mark.parametrize(
    ("version", "message"),
    [
        (
            "0",
            "Someone else changed this item after you opened it. Reload it and apply your "
            "change again.",
        ),
        ("", "The version of the item you edited is missing."),
        (None, "The version of the item you edited is missing."),
    ],
    ids=["stale", "empty", "left-out"],
)
def test_an_edit_based_on_an_old_copy_is_refused(
    app, chair_client, draft, db_snapshot, version: str | None, message: str
) -> None:
    """Left out of the post, the version is not taken from the stored row the edit form
    was built from (which would make every check pass)."""
    before = db_snapshot()
    data = edit_form(draft, version=version or "")
    if version is None:
        del data["version"]
    response = chair_client.post(f"/commitments/{draft.id}/edit", data=data)
    assert response.status_code == 422
    assert translated(app, message) in response.get_data(as_text=True)
    assert db_snapshot() == before


def test_the_current_version_is_accepted(chair_client, draft, db_snapshot) -> None:
    before = db_snapshot()
    response = chair_client.post(f"/commitments/{draft.id}/edit", data=edit_form(draft))
    assert response.status_code == 302
    assert db_snapshot() != before


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/commitments/{c}/transition", {"to": "bogus"}),
        ("/commitments/{c}/transition", {"to": ""}),
        ("/commitments/{c}/transition", {"to": MONITORED, "version": "0"}),
        ("/commitments/{c}/milestones", {"title": "Step", "deadline": "32/01/2027"}),
        ("/commitments/{c}/milestones", {"title": "", "deadline": "01/01/2027"}),
        ("/milestones/{m}/done", {"evidence": "", "version": "1"}),
        ("/milestones/{m}/done", {"evidence": "Report", "version": "0"}),
        ("/commitments/{c}/comments", {"text": "  "}),
    ],
)
def test_bad_actions_redirect_back_with_the_reason(
    chair_client, draft, db_snapshot, path: str, data: dict[str, str]
) -> None:
    milestone_id = db_snapshot()["milestones"][0][0]
    url = path.format(c=draft.id, m=milestone_id)
    before = db_snapshot()
    response = chair_client.post(url, data=data)
    assert response.status_code == 302
    assert db_snapshot() == before
    page = chair_client.get(response.headers["Location"])
    assert 'class="flash flash--error"' in page.get_data(as_text=True)


def test_an_unknown_state_is_named_in_the_flash(app, chair_client, draft) -> None:
    page = chair_client.post(
        f"/commitments/{draft.id}/transition", data={"to": "bogus"}, follow_redirects=True
    )
    expected = translated(app, "There is no state called “%(state)s”.", state="bogus")
    assert expected in page.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/commitments/999999", "/commitments/999999/edit", "/nowhere"])
def test_unknown_pages_are_404(chair_client, path: str) -> None:
    assert chair_client.get(path).status_code == 404
