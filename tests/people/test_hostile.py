"""Hostile input in every field of the people's forms, on the pages and in the API: a clean
4xx with a message, or a person stored as cleaned text — never a 500, and the pages that
show it keep working."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tracker.extensions import db
from tracker.people.models import Person

from ..helpers import working_in
from .conftest import Records

SPECIALS = ["\x00", "\x0b", "\x1b", "\x7f", "\r\n", "\u2028", "\ufeff", "\u202e", "\ud800",
            "ᲗᲐᲛᲐᲠ", "„ღია“", "<script>x</script>", "{{ 7*7 }}", "%(name)s", "|", "ა" * 400,
            "²", "٣", "1e309", "-1", "99999999999999999999", "0", " "]
TEXT = st.lists(st.one_of(st.sampled_from(SPECIALS), st.text(max_size=10)),
                min_size=0, max_size=4).map("".join)
JSON_VALUE = st.one_of(TEXT, st.none(), st.booleans(), st.integers(), st.floats(),
                       st.lists(st.integers(), max_size=2), st.dictionaries(TEXT, TEXT, max_size=1))
SETTINGS = settings(max_examples=40, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])
FIELDS = ("name", "organisation", "position", "user_id", "staff_member_id")


def typed(text: str) -> str:
    """What a browser can send: it cannot encode a lone surrogate."""
    return text.encode("utf-8", "replace").decode("utf-8")


def stored_names(app) -> set[str]:  # type: ignore[no-untyped-def]
    with working_in(app):
        return {p.name for p in db.session.query(Person)}


def test_the_web_forms_answer_any_text(app, browse_as, records: Records) -> None:  # type: ignore[no-untyped-def]
    chair = browse_as("chair")

    @SETTINGS
    @given(values=st.fixed_dictionaries({f: TEXT for f in FIELDS}), version=TEXT)
    @example(values=dict.fromkeys(FIELDS, "ა" * 400), version="1")
    @example(values={"name": "ნინო  ბერიძე\r\n", "organisation": "", "position": "",
                     "user_id": "", "staff_member_id": ""}, version="1")
    def check(values: dict[str, str], version: str) -> None:
        data = {k: typed(v) for k, v in values.items()}
        created = chair.post("/people/new", data=data)
        assert created.status_code in (302, 422), created.status_code
        if created.status_code == 302:
            person_id = int(created.headers["Location"].rsplit("/", 1)[1])
            with working_in(app):
                person = db.session.get(Person, person_id)
                assert person.name == " ".join(person.name.split()) and person.name
            for page in (f"/people/{person_id}", f"/people/{person_id}/edit",
                         f"/people/{person_id}/merge", "/people/"):
                assert chair.get(page).status_code == 200, page
        edited = chair.post(f"/people/{records.giorgi}/edit",
                            data={**data, "version": typed(version)})
        assert edited.status_code in (302, 422), edited.status_code
        merged = chair.post(f"/people/{records.ana}/merge",
                            data={"into_id": data["user_id"], "version": typed(version)})
        assert merged.status_code in (302, 422), merged.status_code
        assert chair.get("/people/", query_string={"q": data["name"]}).status_code == 200

    check()
    assert "ნინო ბერიძე" in stored_names(app)  # the example typed with spaces and a newline


def test_the_api_answers_any_json(app, api, users, records: Records) -> None:  # type: ignore[no-untyped-def]
    client = api(users["chair"])

    @SETTINGS
    @given(body=st.dictionaries(st.sampled_from([*FIELDS, "version", "into_id", "extra"]),
                                JSON_VALUE, max_size=4))
    def check(body: dict[str, Any]) -> None:
        for response in (
            client.post("/people", json=body),
            client.patch(f"/people/{records.giorgi}", json=body),
            client.post(f"/people/{records.ana}/merge", json=body),
        ):
            assert response.status_code < 500, (response.status_code, body)
            if response.status_code >= 400:
                assert response.get_json()["error"]["message"]
        assert client.get("/people").status_code == 200

    check()
