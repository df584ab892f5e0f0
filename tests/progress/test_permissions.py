"""Who may file a progress report, ask for one and record the IRM assessment, on the web
and in the API, for every role (another municipality's chair included); a refusal changes
nothing."""

from __future__ import annotations

import pytest

from ..helpers import VISITOR, assert_sent_to_login, today_of

ROLES = ("admin", "chair", "secretary", "owner", "member", "observer", "coordinator",
         "other_chair")
REPORTERS = ("admin", "chair", "owner")
MANAGERS = ("admin", "chair")


def _refusal(role: str) -> int:
    # Another municipality's commitment is simply not found there.
    return 404 if role == "other_chair" else 403


@pytest.mark.parametrize("role", [*ROLES, VISITOR])
def test_filing_a_report_on_the_web(browse_as, people, world, db_snapshot, role) -> None:
    client = browse_as(VISITOR if role == VISITOR else people[role])
    before = db_snapshot()
    response = client.post(world.url("/m/city/commitments/{c}/reports/new"),
                           data={"text": "ჩატარდა შეხვედრა", "status": "on_track"})
    if role == VISITOR:
        assert_sent_to_login(response)
    elif role in REPORTERS:
        assert response.status_code == 302
        assert f"/commitments/{world.commitment_id}#report-" in response.headers["Location"]
    else:
        assert response.status_code == _refusal(role)
    assert (db_snapshot() != before) == (role in REPORTERS)


@pytest.mark.parametrize("role", ROLES)
def test_the_report_form_is_shown_to_those_who_may_report(browse_as, people, world, role):
    response = browse_as(people[role]).get(world.url("/m/city/commitments/{c}/reports/new"))
    assert response.status_code == (200 if role in REPORTERS else _refusal(role))


@pytest.mark.parametrize("role", ROLES)
def test_filing_a_report_in_the_api(api, people, world, db_snapshot, role) -> None:
    client = api(people[role])
    before = db_snapshot()
    response = client.post(f"/commitments/{world.commitment_id}/reports",
                                      json={"text": "ჩატარდა შეხვედრა", "status": "on_track"})
    if role in REPORTERS:
        assert response.status_code == 201, response.json
        assert response.json["status"] == "on_track"
    else:
        assert response.status_code == _refusal(role)
        assert response.json["error"]["code"] in ("forbidden", "not_found")
    assert (db_snapshot() != before) == (role in REPORTERS)


@pytest.mark.parametrize("role", [*ROLES, VISITOR])
def test_asking_for_a_report_on_the_web(app, browse_as, people, world, db_snapshot, role):
    client = browse_as(VISITOR if role == VISITOR else people[role])
    before = db_snapshot()
    response = client.post(world.url("/m/city/commitments/{c}/report-requests/new"),
                           data={"deadline": today_of(app).strftime("%d/%m/%Y")})
    if role == VISITOR:
        assert_sent_to_login(response)
    elif role in MANAGERS:
        assert response.status_code == 302
    else:
        assert response.status_code == _refusal(role)
    assert (db_snapshot() != before) == (role in MANAGERS)


@pytest.mark.parametrize("role", ROLES)
def test_asking_for_and_cancelling_a_report_in_the_api(app, api, people, world, db_snapshot,
                                                       role) -> None:
    """The API's request and cancel are the page's operations: the chair and the
    administrator only; a refusal changes nothing."""
    client = api(people[role])
    before = db_snapshot()
    asked = client.post(world.url("/commitments/{c}/report-requests"),
                        json={"deadline": today_of(app).isoformat(), "note": "გთხოვთ"})
    if role not in MANAGERS:
        assert asked.status_code == _refusal(role)
        assert db_snapshot() == before
        return
    assert asked.status_code == 201 and asked.json["state"] == "open"
    listed = client.get(world.url("/commitments/{c}/report-requests")).json["items"]
    assert [r["id"] for r in listed] == [asked.json["id"]]
    cancelled = client.post(f"/report-requests/{asked.json['id']}/cancel",
                            json={"version": asked.json["version"]})
    assert cancelled.status_code == 200 and cancelled.json["state"] == "cancelled"
    assert client.get(world.url("/commitments/{c}/report-requests")).json["items"] == []


def test_an_evidence_file_over_the_api(api, people, world, factory) -> None:
    """Read back as the page's download: an attachment, never shown inline; another
    municipality's reader does not find it."""
    report = factory.report(world.commitment_id, files=[("ოქმი.txt", "ოქმი".encode())])
    file_id = api(people["observer"]).get(
        world.url("/commitments/{c}/reports")).json["items"][0]["files"][0]["id"]
    assert report.id
    response = api(people["observer"]).get(f"/evidence/{file_id}")
    assert response.status_code == 200 and response.data == "ოქმი".encode()
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert api(people["other_chair"]).get(f"/evidence/{file_id}").status_code == 404


ASSESSMENT = {"verifiable": True, "relevance": ["civic_participation"], "potential": "modest",
              "completion": "limited", "opened_government": "marginal",
              "source": "IRM 2026", "date": "2026-01-15"}


@pytest.mark.parametrize("role", ROLES)
def test_recording_an_assessment_in_the_api(api, people, world, db_snapshot, role) -> None:
    client = api(people[role])
    before = db_snapshot()
    response = client.open("PUT", f"/commitments/{world.commitment_id}/assessment",
                                      json=ASSESSMENT)
    if role in MANAGERS:
        assert response.status_code == 200, response.json
        assert response.json["assessment"]["completion"] == "limited"
    else:
        assert response.status_code == _refusal(role)
    assert (db_snapshot() != before) == (role in MANAGERS)


@pytest.mark.parametrize("role", [*ROLES, VISITOR])
def test_recording_an_assessment_on_the_web(browse_as, people, world, db_snapshot, role):
    client = browse_as(VISITOR if role == VISITOR else people[role])
    before = db_snapshot()
    response = client.post(world.url("/m/city/commitments/{c}/assessment"), data={
        "verifiable": "yes", "relevance": "civic_participation", "potential": "modest",
        "completion": "limited", "opened_government": "", "source": "IRM",
        "assessed_on": "15/01/2026"})
    if role == VISITOR:
        assert_sent_to_login(response)
    elif role in MANAGERS:
        assert response.status_code == 302
    else:
        assert response.status_code == _refusal(role)
    assert (db_snapshot() != before) == (role in MANAGERS)


@pytest.mark.parametrize("role", ("secretary", "owner", "member", "observer", "coordinator"))
def test_everyone_who_reads_the_commitment_reads_its_assessment(browse_as, people, world,
                                                                 make_assessment, role):
    make_assessment(world.commitment_id)
    response = browse_as(people[role]).get(world.url("/m/city/commitments/{c}/assessment"))
    assert response.status_code == 200
    assert 'name="potential"' not in response.get_data(as_text=True)
