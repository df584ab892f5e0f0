"""From a parsed protocol to a draft meeting: matching people, refusing duplicates, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tracker.accounts.models import User
from tracker.extensions import db
from tracker.meetings import imports
from tracker.meetings.importer import parse_protocol
from tracker.meetings.imports import DuplicateProtocol, import_protocol, review_data
from tracker.meetings.models import Meeting

PROTOCOL = Path(__file__).parent / "protocols" / "napiri_07.txt"


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
    assert data["number"] == 7 and data["fingerprint"] == parsed.fingerprint


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
    monkeypatch.setattr(imports, "find_duplicate", lambda fingerprint: None)
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
