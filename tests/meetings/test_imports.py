"""From a parsed protocol to a draft meeting: matching people, one operation that creates the
meeting with its minutes, refusing duplicates by what the protocol says, the CLI (into the
municipality it names, or the only one)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tracker.accounts.models import User
from tracker.audit.models import AuditEntry
from tracker.errors import ValidationFailed
from tracker.extensions import db
from tracker.importing.minutes import parse_protocol
from tracker.importing.vocabulary import KINDS, STATUSES
from tracker.meetings import importing
from tracker.meetings.importing import (
    DuplicateProtocol,
    fingerprint_of,
    import_protocol,
    review_data,
)
from tracker.meetings.models import Meeting, OrgKind, Presence
from tracker.municipalities.models import Municipality
from tracker.search.index import SearchIndex

PROTOCOL = Path(__file__).parent.parent / "importing" / "protocols" / "napiri_07.txt"


@pytest.fixture
def parsed():  # type: ignore[no-untyped-def]
    return parse_protocol(PROTOCOL.read_text(encoding="utf-8"))


def _meetings() -> int:
    return db.session.execute(select(func.count(Meeting.id))).scalar_one()


def test_review_matches_the_chair_and_secretary_to_accounts(app_ctx, make_user, parsed) -> None:  # type: ignore[no-untyped-def]
    chair = make_user("chair", name="ნატა ტალღიშვილი")
    data = review_data(parsed)
    assert data["chair_id"] == chair.id
    assert data["secretary_id"] is None  # nobody has that name: left for the reviewer
    assert data["secretary_name"] == "ეკა ქვიშაძე"
    assert data["number"] == 7
    # Nothing for a form to carry back: the fingerprint is the server's, from the content.
    assert "fingerprint" not in data and fingerprint_of(data) == parsed.fingerprint


def test_the_grammar_knows_the_kinds_and_attendances_meetings_store() -> None:
    assert set(KINDS) == {kind.value for kind in OrgKind}
    assert set(STATUSES) == {presence.value for presence in Presence}


def test_an_import_is_one_operation_one_entry_one_reindex(  # type: ignore[no-untyped-def]
    app_ctx, users, parsed, monkeypatch, query_counter
) -> None:
    """Importing used to add attendees, agenda items and decisions one edit at a time: 16
    reindexes and ~150 statements for this protocol. Now: one of each, and few statements."""
    secretary = db.session.get(User, users["secretary"].id)
    indexed: list[int] = []
    replace = SearchIndex.replace

    def counting(index: SearchIndex, object_id: int, document: str) -> None:
        indexed.append(object_id)
        replace(index, object_id, document)

    monkeypatch.setattr(SearchIndex, "replace", counting)
    entries_before = db.session.execute(select(func.count(AuditEntry.id))).scalar_one()
    with query_counter() as queries:
        meeting = import_protocol(secretary, review_data(parsed))
        db.session.commit()
    assert indexed == [meeting.id]
    entries = db.session.execute(
        select(AuditEntry).where(AuditEntry.id > entries_before)
    ).scalars().all()
    assert [(e.object_type, e.object_id, e.action) for e in entries
            if e.object_type == "meeting"] == [("meeting", meeting.id, "create")]
    # The chair and secretary have no account: each becomes a person of the records, once.
    people = [e for e in entries if e.object_type == "person"]
    assert [e.action for e in people] == ["create", "create"]
    assert {e.object_type for e in entries} == {"meeting", "person"}
    # A statement or two per row of the minutes (its INSERT; the index reads them back), a
    # few per person recognised or recorded, and a few for the meeting: ~50 here, against
    # ~150 when each row was an edit of its own.
    rows = len(parsed.attendees) + len(parsed.agenda) + len(parsed.decisions)
    assert queries.count <= 2 * rows + 12 * len(people) + 15, "\n".join(queries.statements)
    # ... and the meeting has all its minutes, searchable; the officers are among those present.
    assert [d.text for d in meeting.decisions] == parsed.decisions
    assert [a.title for a in meeting.agenda] == parsed.agenda
    assert len(meeting.attendees) == len(parsed.attendees) + 2
    assert (meeting.chair_name, meeting.secretary_name) == (parsed.chair, parsed.secretary)
    assert meeting.import_fingerprint == parsed.fingerprint


def test_every_imported_text_is_stored_clean(app_ctx, users, parsed) -> None:  # type: ignore[no-untyped-def]
    secretary = db.session.get(User, users["secretary"].id)
    data = review_data(parsed)
    data["place"] = "ქ. ნაპირი\x0b მერია\x00"
    data["decisions"] = ["პირველი\x07 გადაწყვეტილება"]
    data["attendees"][0]["organisation"] = "ღია\x1f ქალაქი"
    meeting = import_protocol(secretary, data)
    db.session.flush()
    assert meeting.place == "ქ. ნაპირი მერია"
    assert meeting.decisions[0].text == "პირველი გადაწყვეტილება"
    assert meeting.attendees[0].organisation == "ღია ქალაქი"


def test_a_protocol_corrected_in_its_review_is_still_recognised(  # type: ignore[no-untyped-def]
    app_ctx, users, parsed
) -> None:
    secretary = db.session.get(User, users["secretary"].id)
    data = review_data(parsed)
    data.update(place="სხვა დარბაზი", number=30, chair_id=None)
    import_protocol(secretary, data)
    db.session.commit()
    with pytest.raises(DuplicateProtocol):
        import_protocol(secretary, review_data(parse_protocol(PROTOCOL.read_text("utf-8"))))
    db.session.rollback()
    # A protocol that decided something else is another protocol.
    other = review_data(parsed)
    other["decisions"] = [*other["decisions"][:-1], "სხვა გადაწყვეტილება"]
    assert import_protocol(secretary, other).id


def test_the_same_protocol_is_imported_once(app_ctx, users, parsed) -> None:  # type: ignore[no-untyped-def]
    secretary = db.session.get(User, users["secretary"].id)
    meeting = import_protocol(secretary, review_data(parsed))
    db.session.commit()
    assert meeting.state == "draft" and len(meeting.decisions) == len(parsed.decisions)
    with pytest.raises(DuplicateProtocol):
        import_protocol(secretary, review_data(parsed))
    db.session.rollback()
    assert _meetings() == 1


def test_a_simultaneous_second_import_is_refused_by_the_index(  # type: ignore[no-untyped-def]
    app_ctx, users, parsed, monkeypatch
) -> None:
    secretary = db.session.get(User, users["secretary"].id)
    import_protocol(secretary, review_data(parsed))
    db.session.commit()
    # As if the other request had not committed when this one looked:
    monkeypatch.setattr(importing, "find_duplicate", lambda fingerprint: None)
    data = review_data(parsed)
    data["number"] = 8
    with pytest.raises(DuplicateProtocol):
        import_protocol(secretary, data)
    db.session.rollback()
    assert _meetings() == 1


def test_cli_dry_run_reports_and_saves_nothing(runner, users) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["import", "minutes", str(PROTOCOL), "--dry-run", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["dry_run"] is True and report["meeting_id"] is None
    assert report["parsed"]["number"] == 7 and report["parsed"]["date"] == "2023-03-14"
    with runner.app.app_context():
        assert _meetings() == 0


def test_cli_imports_once_then_refuses(runner, users) -> None:  # type: ignore[no-untyped-def]
    first = runner.invoke(
        args=["import", "minutes", str(PROTOCOL), "--as", users["secretary"].email]
    )
    assert first.exit_code == 0, first.output
    assert "draft" in first.output
    second = runner.invoke(args=["import", "minutes", str(PROTOCOL), "--json"])
    assert second.exit_code == 1
    assert json.loads(second.output)["error"]["code"] == "duplicate"
    with runner.app.app_context():
        assert _meetings() == 1


def test_cli_refuses_a_bad_file(runner, users, tmp_path) -> None:  # type: ignore[no-untyped-def]
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    result = runner.invoke(args=["import", "minutes", str(binary), "--json"])
    assert result.exit_code == 1
    assert json.loads(result.output)["error"]["code"] == "import_failed"


def _meetings_by_municipality(app) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    with app.app_context():
        rows = db.session.execute(
            select(Municipality.slug, Meeting.number)
            .join(Municipality, Municipality.id == Meeting.municipality_id)
            .order_by(Municipality.slug)
        )
        return [tuple(row) for row in rows]


def test_cli_imports_into_the_municipality_named_only(app, runner, factory, users) -> None:  # type: ignore[no-untyped-def]
    town = factory.elsewhere()
    secretary = town.default_user("secretary")
    result = runner.invoke(args=["import", "minutes", str(PROTOCOL), "--json",
                                 "--municipality", "town", "--as", secretary.email])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["municipality"] == "town"
    assert _meetings_by_municipality(app) == [("town", 7)]
    # Each municipality has its own archive: the same protocol is no duplicate in the other.
    again = runner.invoke(args=["import", "minutes", str(PROTOCOL), "--municipality", "city"])
    assert again.exit_code == 0, again.output
    assert "imported into city as meeting" in again.output
    assert _meetings_by_municipality(app) == [("city", 7), ("town", 7)]


def test_cli_acts_with_the_role_held_in_the_municipality_named(app, runner, factory,
                                                               users) -> None:  # type: ignore[no-untyped-def]
    """City's secretary is nobody in town: the import into town is refused."""
    factory.elsewhere().municipality()
    result = runner.invoke(args=["import", "minutes", str(PROTOCOL), "--json",
                                 "--municipality", "town", "--as", users["secretary"].email])
    assert result.exit_code == 1
    assert json.loads(result.output)["error"]["code"] == "forbidden"
    assert _meetings_by_municipality(app) == []


@pytest.mark.parametrize(("options", "code"), [([], "municipality_required"),
                                               (["--municipality", "atlantis"], "not_found")],
                         ids=["none-named", "unknown"])
def test_cli_among_several_municipalities_refuses_without_a_known_one(
    app, runner, factory, users, options: list[str], code: str
) -> None:  # type: ignore[no-untyped-def]
    factory.elsewhere().municipality()
    result = runner.invoke(args=["import", "minutes", str(PROTOCOL), "--json", *options])
    assert result.exit_code == 1
    assert json.loads(result.output)["error"]["code"] == code
    assert _meetings_by_municipality(app) == []


def test_text_longer_than_its_column_is_a_validation_error(app_ctx, users, parsed) -> None:  # type: ignore[no-untyped-def]
    """A protocol's line can be longer than the column it lands in: PostgreSQL refused it
    with a 500 (the CLI and the API have no form to stop it first)."""
    secretary = db.session.get(User, users["secretary"].id)
    data = review_data(parsed)
    data["place"] = "ა" * 301
    data["attendees"][1]["organisation"] = "ბ" * 301
    with pytest.raises(ValidationFailed) as refused:
        import_protocol(secretary, data)
    assert set(refused.value.fields) == {"place", "attendees"}
    [problem] = refused.value.fields["attendees"]
    assert " 2: " in problem and "300" in problem  # the line of the second attendee
    db.session.rollback()
    assert _meetings() == 0
