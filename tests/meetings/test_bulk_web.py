"""The import page's archive form: several files or a .zip in one request (no script), one
file a request answered in JSON (the page's script), a .zip read safely; the review queue
and confirming an import, by role; CSRF."""

from __future__ import annotations

import re
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tracker.audit.models import AuditEntry
from tracker.extensions import db
from tracker.importing.minutes import ProtocolImportError
from tracker.importing.reader import MAX_UPLOAD_BYTES
from tracker.meetings.bulk_import import MAX_ARCHIVE_ENTRIES, archive_entries, is_unsafe
from tracker.meetings.models import Meeting

from ..helpers import post_files, reload, text_of, translated, working_in, zip_of
from .bulk import APRIL, MARCH, NOT_A_PROTOCOL, NUMBER_AGAIN, docx_of, protocol

BULK = "/meetings/import/bulk"
QUEUE = "/meetings/import/queue"
JSON = {"Accept": "application/json"}


def upload(client, *files: tuple[bytes, str], headers=None, **fields):  # type: ignore[no-untyped-def]
    return post_files(client, BULK, "bulk-files", list(files), headers=headers, **fields)


def stored(app) -> dict[int, dict | None]:  # type: ignore[no-untyped-def]
    """Number → import_review of every meeting."""
    with working_in(app):
        rows = db.session.execute(select(Meeting.number, Meeting.import_review))
        return {number: review for number, review in rows}


def statuses(answer) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {row["file"]: row["status"] for row in answer.get_json()["files"]}


@pytest.fixture
def secretary(browse_as, users):  # type: ignore[no-untyped-def]
    return browse_as(users["secretary"])


# Uploading ------------------------------------------------------------------------------------
def test_the_import_page_offers_the_archive_form_and_its_script(secretary) -> None:
    page = secretary.get("/meetings/import")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert re.search(r'<input[^>]*id="bulk-files"[^>]*multiple', html)
    assert 'action="/m/city/meetings/import/bulk"' in html
    assert "<progress" in html and 'src="/static/js/bulk-import.js"' in html
    assert "<script>" not in html  # nothing inline: the CSP allows 'self' only


def test_several_files_in_one_request_get_a_report_page(app, secretary) -> None:
    answer = upload(secretary, (MARCH.encode(), "march.txt"), (docx_of(APRIL), "april.docx"),
                    (NOT_A_PROTOCOL.encode(), "shopping.txt"), (MARCH.encode(), "copy.txt"))
    assert answer.status_code == 200
    page = text_of(answer)
    for name, label in (("march.txt", "Imported"), ("april.docx", "Imported, to be checked"),
                        ("shopping.txt", "Not imported"), ("copy.txt", "Imported before: skipped")):
        assert re.search(rf"{re.escape(name)}</span>:\s*<span[^>]*>{translated(app, label)}",
                         page), name
    assert translated(app, "End time") in page  # what to check in april's
    assert stored(app).keys() == {3, 4}


def test_one_file_a_request_answers_in_json(app, secretary) -> None:
    first = upload(secretary, (MARCH.encode(), "march.txt"), headers=JSON)
    assert first.status_code == 200 and first.is_json
    body = first.get_json()
    assert body["summary"] == {"total": 1, "imported": 1, "needs_review": 0, "duplicate": 0,
                               "refused": 0}
    row = body["files"][0]
    assert row["status"] == "imported" and row["number"] == 3
    assert row["url"] == f"/m/city/meetings/{row['meeting_id']}"
    assert row["label"] == translated(app, "Imported") and body["queue"].endswith(QUEUE)
    again = upload(secretary, (docx_of(MARCH), "march.docx"), headers=JSON)
    assert statuses(again) == {"march.docx": "duplicate"}
    assert again.get_json()["files"][0]["meeting_id"] == row["meeting_id"]
    renumbered = upload(secretary, (NUMBER_AGAIN.encode(), "june.txt"), headers=JSON)
    row = renumbered.get_json()["files"][0]
    assert row["status"] == "needs_review" and row["number_taken"] == 3 and row["number"] == 4
    assert any("N3" in detail and "N4" in detail for detail in row["details"])
    assert stored(app)[4] == {"number_taken": 3}


def test_no_file_is_a_422_explained(app, secretary) -> None:
    page = upload(secretary)
    assert page.status_code == 422
    assert translated(app, "Choose the protocol files to upload.") in text_of(page)
    answer = upload(secretary, headers=JSON)
    assert answer.status_code == 422
    assert answer.get_json()["error"]["fields"] == {
        "files": [translated(app, "Choose the protocol files to upload.")]}


# Archives --------------------------------------------------------------------------------------
def test_a_zip_is_read_entry_by_entry_and_a_path_out_of_it_refused(app, secretary) -> None:
    archive = zip_of({
        "ოქმები/": b"",
        "ოქმები/2021/march.txt": MARCH.encode(),
        "ოქმები/2021/april.docx": docx_of(APRIL),
        "__MACOSX/ოქმები/2021/._march.txt": b"\x00\x05\x16\x07",
        "ოქმები/.DS_Store": b"\x00\x00\x00\x01Bud1",
        "../../evil.txt": protocol(7, "01/07/2021", "ბოროტი").encode(),
        "/etc/absolute.txt": protocol(8, "01/08/2021", "აბსოლუტური").encode(),
        "C:\\Windows\\drive.txt": protocol(9, "01/09/2021", "დისკი").encode(),
    })
    answer = upload(secretary, (archive, "2021.zip"), headers=JSON)
    assert answer.status_code == 200
    assert statuses(answer) == {
        "2021.zip/../../evil.txt": "refused",
        "2021.zip//etc/absolute.txt": "refused",
        "2021.zip/C:\\Windows\\drive.txt": "refused",
        "2021.zip/ოქმები/2021/april.docx": "needs_review",
        "2021.zip/ოქმები/2021/march.txt": "imported",
    }
    reasons = {row["reason"] for row in answer.get_json()["files"] if row["status"] == "refused"}
    assert reasons == {"unsafe_name"}
    assert stored(app).keys() == {3, 4}


def test_an_entry_that_unpacks_too_large_is_refused_without_the_others(app, secretary) -> None:
    archive = zip_of({"bomb.txt": b"0" * (MAX_UPLOAD_BYTES + 1), "march.txt": MARCH.encode()})
    assert len(archive) < 100_000  # a small upload
    answer = upload(secretary, (archive, "a.zip"), headers=JSON)
    assert statuses(answer) == {"a.zip/bomb.txt": "refused", "a.zip/march.txt": "imported"}
    assert answer.get_json()["files"][0]["reason"] == "too_large"


@pytest.mark.parametrize("case", ["unpacks-too-large", "too-many-files", "not-a-zip", "empty"])
def test_an_archive_refused_as_a_whole_imports_nothing(app, secretary, case) -> None:
    if case == "unpacks-too-large":  # eleven 5 MB entries: 55 MB from a few kilobytes
        archive = zip_of({f"{n:02}.txt": b"0" * MAX_UPLOAD_BYTES for n in range(11)}
                         | {"march.txt": MARCH.encode()})
    elif case == "too-many-files":
        archive = zip_of({f"{n:03}.txt": b"x" for n in range(MAX_ARCHIVE_ENTRIES + 1)}
                         | {"march.txt": MARCH.encode()})
    elif case == "not-a-zip":
        archive = MARCH.encode()
    else:
        archive = zip_of({"folder/": b"", ".hidden": b"x"})
    answer = upload(secretary, (archive, "archive.zip"), headers=JSON)
    assert answer.status_code == 200
    rows = answer.get_json()["files"]
    assert [(row["file"], row["status"]) for row in rows] == [("archive.zip", "refused")]
    assert rows[0]["reason"] == {"unpacks-too-large": "too_large",
                                 "too-many-files": "too_many_files",
                                 "not-a-zip": "bad_zip", "empty": "empty"}[case]
    assert rows[0]["message"]
    assert stored(app) == {}


# Who may -----------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["observer", "member", "coordinator"])
def test_who_may_not_record_meetings_may_not_import_or_see_the_queue(
    app, browse_as, factory, role
) -> None:
    who = factory.user("coordinator") if role == "coordinator" else role
    client = browse_as(who)
    assert upload(client, (MARCH.encode(), "march.txt")).status_code == 403
    assert client.get(QUEUE).status_code == 403
    assert stored(app) == {}


def test_the_archive_form_checks_csrf(app, make_app, browse_as, users) -> None:
    guarded = make_app(WTF_CSRF_ENABLED=True)
    client = browse_as(users["secretary"], on=guarded)
    refused = upload(client, (MARCH.encode(), "march.txt"), headers=JSON)
    assert refused.status_code == 400
    assert stored(app) == {}
    page = client.get("/meetings/import").get_data(as_text=True)
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
    # The page's script sends the token of the page's <meta> in a header.
    answer = upload(client, (MARCH.encode(), "march.txt"), headers={**JSON, "X-CSRFToken": token})
    assert answer.status_code == 200
    assert statuses(answer) == {"march.txt": "imported"}


# The review queue and confirming ---------------------------------------------------------------
@pytest.fixture
def imported(secretary) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """march (complete) and april (no end time: to be checked), by their meeting ids."""
    answer = upload(secretary, (MARCH.encode(), "march.txt"), (APRIL.encode(), "april.txt"),
                    headers=JSON)
    return {row["file"].removesuffix(".txt"): row["meeting_id"]
            for row in answer.get_json()["files"]}


def version_of(app, meeting_id: int) -> int:  # type: ignore[no-untyped-def]
    return reload(app, Meeting, meeting_id).version


def test_the_queue_lists_what_is_to_be_checked(app, secretary, imported) -> None:
    page = secretary.get(QUEUE)
    assert page.status_code == 200
    html = text_of(page)
    assert f'href="/m/city/meetings/{imported["april"]}"' in html
    assert f'href="/m/city/meetings/{imported["march"]}"' not in html
    assert translated(app, "End time") in html
    assert f'action="/m/city/meetings/{imported["april"]}/confirm-import"' in html
    assert f'href="/m/city/meetings/{imported["april"]}/edit"' in html


def test_the_meeting_page_says_what_to_check_and_offers_the_confirmation(
    app, secretary, browse_as, imported
) -> None:
    april = f"/meetings/{imported['april']}"
    html = text_of(secretary.get(april))
    assert 'id="import-review"' in html and translated(app, "End time") in html
    assert f'action="/m/city{april}/confirm-import"' in html
    observer = text_of(browse_as("observer").get(april))
    assert 'id="import-review"' in observer  # every reader sees it is unchecked
    assert "confirm-import" not in observer  # but only who keeps the minutes confirms
    assert 'id="import-review"' not in text_of(secretary.get(f"/meetings/{imported['march']}"))


@pytest.mark.parametrize("role", ["secretary", "chair"])
def test_confirming_clears_the_flag_and_is_in_the_history(app, browse_as, imported, role) -> None:
    client = browse_as(role)
    meeting_id = imported["april"]
    answer = client.post(f"/meetings/{meeting_id}/confirm-import",
                         data={"version": version_of(app, meeting_id), "back": "queue"})
    assert answer.status_code == 302 and answer.headers["Location"].endswith(QUEUE)
    assert reload(app, Meeting, meeting_id).import_review is None
    with working_in(app):
        entry = db.session.execute(select(AuditEntry).where(
            AuditEntry.object_type == "meeting", AuditEntry.object_id == meeting_id,
            AuditEntry.action == "confirm_import")).scalar_one()
        assert entry.actor_id == client.user.id
        assert "end_time" in entry.changes["import_review"][0]
        assert entry.changes["import_review"][1] is None
    assert f"/meetings/{meeting_id}\"" not in client.get(QUEUE).get_data(as_text=True)
    history = text_of(client.get(f"/meetings/{meeting_id}"))
    assert translated(app, "confirmed that the imported protocol was checked") in history
    assert 'id="import-review"' not in history


def test_a_confirmation_is_refused_to_others_and_on_a_stale_or_empty_review(
    app, browse_as, imported, db_snapshot
) -> None:
    meeting_id = imported["april"]
    url = f"/meetings/{meeting_id}/confirm-import"
    version = version_of(app, meeting_id)
    before = db_snapshot()
    for role in ("observer", "member"):
        assert browse_as(role).post(url, data={"version": version}).status_code == 403, role
    secretary = browse_as("secretary")
    stale = secretary.post(url, data={"version": version - 1}, follow_redirects=True)
    assert translated(app, "Someone else changed this item after you opened it. Reload it and "
                           "apply your change again.") in text_of(stale)
    nothing = f"/meetings/{imported['march']}/confirm-import"
    empty = secretary.post(nothing, data={"version": version_of(app, imported["march"])},
                           follow_redirects=True)
    assert translated(app, "This meeting has no import waiting to be checked.") in text_of(empty)
    assert db_snapshot() == before


# Any name, any content -------------------------------------------------------------------------
@settings(max_examples=60, deadline=None, database=None)
@given(st.dictionaries(
    # What zipfile can write: no lone surrogate; NUL ends a name (a lone one cannot be).
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
            min_size=1, max_size=40),
    st.binary(max_size=200), min_size=1, max_size=6))
def test_any_entry_names_are_read_or_refused_never_a_crash(entries) -> None:  # type: ignore[no-untyped-def]
    """An archive's names are whatever its maker typed (or forged): each entry is read or
    refused with a reason; a name that leaves the archive is never read; names shown are
    printable."""
    with warnings.catch_warnings():  # "a\x00b" and "a" are one name twice: zipfile warns
        warnings.simplefilter("ignore")
        archive = zip_of(entries)
    try:
        result = archive_entries(archive)
    except ProtocolImportError as error:
        assert error.reason in {"empty", "bad_zip"}
        return
    for name, content in result:
        assert name and name.isprintable()
        if is_unsafe(name):
            assert isinstance(content, ProtocolImportError)
            assert content.reason == "unsafe_name"
