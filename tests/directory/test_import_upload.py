"""The admin's upload of a department's web page: review first, then save; the same page
again updates the unit; a bad file says why and saves nothing."""

from __future__ import annotations

import io
import re
from html import unescape

import docx
import pytest

from tracker.directory.models import StaffMember, Unit
from tracker.extensions import db

from ..helpers import post_file, translated, working_in

NAME = "კულტურისა და სპორტის განყოფილება"

PAGE = """ცხელი ხაზი : (0 431) 24 10 50

{name}

{name}

განყოფილება დადგენილი წესით უზრუნველყოფს:

 • ქალაქის კულტურული ღონისძიებების დაგეგმვა;
 • სპორტული სექციების დაფინანსების პროგრამის მართვა;
 • ახალგაზრდულ ორგანიზაციებთან თანამშრომლობა.

II რანგი - მეორადი სტრუქტურული ერთეულის ხელმძღვანელი

განყოფილების უფროსი - თამთა ქავთარაძე - 591 20-30-40

უფროსი სპეციალისტები:

III რანგი I კატეგორიის უფროსი სპეციალისტი - ზურაბ მჭედლიძე - 591 20-30-41
III რანგი II კატეგორიის უფროსი სპეციალისტი - მანანა გოგიჩაიშვილი - 577 20-30-42

გააზიარე
"""


def page_bytes(name: str = NAME, extra: str = "", **replace: str) -> bytes:
    text = PAGE.format(name=name)
    for old, new in replace.items():
        text = text.replace(old, new)
    return (text + extra).encode()


def upload(client, data: bytes, filename: str = "page.txt"):
    return post_file(client, "/directory/import", "page", data, filename)


def hidden_fields(html: str) -> dict[str, str]:
    found = re.findall(r'<input[^>]*name="(page_text|filename)"[^>]*value="([^"]*)"', html)
    found += [(n, v) for v, n in re.findall(
        r'<input[^>]*value="([^"]*)"[^>]*name="(page_text|filename)"', html)]
    return {name: unescape(value) for name, value in found}


def review_then_save(client, data: bytes, filename: str = "page.txt", **form: object):
    review = upload(client, data, filename)
    assert review.status_code == 200, review.get_data(as_text=True)
    fields = hidden_fields(review.get_data(as_text=True))
    assert fields["page_text"]
    return review, client.post("/directory/import/save", data={**fields, **form})


def units_named(app, name: str) -> list[tuple[int, str | None, list[tuple]]]:
    with working_in(app):
        units = db.session.execute(db.select(Unit).where(Unit.name == name)).scalars().all()
        return [
            (u.id, u.hotline, sorted((p.name, p.rank, p.category, p.phone, p.is_head)
                                     for p in u.staff))
            for u in units
        ]


def test_review_shows_what_was_read_and_saves_nothing(app, browse_as, db_snapshot, users):
    client = browse_as("admin")
    before = db_snapshot()
    review = upload(client, page_bytes())
    page = review.get_data(as_text=True)
    assert review.status_code == 200
    assert NAME in page
    assert "0431 24 10 50" in page                                   # the hotline, local
    assert "სპორტული სექციების დაფინანსების პროგრამის მართვა" in page  # a function
    assert "ზურაბ მჭედლიძე" in page and "I კატეგორია" in page and "III რანგი" in page
    assert translated(app, "Saving creates the unit “%(name)s”.", name=NAME) in page
    assert db_snapshot() == before


def test_saving_creates_the_unit_then_the_same_page_updates_it(app, browse_as, city):
    client = browse_as("admin")
    _review, saved = review_then_save(client, page_bytes(), parent_id=city.hall)
    assert saved.status_code == 302
    [(unit_id, hotline, staff)] = units_named(app, NAME)
    assert saved.headers["Location"].endswith(f"/directory/{unit_id}")
    assert hotline == "+995431241050"
    assert staff == [
        ("ზურაბ მჭედლიძე", "III რანგი", "I კატეგორია", "+995591203041", False),
        ("თამთა ქავთარაძე", "II რანგი", None, "+995591203040", True),
        ("მანანა გოგიჩაიშვილი", "III რანგი", "II კატეგორია", "+995577203042", False),
    ]
    with working_in(app):
        assert db.session.get(Unit, unit_id).parent_id == city.hall
    unit_page = client.get(f"/directory/{unit_id}").get_data(as_text=True)
    assert "591 20 30 40" in unit_page

    # The page again, with a changed phone and one more person: an update, no duplicate.
    again = page_bytes(
        extra="უფროსი სპეციალისტი - ლევან ბაქრაძე - 599 20-30-43\n",
        **{"577 20-30-42": "577 20-30-49"},
    )
    review, saved = review_then_save(client, again)
    text = review.get_data(as_text=True)
    assert translated(app, "Update") in text
    assert 'name="parent_id"' not in text                              # it stays where it is
    assert saved.status_code == 302
    [(same_id, _hotline, staff)] = units_named(app, NAME)
    assert same_id == unit_id
    assert [p[0] for p in staff] == [
        "ზურაბ მჭედლიძე", "თამთა ქავთარაძე", "ლევან ბაქრაძე", "მანანა გოგიჩაიშვილი"
    ]
    assert dict((p[0], p[3]) for p in staff)["მანანა გოგიჩაიშვილი"] == "+995577203049"
    summary = client.get(f"/directory/{unit_id}").get_data(as_text=True)
    assert translated(
        app, "The unit was updated from the page: %(added)d staff added, %(updated)d updated.",
        added=1, updated=1,
    ) in summary


def test_a_person_no_longer_on_the_page_is_kept_and_reported(app, browse_as):
    client = browse_as("admin")
    review_then_save(client, page_bytes())
    shorter = page_bytes(**{
        "III რანგი II კატეგორიის უფროსი სპეციალისტი - მანანა გოგიჩაიშვილი - 577 20-30-42": ""
    })
    review, saved = review_then_save(client, shorter)
    message = translated(app, "Not on the page, kept: %(names)s.", names="მანანა გოგიჩაიშვილი")
    assert message in review.get_data(as_text=True)
    assert message in client.get(saved.headers["Location"]).get_data(as_text=True)
    [(_id, _hotline, staff)] = units_named(app, NAME)
    assert len(staff) == 3


def word_document(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def saved_web_page(text: str) -> bytes:
    body = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    return (
        '<!doctype html><html><head><meta charset="utf-8"><title>მერია</title></head><body>'
        '<nav><a href="/">მთავარი</a> <a href="/news">სიახლეები</a></nav>'
        f"<main>{body}</main><footer>© მერია</footer></body></html>"
    ).encode()


@pytest.mark.parametrize(("make", "filename"), [(word_document, "page.docx"),
                                                (saved_web_page, "page.html")])
def test_word_and_saved_web_pages_import_the_same(app, browse_as, make, filename):
    client = browse_as("admin")
    _review, saved = review_then_save(client, make(PAGE.format(name=NAME)), filename)
    assert saved.status_code == 302
    [(_id, hotline, staff)] = units_named(app, NAME)
    assert hotline == "+995431241050"
    assert len(staff) == 3 and any(p[4] for p in staff)


BAD_FILES = {
    "empty": (b"", "page.txt"),
    "not-text": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "page.txt"),
    "wrong-type": (b"%PDF-1.4 ...", "page.pdf"),
    "no-extension": (page_bytes(), "page"),
    "not-utf8": ("ცხელი ხაზი".encode("utf-16-le"), "page.txt"),
    "latin-1": ("Café Ünit - ñ".encode("latin-1") * 5, "page.txt"),
    "broken-docx": (b"PK\x03\x04 this is not really a zip", "page.docx"),
    "not-a-unit-page": ("სულ სხვა ტექსტი\n".encode(), "page.txt"),
    "too-large": (b"x" * (5 * 1024 * 1024 + 1), "page.txt"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_is_refused_clearly_and_saves_nothing(app, browse_as, db_snapshot, case):
    data, filename = BAD_FILES[case]
    client = browse_as("admin")
    before = db_snapshot()
    response = upload(client, data, filename)
    assert response.status_code in (413, 422)
    page = response.get_data(as_text=True)
    if response.status_code == 422:
        assert 'class="field__errors"' in page                    # said next to the field
    assert db_snapshot() == before


def test_no_file_is_asked_for(app, browse_as, db_snapshot) -> None:
    client = browse_as("admin")
    before = db_snapshot()
    response = client.post("/directory/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert translated(app, "Choose a file to import.") in response.get_data(as_text=True)
    assert db_snapshot() == before


@pytest.mark.parametrize("text", ["", "არაფერი", "\x00\x01", "ა\n" * 3000])
def test_a_tampered_review_saves_nothing(app, browse_as, db_snapshot, text) -> None:
    client = browse_as("admin")
    before = db_snapshot()
    response = client.post("/directory/import/save", data={"page_text": text})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/directory/import")
    assert db_snapshot() == before


@pytest.mark.parametrize("who", ["chair", "secretary", "member", "observer"])
def test_only_the_admin_imports(browse_as, db_snapshot, who) -> None:
    client = browse_as(who)
    before = db_snapshot()
    assert upload(client, page_bytes()).status_code == 403
    response = client.post("/directory/import/save",
                           data={"page_text": PAGE.format(name=NAME)})
    assert response.status_code == 403
    assert db_snapshot() == before
    with client.application.app_context():
        assert db.session.query(StaffMember).count() == 0


def test_what_the_page_leaves_out_is_kept(app, browse_as, users) -> None:
    """A re-imported page without the hotline or a person's phone keeps the stored ones,
    and an e-mail the administrator added is not wiped."""
    client = browse_as("admin")
    review_then_save(client, page_bytes())
    with working_in(app):
        person = db.session.execute(
            db.select(StaffMember).where(StaffMember.name == "ზურაბ მჭედლიძე")
        ).scalar_one()
        person_id, version = person.id, person.version
    client.post(f"/directory/staff/{person_id}/edit", data={
        "name": "ზურაბ მჭედლიძე", "position": "უფროსი სპეციალისტი", "rank": "III რანგი",
        "category": "I კატეგორია", "phone": "591 20 30 41", "email": "z@example.test",
        "version": version,
    })
    partial = page_bytes(**{"ცხელი ხაზი : (0 431) 24 10 50": "",
                            "ზურაბ მჭედლიძე - 591 20-30-41": "ზურაბ მჭედლიძე"})
    _review, saved = review_then_save(client, partial)
    assert saved.status_code == 302
    [(_id, hotline, _staff)] = units_named(app, NAME)
    assert hotline == "+995431241050"
    with working_in(app):
        person = db.session.get(StaffMember, person_id)
        assert (person.phone, person.email) == ("+995591203041", "z@example.test")


@pytest.mark.parametrize("charset", ["hex", "rot13", "base64", "unicode_escape", "bogus-8"])
def test_a_page_declaring_a_charset_that_is_no_text_encoding_is_read_as_utf8(
    app, browse_as, db_snapshot, charset
) -> None:
    """``<meta charset="hex">`` was a 500: Python knows "hex" but cannot decode text with it."""
    admin = browse_as("admin")
    data = f'<html><head><meta charset="{charset}"></head><body><pre>{PAGE.format(name=NAME)}'
    before = db_snapshot()
    response = upload(admin, (data + "</pre></body></html>").encode(), "page.html")
    assert response.status_code == 200
    assert NAME in unescape(response.get_data(as_text=True))
    assert db_snapshot() == before
