"""Importing a protocol through the upload form: read, review, save; duplicates and bad files
are refused with a clear message and save nothing."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.importing.minutes import MAX_IMPORT_BYTES, parse_protocol
from tracker.meetings.models import Meeting

from ..helpers import post_file, translated, working_in
from ..importing.pdfs import pdf_bytes, scanned_pdf_bytes
from .conftest import text_of

PROTOCOLS = Path(__file__).parent.parent / "importing" / "protocols"
CHAIR = "ნატა ტალღიშვილი"
SECRETARY = "ეკა ქვიშაძე"


class FormValues(HTMLParser):
    """The values a browser would submit for the page's form with ``action``."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.inside, self.values = action, False, {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") == self.action
        if not self.inside:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "file"):
            self.values[a["name"]] = a.get("value") or ""
        elif tag == "textarea":
            self._textarea = a["name"]
            self.values[a["name"]] = ""
        elif tag == "select":
            self._select = a["name"]
            self.values.setdefault(a["name"], "")
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value") or ""

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self._textarea:
            self.values[self._textarea] += data


def form_values(html: str, action: str) -> dict[str, str]:
    parser = FormValues(action)
    parser.feed(html)
    # A browser drops the one newline that follows <textarea>.
    return {k: v[1:] if v.startswith("\n") else v for k, v in parser.values.items()}


def meeting_count(app) -> int:
    with working_in(app):
        return db.session.execute(select(func.count(Meeting.id))).scalar_one()


@pytest.fixture
def secretary(browse_as, users, make_user):
    make_user("chair", name=CHAIR)  # the protocol's chair has an account; its secretary not
    return browse_as(users["secretary"])


def upload(client, data: bytes, filename: str, **fields):
    return post_file(client, "/meetings/import", "protocol", data, filename, **fields)


def test_upload_review_and_save(app, secretary, make_user) -> None:
    text = (PROTOCOLS / "napiri_08.txt").read_bytes()
    review = upload(secretary, text, "ოქმი N8.txt")
    assert review.status_code == 200
    page = text_of(review)
    assert meeting_count(app) == 0  # nothing saved before the review
    # what was read, for checking
    assert 'value="8"' in page and 'value="02/05/2023"' in page
    assert "ონლაინ პლატფორმის განახლებული ვერსიის განხილვა" in page
    assert "დათო ნავიშვილი | ქ. ნაპირის მუნიციპალიტეტის მერიის იურიდიული სამსახური" in page
    # what was not found, and whom no account matched
    assert translated(app, "Not found in the protocol") in page
    assert translated(app, "End time") in page and translated(app, "Authority") in page
    assert SECRETARY in page

    values = form_values(review.get_data(as_text=True), "/m/city/meetings/import/review")
    assert values["chair_id"]  # matched by name
    assert values["secretary_id"] == ""
    values["place"] = "ქ. ნაპირი, მერიის დარბაზი"  # a correction during the review
    saved = secretary.post("/meetings/import/review", data=values)
    assert saved.status_code == 302, text_of(saved)[:2000]
    with working_in(app):
        meeting = db.session.execute(select(Meeting)).scalar_one()
        assert (meeting.number, meeting.place, meeting.state) == (8, values["place"], "draft")
        assert meeting.agenda[0].title == "ონლაინ პლატფორმის განახლებული ვერსიის განხილვა"
        assert [d.text for d in meeting.decisions] == parse_protocol(text.decode()).decisions
        names = {a.display_name for a in meeting.attendees}
        assert {"დათო ნავიშვილი", "ლია მზიანაძე", CHAIR} <= names
        kinds = {a.display_name: a.org_kind for a in meeting.attendees}
        assert kinds["ლია მზიანაძე"] == "civil_society" and kinds["ზურა ფრთაძე"] == "donor"
        assert meeting.import_fingerprint
        assert saved.location == f"/m/city/meetings/{meeting.id}"

    # The same protocol again: recognised at upload and at saving, nothing new.
    again = upload(secretary, text, "copy.txt")
    assert again.status_code == 409
    assert f'href="/m/city/meetings/{meeting.id}"' in again.get_data(as_text=True)
    resaved = secretary.post("/meetings/import/review", data=values)
    assert resaved.status_code == 409
    assert translated(app, "This protocol was imported before, as meeting N%(number)d.",
                      number=8) in text_of(resaved)
    assert meeting_count(app) == 1


def test_a_docx_protocol_keeps_its_georgian(app, secretary) -> None:
    document = Document()
    for line in (PROTOCOLS / "napiri_09.txt").read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    review = upload(secretary, buffer.getvalue(), "protocol.docx")
    assert review.status_code == 200
    assert "თემატური სამუშაო ჯგუფების ანგარიშები" in text_of(review)


def test_review_errors_are_shown_and_nothing_is_saved(app, secretary) -> None:
    review = upload(secretary, (PROTOCOLS / "napiri_07.txt").read_bytes(), "n7.txt")
    values = form_values(review.get_data(as_text=True), "/m/city/meetings/import/review")
    values.update(attendees="ნინო | მერია | unknown-kind | present", end_time="25:99")
    response = secretary.post("/meetings/import/review", data=values)
    assert response.status_code == 422
    page = text_of(response)
    assert "unknown-kind" in page and translated(app, "Line %(n)d: %(problem)s.", n=1,
                                                 problem="").rstrip(". ") in page
    assert meeting_count(app) == 0


def test_a_pdf_protocol_is_read_and_a_scan_is_refused_with_a_reason(app, secretary,
                                                                      db_snapshot) -> None:
    lines = (PROTOCOLS / "napiri_09.txt").read_text(encoding="utf-8").splitlines()
    form = secretary.get("/meetings/import").get_data(as_text=True)
    assert "accept='.txt,.docx,.pdf" in form or 'accept=".txt,.docx,.pdf' in form

    review = upload(secretary, pdf_bytes([line for line in lines if line.strip()],
                                         header="ნაპირის მერია", numbered=True),
                    "protocol.pdf")
    assert review.status_code == 200
    assert "თემატური სამუშაო ჯგუფების ანგარიშები" in text_of(review)

    before = db_snapshot()
    scan = upload(secretary, scanned_pdf_bytes(lines[:10]), "scan.pdf")
    assert scan.status_code == 422
    assert translated(app, "This PDF has no text layer: it is a scan, a picture of the pages, "
                      "and no text can be read from it. Upload the document as it was written "
                      "(.docx, .txt or a PDF saved from the word processor), or run the scan "
                      "through text recognition (OCR) first.") in text_of(scan)
    assert db_snapshot() == before


@pytest.mark.parametrize(
    ("data", "filename", "message", "status"),
    [
        (b"", "empty.txt", "The file is empty.", 422),
        (b"\x00\x01\x02\x03PK\x00" * 200, "binary.txt", "The file is not a text file.", 422),
        ("Protocole de séance N7, décisions".encode("latin-1"), "latin.txt",
         "The file is not UTF-8 text. Save it as UTF-8 (or as .docx) and upload it again.", 422),
        (b"%PDF-1.7\n...", "protocol.pdf",
         "The file is not a valid PDF document, or it is damaged.", 422),
        (b"\xd0\xcf\x11\xe0", "protocol.rtf", "Only .txt, .docx and .pdf files can be imported.",
         422),
        (b"PK\x03\x04 not really a zip", "broken.docx",
         "The file is not a valid Word (.docx) document.", 422),
        (b"a" * (MAX_IMPORT_BYTES + 1), "big.txt", "The file is larger than %(size)s MB.", 422),
        (b"a" * (6 * 1024 * 1024), "huge.txt", "The file is larger than %(size)s MB.", 413),
        ("პური, რძე და ყველი — საყიდლების სია".encode(), "note.txt",
         "This does not look like a meeting protocol.", 422),
    ],
    ids=["empty", "binary", "latin-1", "broken-pdf", "rtf", "bad-docx", "5MB+1", "6MB",
         "not-a-protocol"],
)
def test_bad_files_are_refused_clearly(app, secretary, db_snapshot, data, filename, message,
                                       status) -> None:
    before = db_snapshot()
    response = upload(secretary, data, filename)
    assert response.status_code == status
    expected = translated(app, message, size=5) if "%(size)s" in message else \
        translated(app, message)
    assert expected in text_of(response)
    assert 'type="file"' in response.get_data(as_text=True)  # the form, to try again
    assert db_snapshot() == before


def test_no_file_chosen(app, secretary) -> None:
    response = secretary.post("/meetings/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert translated(app, "Choose the protocol file to upload.") in text_of(response)


@pytest.mark.parametrize("role", ["member", "observer"])
def test_only_those_who_hold_meetings_import(browse_as, users, role) -> None:
    client = browse_as(users[role])
    assert client.get("/meetings/import").status_code == 403
    assert client.post("/meetings/import/review", data={"place": "x"}).status_code == 403


@pytest.mark.parametrize("sent", ["", "0" * 64, None], ids=["emptied", "forged", "left-out"])
def test_the_duplicate_check_does_not_trust_the_form(app, secretary, sent) -> None:
    """The review form used to carry the fingerprint in a hidden field: posted emptied, the
    same protocol was saved twice. The server now computes it from what is saved."""
    review = upload(secretary, (PROTOCOLS / "napiri_07.txt").read_bytes(), "n7.txt")
    values = form_values(review.get_data(as_text=True), "/m/city/meetings/import/review")
    assert "fingerprint" not in values
    assert secretary.post("/meetings/import/review", data=values).status_code == 302
    if sent is not None:
        values["fingerprint"] = sent
    values["number"] = "70"  # not the number that is now taken: only the content is the same
    again = secretary.post("/meetings/import/review", data=values)
    assert again.status_code == 409
    assert meeting_count(app) == 1
