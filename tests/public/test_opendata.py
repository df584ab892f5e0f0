"""The open data: every file parsed back with a real parser (csv, json, openpyxl) and
compared with the database; the dictionary covers every field; nothing private in any file;
the same files for logged-in members through the API whatever the site's setting."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

import openpyxl
import pytest
from flask import Flask
from sqlalchemy import select

from tests.helpers import CITY
from tracker.commitments.models import Commitment, Milestone
from tracker.extensions import db
from tracker.i18n import local_today
from tracker.meetings.models import ActionItem, Decision, Meeting
from tracker.opendata.files import FILES
from tracker.opendata.tables import NAMES
from tracker.workflow import COMPLETED, DRAFT, MONITORED, WITHDRAWN

from .conftest import PRIVATE, USER_EMAIL_DOMAIN, World

DATA = f"/p/{CITY}/data"
TABLES = list(NAMES.values())


def read_csv(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 200, response.status_code
    assert response.content_type == "text/csv; charset=utf-8"
    assert response.data.startswith(b"\xef\xbb\xbf")  # a spreadsheet reads it as UTF-8
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


def read_json(response: Any) -> Any:
    assert response.status_code == 200
    assert response.content_type == "application/json; charset=utf-8"
    return json.loads(response.data)


def unguarded(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:2] in "=+-@\t\r" else text


def test_every_file_is_there_and_named_with_the_municipality_and_day(
        app: Flask, client: Any, world: World) -> None:
    today = _db(app, lambda: local_today().isoformat())
    for name in FILES:
        response = client.get(f"{DATA}/{name}")
        assert response.status_code == 200, name
        stem, suffix = name.rsplit(".", 1)
        assert response.headers["Content-Disposition"] == (
            f'attachment; filename="{CITY}-{stem}-{today}.{suffix}"')
        assert response.headers["Cache-Control"] == "public, no-cache"
    assert client.get(f"{DATA}/secrets.csv").status_code == 404


def _db(app: Flask, build: Any) -> Any:
    with app.app_context():
        return build()


def test_the_commitments_match_the_database(app: Flask, client: Any, world: World) -> None:
    rows = read_csv(client.get(f"{DATA}/commitments.csv"))

    def expected() -> dict[int, dict[str, str]]:
        found = db.session.scalars(select(Commitment).where(
            Commitment.state.in_((MONITORED, COMPLETED, WITHDRAWN))))
        return {c.id: {"title": c.title, "state": c.state, "plan_id": str(c.plan_id),
                       "number": str(c.number), "problem": c.problem,
                       "deadline": c.deadline.isoformat() if c.deadline else "",
                       "ogp_values": "; ".join(c.ogp_values),
                       "lead_unit": c.lead_unit.name if c.lead_unit else "",
                       "completion": c.completion.value} for c in found}

    want = _db(app, expected)
    assert {int(r["id"]) for r in rows} == set(want)
    assert world.ids["draft"] not in {int(r["id"]) for r in rows}
    for row in rows:
        for field, value in want[int(row["id"])].items():
            assert row[field] == value, (row["id"], field)
    # JSON: the same rows, typed.
    document = read_json(client.get(f"{DATA}/commitments.json"))
    assert document["municipality"] == CITY and document["table"] == "commitments"
    by_id = {r["id"]: r for r in document["rows"]}
    assert set(by_id) == set(want)
    monitored = by_id[world.ids["monitored"]]
    assert monitored["ogp_values"] == ["access_to_information", "civic_participation"]
    assert monitored["state"] == MONITORED and isinstance(monitored["number"], int)
    assert date.fromisoformat(monitored["deadline"])


def test_milestones_meetings_decisions_and_action_items_match_the_database(
        app: Flask, client: Any, world: World) -> None:
    milestones = read_csv(client.get(f"{DATA}/milestones.csv"))
    meetings = read_json(client.get(f"{DATA}/meetings.json"))["rows"]
    decisions = read_csv(client.get(f"{DATA}/decisions.csv"))
    items = read_json(client.get(f"{DATA}/action_items.json"))["rows"]

    def expected() -> tuple[Any, ...]:
        public = (MONITORED, COMPLETED, WITHDRAWN)
        ms = {(m.id, m.commitment_id, m.title, "true" if m.done else "false")
              for m in db.session.scalars(select(Milestone).join(Milestone.commitment)
                                          .where(Commitment.state.in_(public)))}
        mt = {(m.id, m.date.isoformat(), m.state, m.state == COMPLETED)
              for m in db.session.scalars(select(Meeting).where(
                  Meeting.state.in_((DRAFT, MONITORED, COMPLETED)),
                  Meeting.date.is_not(None)))}
        approved = select(Meeting.id).where(Meeting.state == COMPLETED)
        ds = {(d.id, d.meeting_id, d.text) for d in db.session.scalars(
            select(Decision).where(Decision.meeting_id.in_(approved)))}
        ai = {(a.id, a.decision_id, a.title, a.owner_name, a.deadline.isoformat(), a.state)
              for a in db.session.scalars(select(ActionItem).join(ActionItem.decision)
                                          .where(Decision.meeting_id.in_(approved)))}
        return ms, mt, ds, ai

    ms, mt, ds, ai = _db(app, expected)
    assert {(int(r["id"]), int(r["commitment_id"]), r["title"], r["done"])
            for r in milestones} == ms
    assert {(r["id"], r["date"], r["state"], r["minutes_approved"]) for r in meetings} == mt
    assert {(int(r["id"]), int(r["meeting_id"]), r["text"]) for r in decisions} == ds
    assert ds and ai  # the approved meeting decided something and gave an action item
    assert {(r["id"], r["decision_id"], r["title"], r["owner"], r["deadline"], r["state"])
            for r in items} == ai
    # The minutes' discussion is data once approved, and only then.
    by_id = {r["id"]: r for r in meetings}
    assert by_id[world.ids["approved"]]["discussion"] == "The group reviewed the portal"
    assert by_id[world.ids["held"]]["discussion"] == ""
    assert world.ids["cancelled"] not in by_id


def test_the_workbook_has_every_table_as_its_csv_says(client: Any, world: World) -> None:
    response = client.get(f"{DATA}/data.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data), read_only=True)
    assert book.sheetnames == [*TABLES, "irm", "dictionary"]
    for name in [*TABLES, "irm", "dictionary"]:
        sheet = [["" if v is None else str(v) for v in row]
                 for row in book[name].iter_rows(values_only=True)]
        from_csv = list(csv.reader(io.StringIO(
            client.get(f"{DATA}/{name}.csv").data.decode("utf-8-sig"))))
        assert sheet == [[unguarded(v) for v in row] for row in from_csv], name


def test_a_formula_is_text_in_every_file(app: Flask, client: Any, factory: Any,
                                         world: World) -> None:
    evil = '=HYPERLINK("http://evil.example","ვალდებულება")'
    found = factory.commitment(state=MONITORED, title=evil)
    row = next(r for r in read_csv(client.get(f"{DATA}/commitments.csv"))
               if int(r["id"]) == found.id)
    assert row["title"] == "'" + evil  # no spreadsheet runs it
    document = read_json(client.get(f"{DATA}/commitments.json"))
    assert next(r for r in document["rows"] if r["id"] == found.id)["title"] == evil
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"{DATA}/data.xlsx").data))
    cells = [c for row in book["commitments"].iter_rows() for c in row if c.value == evil]
    assert cells and all(c.data_type == "s" for c in cells)


def test_the_irm_export_has_each_commitment_with_its_milestones_and_evidence(
        app: Flask, client: Any, world: World) -> None:
    rows = read_csv(client.get(f"{DATA}/irm.csv"))
    by_id = {int(r["commitment_id"]): r for r in rows}
    assert set(by_id) == {world.ids[k] for k in ("monitored", "completed", "withdrawn")}
    row = by_id[world.ids["monitored"]]
    assert row["title"] == "Open budget portal"
    assert row["lead_institution"] == "Transparency office"
    # Both lists of supporting stakeholders: government bodies first.
    assert row["supporting_institutions"] == "Transparency office\nCivil society forum"
    assert row["ogp_values"] == "ინფორმაციის ხელმისაწვდომობა; სამოქალაქო მონაწილეობა"
    assert row["milestones_total"] == "2" and row["milestones_done"] == "1"
    assert "Portal launched" in row["milestones"]
    assert row["public_page"].endswith(f"/p/{CITY}/commitments/{world.ids['monitored']}")
    english = {int(r["commitment_id"]): r
               for r in read_csv(client.get(f"{DATA}/irm.csv?lang=en"))}
    assert english[world.ids["monitored"]]["ogp_values"] == (
        "Access to information; Civic participation")


def test_the_dictionary_describes_every_field_and_every_code_used(
        client: Any, world: World) -> None:
    entries = read_json(client.get(f"{DATA}/dictionary.json"))["tables"]
    described = {(t["name"], f["name"]): f for t in entries for f in t["fields"]}
    for name in TABLES:
        header = next(csv.reader(io.StringIO(
            client.get(f"{DATA}/{name}.csv").data.decode("utf-8-sig"))))
        for column in header:
            field = described[(name, column)]
            assert field["label"]["ka"] and field["label"]["en"], (name, column)
            assert field["meaning"]["ka"] and field["meaning"]["en"], (name, column)
            assert field["meaning"]["ka"] != field["meaning"]["en"], (name, column)
        for row in read_json(client.get(f"{DATA}/{name}.json"))["rows"]:
            for column, value in row.items():
                codes = {a["code"] for a in described[(name, column)]["allowed"]}
                if codes:
                    values = value if isinstance(value, list) else [value]
                    shown = {("true" if v else "false") if isinstance(v, bool) else v
                             for v in values}
                    assert shown <= codes, (name, column, value)
    irm_header = next(csv.reader(io.StringIO(
        client.get(f"{DATA}/irm.csv").data.decode("utf-8-sig"))))
    assert all(("irm", c) in described for c in irm_header)
    page = client.get(f"{DATA}/").get_data(as_text=True)
    assert "ვალდებულება" in page and "commitments.csv" in page


def test_no_private_value_is_in_any_file(client: Any, world: World) -> None:
    for name in FILES:
        body = client.get(f"{DATA}/{name}").data
        if name.endswith(".xlsx"):
            book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
            text = "\n".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True)
                             for v in row if v is not None)
        else:
            text = body.decode("utf-8-sig")
        for what, marker in PRIVATE.items():
            assert marker not in text, f"{what} in {name}"
        assert USER_EMAIL_DOMAIN not in text, name


@pytest.mark.parametrize("name", ["commitments.csv", "data.xlsx", "dictionary.json"])
def test_members_read_the_same_files_through_the_api_whatever_the_setting(
        api: Any, client: Any, factory: Any, world: World, site_switch: Any, name: str) -> None:
    public = client.get(f"{DATA}/{name}")
    site_switch("off")
    assert client.get(f"{DATA}/{name}").status_code == 404
    member = api(factory.default_user("member"))
    response = member.get(f"/export/{name}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == public.headers["Content-Disposition"]
    if name.endswith(".csv"):
        assert read_csv(response) == read_csv(public)
    assert api(None).get(f"/export/{name}").status_code == 401


def test_the_api_export_is_the_caller_s_municipality_s_only(
        api: Any, factory: Any, world: World) -> None:
    town = factory.elsewhere()
    town.commitment(state=MONITORED, title="TOWN-ONLY")
    stranger = api(town.default_user("member"))
    assert stranger.get(f"/export/commitments.csv?municipality={CITY}").status_code == 404
    own = stranger.get("/export/commitments.csv")
    assert "TOWN-ONLY" in own.data.decode("utf-8-sig")
    assert "Open budget portal" not in own.data.decode("utf-8-sig")
    admin = api(factory.default_user("admin"))  # reads both: must say which
    answer = admin.get("/export/commitments.csv")
    assert answer.status_code == 422 and answer.json["error"]["fields"]["municipality"]
    assert admin.get("/export/nothing.csv?municipality=town").status_code == 404
