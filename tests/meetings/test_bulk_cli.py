"""``flask import minutes DIR``: a folder of protocols imported file by file, each in a
transaction of its own, duplicates skipped, a taken number moved on and said, a report per
file (text or JSON on stdout, the progress bar on stderr) and an exit status that tells
whether a file was refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tracker.audit.models import AuditEntry
from tracker.extensions import db
from tracker.meetings import importing
from tracker.meetings.models import Attendee, Meeting
from tracker.people.models import Person

from ..helpers import working_in, zip_of
from .bulk import (
    APRIL,
    CHAIR,
    MARCH,
    NOT_A_PROTOCOL,
    NUMBER_AGAIN,
    ONE_OFFICER,
    SECRETARY,
    docx_of,
    protocol,
)


def write(folder: Path, name: str, content: str | bytes) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An archive as a secretary keeps one: protocols in text and Word, a damaged Word file
    in the middle, one the tracker refuses to save, a copy, a shopping list, an old .doc, a
    sub-folder, and hidden files that are no documents."""
    archive = tmp_path / "ოქმები"
    write(archive, "01_march.txt", MARCH)
    write(archive, "02_april.docx", docx_of(APRIL))
    write(archive, "03_broken.docx", b"PK\x03\x04 this was never a Word document")
    write(archive, "04_one_officer.txt", ONE_OFFICER)
    write(archive, "05_copy_of_march.txt", MARCH)
    write(archive, "06_shopping.txt", NOT_A_PROTOCOL)
    write(archive, "07_old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old Word")
    write(archive, "2021/08_numbered_again.txt", NUMBER_AGAIN)
    write(archive, ".hidden.txt", protocol(9, "01/09/2021", "დამალული"))
    write(archive, "notes.jpg", b"\xff\xd8\xff")
    return archive


def run(runner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(args=["import", "minutes", *args])


def statuses(report: dict) -> dict[str, str]:
    return {entry["file"]: entry["status"] for entry in report["files"]}


def by_file(report: dict) -> dict[str, dict]:
    return {entry["file"]: entry for entry in report["files"]}


def meetings(app) -> list[tuple[int, dict | None]]:  # type: ignore[no-untyped-def]
    with working_in(app):
        rows = db.session.execute(select(Meeting.number, Meeting.import_review)
                                  .order_by(Meeting.number))
        return [tuple(row) for row in rows]


def test_a_folder_is_imported_file_by_file_with_a_report(app, runner, users, folder) -> None:  # type: ignore[no-untyped-def]
    result = run(runner, str(folder), "--json", "--as", users["secretary"].email)
    assert result.exit_code == 1  # a file was refused; the others are saved
    report = json.loads(result.stdout)  # the progress bar is not in it
    assert "importing protocols" in result.stderr
    assert statuses(report) == {
        "01_march.txt": "imported",
        "02_april.docx": "needs_review",
        "03_broken.docx": "refused",
        "04_one_officer.txt": "refused",
        "05_copy_of_march.txt": "duplicate",
        "06_shopping.txt": "refused",
        "07_old.doc": "refused",
        "2021/08_numbered_again.txt": "needs_review",
    }
    assert report["summary"] == {"total": 8, "imported": 1, "needs_review": 2, "duplicate": 1,
                                 "refused": 4}
    assert report["dry_run"] is False and report["municipality"] == "city"
    files = by_file(report)
    assert set(files["01_march.txt"]) == {
        "file", "status", "meeting_id", "number", "missing", "uncertain", "number_taken",
        "action_items_skipped", "reason", "message", "duplicate_of"}
    assert files["01_march.txt"]["number"] == 3 and files["01_march.txt"]["meeting_id"]
    assert "end_time" in files["02_april.docx"]["missing"]
    assert {name: files[name]["reason"] for name in
            ("03_broken.docx", "04_one_officer.txt", "06_shopping.txt", "07_old.doc")} == {
        "03_broken.docx": "bad_docx", "04_one_officer.txt": "validation_failed",
        "06_shopping.txt": "not_a_protocol", "07_old.doc": "unsupported_type"}
    assert all(files[name]["message"] for name in ("03_broken.docx", "04_one_officer.txt"))
    assert files["05_copy_of_march.txt"]["duplicate_of"] == "01_march.txt"
    renumbered = files["2021/08_numbered_again.txt"]
    assert renumbered["number_taken"] == 3 and renumbered["number"] == 5
    # What the archive holds: three whole meetings, each with what is to be checked.
    stored = meetings(app)
    assert [number for number, _review in stored] == [3, 4, 5]
    assert stored[0][1] is None
    assert "end_time" in stored[1][1]["missing"]
    assert stored[2][1]["number_taken"] == 3


def test_a_file_refused_half_way_through_its_saving_leaves_nothing(app, runner, users,
                                                                   folder) -> None:  # type: ignore[no-untyped-def]
    """04 is refused after its chair was recorded as a person of the records (chair and
    secretary must be two people): that person, and its history, went with it."""
    run(runner, str(folder), "--as", users["secretary"].email)
    with working_in(app):
        people = set(db.session.execute(select(Person.name)).scalars())
        assert people == {CHAIR, SECRETARY}
        assert db.session.execute(
            select(func.count(AuditEntry.id)).where(AuditEntry.object_type == "person")
        ).scalar_one() == 2
        # every attendee and history entry belongs to a meeting that exists
        meeting_ids = set(db.session.execute(select(Meeting.id)).scalars())
        assert set(db.session.execute(select(Attendee.meeting_id)).scalars()) == meeting_ids
        assert set(db.session.execute(select(AuditEntry.object_id)
                                      .where(AuditEntry.object_type == "meeting"))
                   .scalars()) == meeting_ids


def test_an_error_at_the_last_step_of_a_file_undoes_that_file_only(app, runner, users,
                                                                  tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """An unexpected failure once the meeting, its attendees, people and history are
    written (the search index, the last step): the file is reported, nothing of it stays,
    and the files after it are imported."""
    archive = tmp_path / "archive"
    write(archive, "a.txt", MARCH)
    write(archive, "b.txt", APRIL)
    write(archive, "c.txt", NUMBER_AGAIN)
    reindex = importing.minutes.reindex
    calls = []

    def failing_second(meeting):  # type: ignore[no-untyped-def]
        calls.append(meeting.number)
        if len(calls) == 2:
            raise RuntimeError("the index is full")
        reindex(meeting)

    monkeypatch.setattr(importing.minutes, "reindex", failing_second)
    result = run(runner, str(archive), "--json", "--as", users["secretary"].email)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert statuses(report) == {"a.txt": "imported", "b.txt": "refused", "c.txt": "needs_review"}
    assert by_file(report)["b.txt"]["reason"] == "error"
    # b's number 4 is free again: c (N3 in its text) took it.
    assert [number for number, _review in meetings(app)] == [3, 4]
    with working_in(app):
        assert db.session.execute(select(func.count(AuditEntry.id))
                                  .where(AuditEntry.object_type == "meeting")).scalar_one() == 2


def test_every_file_imported_or_skipped_is_exit_status_0(app, runner, users, tmp_path) -> None:  # type: ignore[no-untyped-def]
    archive = tmp_path / "archive"
    write(archive, "march.txt", MARCH)
    write(archive, "march-again.docx", docx_of(MARCH))
    first = run(runner, str(archive), "--as", users["secretary"].email)
    assert first.exit_code == 0, first.output
    # Sorted by name: "march-again.docx" comes first ("-" before ".").
    assert "imported      march-again.docx: meeting N3" in first.stdout
    assert "duplicate     march.txt — " in first.stdout
    assert "1 imported, 0 needs_review, 1 duplicate, 0 refused of 2 files into city" in first.stdout
    # Run again: both are in the archive already; nothing new, still a success.
    second = run(runner, str(archive), "--json")
    assert second.exit_code == 0
    assert set(statuses(json.loads(second.stdout)).values()) == {"duplicate"}
    assert [number for number, _review in meetings(app)] == [3]


def test_a_dry_run_of_a_folder_saves_nothing(app, runner, users, folder) -> None:  # type: ignore[no-untyped-def]
    result = run(runner, str(folder), "--dry-run", "--json")
    report = json.loads(result.stdout)
    assert report["dry_run"] is True and report["municipality"] is None
    assert statuses(report)["05_copy_of_march.txt"] == "duplicate"
    assert statuses(report)["03_broken.docx"] == "refused"
    assert result.exit_code == 1
    assert meetings(app) == []


def test_a_zip_and_a_subgroup_on_the_command_line(app, runner, users, make_subgroup,
                                                  tmp_path) -> None:  # type: ignore[no-untyped-def]
    group = make_subgroup(name="კეთილმოწყობის ქვეჯგუფი")
    archive = tmp_path / "2021.zip"
    archive.write_bytes(zip_of({"2021/march.txt": MARCH.encode(),
                                "__MACOSX/2021/._march.txt": b"\x00\x05",
                                "2021/april.docx": docx_of(APRIL)}))
    result = run(runner, str(archive), "--json", "--group", str(group.id),
                 "--as", users["secretary"].email)
    assert result.exit_code == 0, result.output
    assert statuses(json.loads(result.stdout)) == {"2021.zip/2021/april.docx": "needs_review",
                                                  "2021.zip/2021/march.txt": "imported"}
    with working_in(app):
        assert set(db.session.execute(select(Meeting.subgroup_id)).scalars()) == {group.id}


def test_an_empty_folder_and_a_forbidden_actor_stop_before_any_file(app, runner, users,
                                                                    folder, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "empty").mkdir()
    empty = run(runner, str(tmp_path / "empty"), "--json")
    assert empty.exit_code == 1
    assert json.loads(empty.stdout)["error"]["code"] == "empty"
    forbidden = run(runner, str(folder), "--json", "--as", users["observer"].email)
    assert forbidden.exit_code == 1
    assert json.loads(forbidden.stdout)["error"]["code"] == "forbidden"
    assert meetings(app) == []


def test_a_single_file_keeps_its_report(runner, users, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """FILE is imported as before: the ``parsed`` report, not a list of files."""
    path = tmp_path / "march.txt"
    path.write_text(MARCH, encoding="utf-8")
    result = run(runner, str(path), "--json", "--dry-run")
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert set(report) == {"parsed", "missing", "meeting_id", "dry_run", "municipality"}
    assert report["parsed"]["number"] == 3


def test_a_single_file_with_a_taken_number_is_saved_under_the_next_and_queued(
    app, runner, users, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """No review page on the command line: like a folder's files, the one file's taken
    number is given up for the next free one and the meeting says so (it was refused)."""
    write(tmp_path, "march.txt", MARCH)
    write(tmp_path, "june.txt", NUMBER_AGAIN)
    assert run(runner, str(tmp_path / "march.txt"), "--as", users["secretary"].email
               ).exit_code == 0
    result = run(runner, str(tmp_path / "june.txt"), "--as", users["secretary"].email)
    assert result.exit_code == 0, result.output
    assert "number N3 taken, saved as N4" in result.stdout
    assert meetings(app) == [(3, None), (4, {"number_taken": 3})]
