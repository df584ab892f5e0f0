"""Units and staff: only the administrator changes them; everyone reads; phones are stored
as +995… and shown in local form."""

from __future__ import annotations

import pytest

from tracker.directory.models import StaffMember, Unit
from tracker.extensions import db

from ..helpers import ROLES, VISITOR, assert_page_access, translated, working_in


def unit_facts(app, unit_id: int) -> dict:
    with working_in(app):
        unit = db.session.get(Unit, unit_id)
        return {
            "name": unit.name, "parent_id": unit.parent_id, "kind": unit.kind,
            "hotline": unit.hotline, "functions": list(unit.functions), "version": unit.version,
            "staff": sorted((p.name, p.phone, p.user_id, p.is_head) for p in unit.staff),
        }


# Pages by role -------------------------------------------------------------------------------
PAGES = {
    "/directory/": ROLES,
    "/directory/{d}": ROLES,
    "/directory/new": ("admin",),
    "/directory/{d}/edit": ("admin",),
    "/directory/{d}/staff/new": ("admin",),
    "/directory/staff/{s}/edit": ("admin",),
    "/directory/import": ("admin",),
}


@pytest.mark.parametrize("who", [*ROLES, VISITOR])
@pytest.mark.parametrize("page", PAGES)
def test_pages_by_role(browse_as, city, page: str, who: str) -> None:
    response = browse_as(who).get(page.format(d=city.department, s=city.head_staff))
    assert_page_access(response, who, PAGES[page])


WRITES = {
    "new-unit": ("/directory/new", {"name": "ახალი სამსახური", "kind": "service"}),
    "edit-unit": ("/directory/{d}/edit", {"name": "შეცვლილი", "kind": "department",
                                           "version": 1}),
    "add-staff": ("/directory/{d}/staff/new", {"name": "ახალი თანამშრომელი"}),
    "edit-staff": ("/directory/staff/{s}/edit", {"name": "სხვა სახელი", "version": 1}),
    "remove-staff": ("/directory/staff/{s}/remove", {"version": 1}),
}


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("action", WRITES)
def test_only_the_admin_changes_the_directory(app, browse_as, city, db_snapshot, action, who):
    url, data = WRITES[action]
    client = browse_as(who)
    before = db_snapshot()
    response = client.post(url.format(d=city.department, s=city.head_staff), data=data)
    if who == "admin":
        assert response.status_code == 302, response.get_data(as_text=True)
        assert db_snapshot() != before
    else:
        assert response.status_code == 403
        assert db_snapshot() == before


def test_the_tree_shows_kinds_heads_and_hotlines(app, browse_as, city) -> None:
    page = browse_as("observer").get("/directory/").get_data(as_text=True)
    hall = page.index("ზღვისპირის მერია")
    department = page.index("საერთაშორისო ურთიერთობების განყოფილება")
    division = page.index("საპროტოკოლო ქვეგანყოფილება")
    assert hall < department < division                           # parents before children
    assert "tree-row--depth-2" in page
    assert "ნინო ბერიძე" in page                                   # the department's head
    assert 'href="tel:+995415250120"' in page and "0415 25 01 20" in page
    assert translated(app, "Municipality") in page


def test_a_units_page(app, browse_as, city) -> None:
    page = browse_as("observer").get(f"/directory/{city.department}").get_data(as_text=True)
    assert "დაძმობილებულ ქალაქებთან ურთიერთობა" in page            # a function
    assert "საპროტოკოლო ქვეგანყოფილება" in page                     # a sub-unit
    assert "ზღვისპირის მერია" in page                               # the breadcrumb
    assert 'href="tel:+995591447589"' in page and "591 44 75 89" in page
    assert "II რანგი" in page
    assert f"/?unit={city.department}" in page                       # the board, filtered
    assert f"/directory/staff/{city.head_staff}/edit" not in page    # no admin tools
    admin_page = browse_as("admin").get(f"/directory/{city.department}").get_data(as_text=True)
    assert f"/directory/staff/{city.head_staff}/edit" in admin_page
    assert browse_as("observer").get("/directory/999999").status_code == 404


# Phones --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("(0 415) 25 01 20", "+995415250120", "0415 25 01 20"),
        ("0415250120", "+995415250120", "0415 25 01 20"),
        ("591 44-75-89", "+995591447589", "591 44 75 89"),
        ("+995 591 44 75 89", "+995591447589", "591 44 75 89"),
        ("", None, None),
    ],
)
def test_a_hotline_in_any_usual_form_is_stored_normalised(
    app, browse_as, city, typed, stored, shown
) -> None:
    version = unit_facts(app, city.legal)["version"]
    response = browse_as("admin").post(f"/directory/{city.legal}/edit", data={
        "name": "იურიდიული სამსახური", "kind": "service", "parent_id": city.hall,
        "hotline": typed, "functions": "ერთი\nორი", "version": version,
    })
    assert response.status_code == 302
    facts = unit_facts(app, city.legal)
    assert (facts["hotline"], facts["functions"]) == (stored, ["ერთი", "ორი"])
    if shown:
        page = browse_as("observer").get(f"/directory/{city.legal}").get_data(as_text=True)
        assert shown in page and f'href="tel:{stored}"' in page
        form = browse_as("admin").get(f"/directory/{city.legal}/edit").get_data(as_text=True)
        assert f'value="{shown}"' in form                         # edited in local form


@pytest.mark.parametrize("typed", ["12345", "phone", "+995 12", "555-55", "0" * 30])
def test_a_bad_phone_is_refused_with_a_clear_error(app, browse_as, city, db_snapshot, typed):
    version = unit_facts(app, city.legal)["version"]
    client = browse_as("admin")
    before = db_snapshot()
    response = client.post(f"/directory/{city.legal}/edit", data={
        "name": "იურიდიული სამსახური", "kind": "service", "hotline": typed, "version": version,
    })
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert translated(app, "Not a valid phone number. Write it as 599 12 34 56 or "
                           "0322 12 34 56.") in page
    assert f'value="{typed}"' in page                              # shown back as typed
    assert db_snapshot() == before
    staff = client.post(f"/directory/{city.legal}/staff/new",
                                 data={"name": "ვინმე", "phone": typed})
    assert staff.status_code == 422
    assert db_snapshot() == before


def test_staff_are_added_edited_linked_and_removed(app, browse_as, city) -> None:
    client = browse_as("admin")
    response = client.post(f"/directory/{city.division}/staff/new", data={
        "name": "თეა კაპანაძე", "position": "მთავარი სპეციალისტი", "rank": "III რანგი",
        "category": "II კატეგორია", "phone": "577 74-95-96", "email": "tea@example.test",
        "user_id": city.outsider.id,
    })
    # The account is already linked to the legal service's head.
    assert response.status_code == 422
    assert "ეკა ლომიძე" in response.get_data(as_text=True)
    response = client.post(f"/directory/{city.division}/staff/new", data={
        "name": "თეა კაპანაძე", "position": "მთავარი სპეციალისტი", "rank": "III რანგი",
        "category": "II კატეგორია", "phone": "577 74-95-96", "email": "tea@example.test",
    })
    assert response.status_code == 302
    with working_in(app):
        person = db.session.execute(
            db.select(StaffMember).where(StaffMember.name == "თეა კაპანაძე")
        ).scalar_one()
        person_id, version = person.id, person.version
        assert (person.phone, person.email, person.is_head) == (
            "+995577749596", "tea@example.test", False
        )
    response = client.post(f"/directory/staff/{person_id}/edit", data={
        "name": "თეა კაპანაძე", "phone": "577 74 95 96", "is_head": "y",
        "user_id": city.head.id, "version": version,
    })
    assert response.status_code == 422                             # the head's account
    response = client.post(f"/directory/staff/{person_id}/edit", data={
        "name": "თეა კაპანაძე", "phone": "577 74 95 96", "is_head": "y", "version": version,
    })
    assert response.status_code == 302
    stale = client.post(f"/directory/staff/{person_id}/remove", data={"version": version},
                        follow_redirects=True)
    assert translated(app, "Someone else changed this item after you opened it. Reload it "
                           "and apply your change again.") in stale.get_data(as_text=True)
    removed = client.post(f"/directory/staff/{person_id}/remove", data={"version": version + 1})
    assert removed.status_code == 302
    with working_in(app):
        assert db.session.get(StaffMember, person_id) is None
    history = client.get(f"/directory/{city.division}").get_data(as_text=True)
    assert "თეა კაპანაძე" in history                                 # the removal, audited


def test_a_unit_cannot_sit_below_itself(app, browse_as, city, db_snapshot) -> None:
    client = browse_as("admin")
    before = db_snapshot()
    form = client.get(f"/directory/{city.department}/edit").get_data(as_text=True)
    assert f'<option value="{city.division}"' not in form             # its own sub-unit
    response = client.post(f"/directory/{city.department}/edit", data={
        "name": "საერთაშორისო ურთიერთობების განყოფილება", "kind": "department",
        "parent_id": city.division, "version": unit_facts(app, city.department)["version"],
    })
    assert response.status_code == 422
    assert translated(app, "Not a valid choice.") in response.get_data(as_text=True)
    assert db_snapshot() == before


def test_a_duplicate_name_is_refused(app, browse_as, city, db_snapshot) -> None:
    client = browse_as("admin")
    before = db_snapshot()
    response = client.post("/directory/new", data={
        "name": "იურიდიული სამსახური", "kind": "service"})
    assert response.status_code == 422
    assert translated(app, "A unit with this name already exists.") in response.get_data(
        as_text=True
    )
    assert db_snapshot() == before


# API -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ROLES)
def test_everyone_reads_units_over_the_api(api, users, city, who) -> None:
    client = api(users[who])
    listed = client.get("/units").get_json()["items"]
    assert {u["id"] for u in listed} == {city.hall, city.department, city.division, city.legal}
    unit = client.get(f"/units/{city.department}").get_json()
    assert (unit["parent_id"], unit["kind"], unit["hotline"], unit["hotline_local"]) == (
        city.hall, "department", "+995415250120", "0415 25 01 20"
    )
    assert unit["staff"][0]["phone_local"] == "591 44 75 89"
    assert unit["staff"][0]["user"]["id"] == city.head.id
    assert [c["id"] for c in unit["children"]] == [city.division]
    assert client.get(f"/units/{city.department}/staff").status_code == 200
    assert client.get(f"/units/{city.department}/history").status_code == 200
    assert client.get(f"/staff/{city.head_staff}").get_json()["is_head"] is True


API_WRITES = {
    "create-unit": ("POST", "/units", {"name": "ახალი სააგენტო", "kind": "agency",
                                       "hotline": "0322 12 34 56",
                                       "functions": ["ერთი", "ორი"]}),
    "patch-unit": ("PATCH", "/units/{d}", {"hotline": "591 44 75 80", "version": 1}),
    "add-staff": ("POST", "/units/{d}/staff", {"name": "ახალი", "is_head": False,
                                               "phone": "599 12 34 56"}),
    "patch-staff": ("PATCH", "/staff/{s}", {"is_head": False, "version": 1}),
    "delete-staff": ("DELETE", "/staff/{s}?version=1", None),
}


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("action", API_WRITES)
def test_only_the_admin_writes_over_the_api(api, users, city, db_snapshot, action, who):
    method, path, body = API_WRITES[action]
    client = api(users[who])
    before = db_snapshot()
    kwargs = {"json": body} if body is not None else {}
    response = client.open(method, path.format(d=city.department, s=city.head_staff), **kwargs)
    if who == "admin":
        assert response.status_code in (200, 201, 204), response.get_json()
        assert db_snapshot() != before
    else:
        assert response.status_code == 403
        assert response.get_json()["error"]["code"] == "forbidden"
        assert db_snapshot() == before


def test_api_writes_normalise_and_version(app, api, users, city) -> None:
    admin = api(users["admin"])
    created = admin.post("/units", json={
        "name": "ახალი სააგენტო", "kind": "agency", "parent_id": city.hall,
        "hotline": "(0 322) 12-34-56", "functions": "ერთი\nორი",
    })
    assert created.status_code == 201, created.get_json()
    unit = created.get_json()
    assert (unit["hotline"], unit["functions"], unit["version"]) == (
        "+995322123456", ["ერთი", "ორი"], 1
    )
    patched = admin.patch(f"/units/{unit['id']}", json={"functions": ["სამი"], "version": 1})
    assert patched.status_code == 200
    assert patched.get_json()["functions"] == ["სამი"]
    assert patched.get_json()["hotline"] == "+995322123456"          # untouched
    stale = admin.patch(f"/units/{unit['id']}", json={"name": "X", "version": 1})
    assert stale.status_code == 409
    bad = admin.patch(f"/units/{unit['id']}", json={"hotline": "12", "version": 2})
    assert bad.status_code == 422 and "hotline" in bad.get_json()["error"]["fields"]
    person = admin.post(f"/units/{unit['id']}/staff", json={
        "name": "ანა", "phone": "591 44 75 89", "is_head": True, "user_id": city.specialist.id,
    })
    assert person.status_code == 422                                  # linked elsewhere
    person = admin.post(f"/units/{unit['id']}/staff", json={
        "name": "ანა", "phone": "591 44 75 89", "is_head": True})
    assert person.status_code == 201
    staff = person.get_json()
    assert (staff["phone"], staff["phone_local"], staff["is_head"]) == (
        "+995591447589", "591 44 75 89", True
    )
    missing = admin.open("DELETE", f"/staff/{staff['id']}")
    assert missing.status_code == 422 and missing.get_json()["error"]["code"] == (
        "version_required"
    )
    assert admin.open("DELETE", f"/staff/{staff['id']}?version=7").status_code == 409
    assert admin.open("DELETE", f"/staff/{staff['id']}", json={"version": 1}).status_code == 204
    history = admin.get(f"/units/{unit['id']}/history").get_json()["items"]
    assert [e["action"] for e in history][:2] == ["create", "update"]


BAD = [
    ("POST", "/units", {"name": ""}, 422),
    ("POST", "/units", {"name": "X", "kind": "planet"}, 422),
    ("POST", "/units", {"name": "X", "kind": "agency", "functions": [1, 2]}, 422),
    ("POST", "/units", {"name": "X", "kind": "agency", "functions": {"a": 1}}, 422),
    ("POST", "/units", {"name": "X", "kind": "agency", "parent_id": 999999}, 422),
    ("POST", "/units", {"name": "X", "kind": "agency", "hotline": 5551234}, 422),
    ("POST", "/units", {"name": "X", "kind": "agency", "colour": "red"}, 422),
    ("POST", "/units", [1], 400),
    ("POST", "/units/{d}/staff", {"name": "X", "is_head": "yes"}, 422),
    ("POST", "/units/{d}/staff", {"name": "X", "email": "not-an-email"}, 422),
    ("POST", "/units/{d}/staff", {"name": "X", "user_id": 999999}, 422),
    ("POST", "/units/{d}/staff", {"position": "no name"}, 422),
    ("PATCH", "/staff/{s}", {"name": "", "version": 1}, 422),
    ("PATCH", "/units/{d}", {"parent_id": "{v}", "version": 1}, 422),
    ("GET", "/units/999999", None, 404),
    ("PATCH", "/staff/999999", {"version": 1}, 404),
    ("DELETE", "/staff/{s}?version=x", None, 409),
]


@pytest.mark.parametrize(("method", "path", "body", "status"), BAD)
def test_bad_input_over_the_api(api, users, city, db_snapshot, method, path, body, status):
    admin = api(users["admin"])
    if isinstance(body, dict) and body.get("parent_id") == "{v}":
        body = {**body, "parent_id": city.division}               # below its own sub-unit
    before = db_snapshot()
    kwargs = {"json": body} if body is not None else {}
    response = admin.open(method, path.format(d=city.department, s=city.head_staff), **kwargs)
    assert response.status_code == status, response.get_json()
    assert response.get_json()["error"]["message"]
    assert db_snapshot() == before


def test_the_spec_describes_the_directory(api, users) -> None:
    spec = api(users["observer"]).get("/openapi.json").get_json()
    assert {"/units", "/units/search", "/units/{id}", "/units/{id}/history",
            "/units/{id}/staff", "/staff/{id}"} <= set(spec["paths"])
    assert "version" in spec["components"]["schemas"]["UnitUpdate"]["required"]
