"""Progress reports: evidence files checked by content, the reason a late report needs,
requests answered by reports (on the board meanwhile), the assessment's history, the
Georgian search, hostile text."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.commitments import operations as commitment_ops
from tracker.commitments.models import Commitment
from tracker.extensions import db
from tracker.progress.evidence import MAX_FILE_BYTES, safe_filename

from ..helpers import post_files, text_of, today_of, translated

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _docx() -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return stream.getvalue()


def _report_url(world) -> str:
    return world.url("/m/city/commitments/{c}/reports/new")


def _file(client, world, files, **fields):
    data = {"text": "ჩატარდა საჯარო განხილვა", "status": "on_track", **fields}
    return post_files(client, _report_url(world), "files", files, **data)


# Evidence files ------------------------------------------------------------------------
def test_a_report_with_large_files_passes_the_csrf_check(make_app, browse_as, people, world):
    """Three 7 MB files, over the app's 6 MB request limit but within the report's: with
    CSRF on (the check reads the form before the view runs), the larger limit holds."""
    strict = make_app(WTF_CSRF_ENABLED=True)
    client = browse_as(people["owner"], on=strict)
    token = client.csrf_token(_report_url(world))
    big = b"%PDF-1.4\n" + b"0" * (7 * 1024 * 1024)
    response = _file(client, world, [(big, f"{n}.pdf") for n in range(3)], csrf_token=token)
    assert response.status_code == 302, response.status_code
    page = client.get(world.url("/m/city/commitments/{c}")).get_data(as_text=True)
    assert all(f"{n}.pdf" in page for n in range(3))
    # Other forms keep the app's limit.
    other = client.post(world.url("/m/city/commitments/{c}/report-requests/new"),
                        data={"note": "0" * (7 * 1024 * 1024), "csrf_token": token})
    assert other.status_code == 413


@pytest.mark.parametrize(("content", "name"), [
    (PDF, "ოქმი_15_მარტი.pdf"), (PNG, "photo.png"), (_docx(), "ანგარიში.docx"),
    ("სახელი,რაოდენობა\nა,1\n".encode(), "data.csv"), (b"\xff\xd8\xff\xe0" + b"0" * 20, "a.jpg"),
])
def test_allowed_files_are_kept_and_served_as_attachments(browse_as, people, world, content,
                                                          name) -> None:
    client = browse_as(people["owner"])
    response = _file(client, world, [(content, name)])
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    page = client.get(world.url("/m/city/commitments/{c}")).get_data(as_text=True)
    assert name in page
    download = client.get("/m/city/evidence/1")
    assert download.status_code == 200
    assert download.data == content
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "html" not in download.headers["Content-Type"]
    assert "sandbox" in download.headers["Content-Security-Policy"]


HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>'


@pytest.mark.parametrize(("content", "name"), [
    (HTML, "report.pdf"),          # HTML disguised as a PDF
    (HTML, "notes.txt"),           # HTML disguised as text
    (b"hello <script>alert(1)</script>", "notes.csv"),
    (SVG, "chart.svg"),            # SVG: not on the list
    (SVG, "chart.png"),            # SVG disguised as PNG
    (HTML, "page.html"),
    (b"MZ\x90\x00", "setup.exe"),
    (PDF, "noextension"),
    (b"PK\x03\x04garbage", "fake.docx"),
    (b"\x00\x01\x02binary", "data.txt"),
    (b"", "empty.pdf"),
    (b"%PDF-" + b"0" * MAX_FILE_BYTES, "large.pdf"),  # over 10 MB
])
def test_refused_files_change_nothing(browse_as, people, world, db_snapshot, content, name):
    client = browse_as(people["owner"])
    before = db_snapshot()
    response = _file(client, world, [(PDF, "ok.pdf"), (content, name)])
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "field__errors" in text
    assert db_snapshot() == before


def test_at_most_five_files(browse_as, people, world, db_snapshot) -> None:
    client = browse_as(people["owner"])
    before = db_snapshot()
    response = _file(client, world, [(PDF, f"{n}.pdf") for n in range(6)])
    assert response.status_code == 422
    assert db_snapshot() == before


def test_file_names_are_cleaned_and_keep_georgian() -> None:
    assert safe_filename("../../etc/ოქმი_15_მარტი.pdf", "pdf") == "ოქმი_15_მარტი.pdf"
    assert safe_filename('C:\\x\\a<b>"c".pdf', "pdf") == 'a_b_c.pdf'
    assert safe_filename("\x00\n.pdf", "pdf") == "file.pdf"
    assert len(safe_filename("ა" * 400 + ".pdf", "pdf")) <= 255


# Input -------------------------------------------------------------------------------------
@pytest.mark.parametrize("status", ["delayed", "at_risk"])
def test_a_reason_is_required_when_not_on_track(api, browse_as, people, world, db_snapshot,
                                                status) -> None:
    client = api(people["owner"])
    before = db_snapshot()
    response = client.post(f"/commitments/{world.commitment_id}/reports",
                           json={"text": "ვერ მოხერხდა", "status": status})
    assert response.status_code == 422
    assert "reason" in response.json["error"]["fields"]
    web = browse_as(people["owner"]).post(_report_url(world),
                                          data={"text": "ვერ მოხერხდა", "status": status})
    assert web.status_code == 422
    assert db_snapshot() == before
    ok = client.post(f"/commitments/{world.commitment_id}/reports",
                     json={"text": "ვერ მოხერხდა", "status": status, "reason": "დაფინანსება"})
    assert ok.status_code == 201


@pytest.mark.parametrize("body", [
    {"text": "x", "status": "on_track", "links": ["javascript:alert(1)"]},
    {"text": "x", "status": "on_track", "links": ["ftp://example.org/a"]},
    {"text": "x", "status": "on_track", "links": "https://example.org"},
    {"text": "x", "status": "finished"},
    {"text": "", "status": "on_track"},
    {"text": "x", "status": "on_track", "milestone_ids": [999]},
    {"text": "x", "status": "on_track", "reported_on": "2999-01-01"},
    {"text": "x", "status": "on_track", "unknown": 1},
])
def test_bad_reports_are_422(api, people, world, db_snapshot, body) -> None:
    client = api(people["owner"])
    before = db_snapshot()
    response = client.post(f"/commitments/{world.commitment_id}/reports", json=body)
    assert response.status_code == 422, response.json
    assert response.json["error"]["code"] == "validation_failed"
    assert db_snapshot() == before


def test_a_report_with_links_and_milestones(api, people, world) -> None:
    client = api(people["owner"])
    response = client.post(f"/commitments/{world.commitment_id}/reports", json={
        "text": "გამოქვეყნდა", "status": "on_track",
        "links": ["https://example.org/a", "http://example.org/b"],
        "milestone_ids": [world.milestone_ids[0]]})
    assert response.status_code == 201, response.json
    assert response.json["links"] == ["https://example.org/a", "http://example.org/b"]
    assert response.json["milestone_ids"] == [world.milestone_ids[0]]
    listed = client.get(f"/commitments/{world.commitment_id}/reports").json
    assert listed["total"] == 1 and listed["items"][0]["id"] == response.json["id"]


# Requests, the board, the answer -----------------------------------------------------------
def test_a_request_is_on_the_owner_s_board_until_a_report_answers_it(
        app, api, browse_as, people, world) -> None:
    chair = browse_as(people["chair"])
    deadline = today_of(app).strftime("%d/%m/%Y")
    assert chair.post(world.url("/m/city/commitments/{c}/report-requests/new"),
                      data={"deadline": deadline, "note": "გთხოვთ"}).status_code == 302
    owner_api = api(people["owner"])
    board = owner_api.get("/board").get_data(as_text=True)
    assert "report_request" in board
    page = browse_as(people["owner"]).get(world.url("/m/city/commitments/{c}"))
    assert "report-request-" in page.get_data(as_text=True)

    assert owner_api.post(f"/commitments/{world.commitment_id}/reports",
                          json={"text": "შესრულდა", "status": "on_track"}).status_code == 201
    page = browse_as(people["owner"]).get(world.url("/m/city/commitments/{c}"))
    assert "report-request-" not in page.get_data(as_text=True)
    board = owner_api.get("/board?bucket=done").get_data(as_text=True)
    assert "report_request" in board


def test_the_chair_cancels_a_request(app, browse_as, people, world, make_report_request):
    request = make_report_request(world.commitment_id)
    chair = browse_as(people["chair"])
    response = chair.post(f"/m/city/report-requests/{request.id}/cancel",
                          data={"version": str(request.version)})
    assert response.status_code == 302
    page = chair.get(world.url("/m/city/commitments/{c}")).get_data(as_text=True)
    assert f"report-request-{request.id}" not in page
    owner = browse_as(people["owner"])
    assert owner.post(f"/m/city/report-requests/{request.id}/cancel",
                      data={"version": str(request.version + 1)}).status_code == 403


def test_a_request_needs_an_owner_and_a_date_not_past(browse_as, people, world, make_commitment,
                                                     db_snapshot) -> None:
    """The chair asks on the web: a date in the past, no date, or a commitment with no one
    to ask are refused (422, the reason under its field) and change nothing."""
    chair = browse_as(people["chair"])
    yesterday = (today_of(chair.application) - timedelta(days=1)).strftime("%d/%m/%Y")
    ownerless = make_commitment()  # a draft: no owner yet
    before = db_snapshot()
    app = chair.application
    for url, data, reason in (
        (world.url("/m/city/commitments/{c}/report-requests/new"),
         {"deadline": yesterday, "note": "გთხოვთ"}, "The date cannot be in the past."),
        (world.url("/m/city/commitments/{c}/report-requests/new"), {"note": "გთხოვთ"},
         "This field is required."),
        (f"/m/city/commitments/{ownerless.id}/report-requests/new",
         {"deadline": "01/01/2099", "note": "გთხოვთ"},
         "The commitment has no responsible person to ask."),
    ):
        response = chair.post(url, data=data)
        assert response.status_code == 422, (url, data)
        assert translated(app, reason) in text_of(response), reason
    assert db_snapshot() == before
    accepted = chair.post(world.url("/m/city/commitments/{c}/report-requests/new"),
                          data={"deadline": "01/01/2099", "note": "გთხოვთ"})
    assert accepted.status_code == 302
    assert db_snapshot() != before


# Assessment ------------------------------------------------------------------------------
def test_the_assessment_keeps_its_history(api, browse_as, people, world) -> None:
    client = api(people["chair"])
    empty = client.get(f"/commitments/{world.commitment_id}/assessment").json
    assert empty == {"assessment": None, "history": []}
    first = {"verifiable": True, "relevance": ["access_to_information"], "potential": "modest",
             "completion": "not_started", "opened_government": None, "source": "IRM",
             "date": "2025-06-01"}
    second = {**first, "completion": "complete", "potential": "substantial",
              "opened_government": "major", "date": "2026-01-10"}
    assert client.open("PUT", f"/commitments/{world.commitment_id}/assessment",
                       json=first).status_code == 200
    answer = client.open("PUT", f"/commitments/{world.commitment_id}/assessment",
                         json=second).json
    assert answer["assessment"]["completion"] == "complete"
    assert [a["date"] for a in answer["history"]] == ["2026-01-10", "2025-06-01"]
    page = browse_as(people["chair"]).get(world.url("/m/city/commitments/{c}/assessment"))
    text = page.get_data(as_text=True)
    # The milestones say "not started": the assessed "complete" differs, and says so.
    assert "assessment-differs" in text
    bad = client.open("PUT", f"/commitments/{world.commitment_id}/assessment",
                      json={**first, "potential": "huge", "verifiable": "yes"})
    assert bad.status_code == 422


# Search ------------------------------------------------------------------------------------
def test_an_inflected_georgian_form_finds_the_report(browse_as, people, world, make_report):
    make_report(world.commitment_id, text="მოქალაქეთა პეტიციის განხილვა დასრულდა")
    make_report(world.commitment_id, text="ბიუჯეტის შესრულება", status="delayed")
    client = browse_as(people["observer"])
    found = client.get("/m/city/reports/?q=პეტიცია").get_data(as_text=True)
    assert "<mark>პეტიციის</mark>" in found
    assert "ბიუჯეტის შესრულება" not in found
    delayed = client.get("/m/city/reports/?status=delayed").get_data(as_text=True)
    assert "ბიუჯეტის შესრულება" in delayed and "პეტიციის" not in delayed
    assert client.get("/m/city/reports/?status=bogus").status_code == 422


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=400), reason=st.text(max_size=100), q=st.text(max_size=60))
def test_hostile_text_never_fails(api, people, world, browse_as, text, reason, q) -> None:
    response = api(people["chair"]).post(f"/commitments/{world.commitment_id}/reports",
                                         json={"text": text, "status": "delayed",
                                               "reason": reason, "links": [text[:50]]})
    assert response.status_code in (201, 422)
    page = browse_as(people["chair"]).get("/m/city/reports/", query_string={"q": q})
    assert page.status_code in (200, 422)


def test_a_withdrawn_commitment_s_requests_are_no_longer_open(browse_as, people, world, factory,
                                                              app) -> None:
    """Withdrawing the commitment ends its open requests: off its page and the board."""
    request = factory.report_request(world.commitment_id)
    chair = browse_as(people["chair"])
    anchor = f'id="report-request-{request.id}"'
    assert anchor in chair.get(world.url("/m/city/commitments/{c}")).get_data(as_text=True)
    factory._run(lambda: commitment_ops.transition_commitment(
        db.session.get(Commitment, world.commitment_id), factory._actor(None), "withdrawn",
        "აღარ არის საჭირო"))
    assert anchor not in chair.get(world.url("/m/city/commitments/{c}")).get_data(as_text=True)
    board = browse_as(people["owner"]).get("/m/city/").get_data(as_text=True)
    assert f"/commitments/{world.commitment_id}/reports/new" not in board
