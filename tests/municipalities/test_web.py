"""Where a person works on the web: ``/`` leads into their municipality, the header switches
between their municipalities, and a municipality that is not theirs does not exist for them."""

from __future__ import annotations

import re

import pytest

from ..helpers import VISITOR, text_of

HOME = "http://localhost/"  # the instance's home (a bare "/" is the test municipality's board)


def test_one_municipality_leads_straight_to_its_board(browse_as, users) -> None:
    response = browse_as(users["chair"]).get(HOME)
    assert response.status_code == 302
    assert response.headers["Location"] == "/m/city/"


def test_several_municipalities_lead_to_the_overview(browse_as, factory, users) -> None:
    chair = factory.elsewhere().grant(users["chair"], "observer")
    response = browse_as(chair).get(HOME)
    assert response.headers["Location"] == "/overview"


def test_a_visitor_is_sent_to_log_in(browse_as) -> None:
    assert browse_as(VISITOR).get(HOME).headers["Location"].startswith("/login")
    assert browse_as(VISITOR).get("/m/city/").headers["Location"].startswith("/login")


def test_logging_in_lands_on_ones_board(app, client, users) -> None:
    response = client.login(users["member"])
    assert response.headers["Location"] == "/"  # then home, then the board
    assert client.get(HOME).headers["Location"] == "/m/city/"


def _switcher_links(html: str) -> list[str]:
    switcher = html[html.index('class="municipality-switch"'):]
    switcher = switcher[: switcher.index("</nav>")]
    return re.findall(r'href="([^"]+)"', switcher)


def test_the_header_switches_between_ones_municipalities(browse_as, factory, users) -> None:
    town = factory.elsewhere()
    chair = town.grant(users["chair"], "observer")
    page = browse_as(chair).get("/m/town/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    # By name, in Georgian alphabetical order: ზეგანი before ნაპირი.
    assert _switcher_links(html) == ["/overview", "/m/town/", "/m/city/"]
    assert 'aria-current="page">ზეგანი' in html  # where we are
    # Each municipality's own nav links stay in it.
    assert 'href="/m/town/commitments/"' in html and 'href="/m/city/commitments/"' not in html


def test_one_municipality_shows_its_name_and_no_switcher(browse_as, users) -> None:
    html = browse_as(users["member"]).get("/").get_data(as_text=True)
    assert 'class="municipality-switch"' not in html
    assert "ნაპირი" in html


@pytest.mark.parametrize("role", ["chair", "secretary", "member", "observer"])
def test_a_municipality_that_is_not_ones_does_not_exist(browse_as, factory, users,
                                                        role) -> None:
    factory.elsewhere().commitment()
    client = browse_as(users[role])
    assert client.get("/m/town/").status_code == 404
    assert client.get("/m/town/commitments/").status_code == 404
    assert client.get("/m/nowhere/").status_code == 404


def test_a_role_is_held_where_it_was_given(browse_as, factory, users, make_commitment) -> None:
    """Chair here, observer there: the edit link shows here only."""
    town = factory.elsewhere()
    chair = town.grant(users["chair"], "observer")
    here = make_commitment()
    there = town.commitment()
    client = browse_as(chair)
    own = client.get(f"/m/city/commitments/{here.id}/edit")
    other = client.get(f"/m/town/commitments/{there.id}/edit")
    assert own.status_code == 200
    assert other.status_code == 403
    assert "ამის გაკეთების უფლება არ გაქვთ" in text_of(other)


def test_the_coordinator_reads_every_municipality(browse_as, factory, make_commitment) -> None:
    coordinator = factory.user("coordinator")
    make_commitment()
    factory.elsewhere().commitment()
    client = browse_as(coordinator)
    assert client.get(HOME).headers["Location"] == "/overview"
    for slug in ("city", "town"):
        assert client.get(f"/m/{slug}/").status_code == 200
        assert client.get(f"/m/{slug}/commitments/").status_code == 200


@pytest.mark.parametrize(("who", "shown"), [("observer", True), ("coordinator", False)])
def test_the_comment_form_is_offered_to_those_who_may_comment(
    browse_as, factory, users, make_commitment, make_subgroup, make_meeting, who, shown
) -> None:
    """Observers comment; the coordinator, who writes nowhere, is not offered the form."""
    person = users["observer"] if who == "observer" else factory.user("coordinator")
    client = browse_as(person)
    for path in (f"/commitments/{make_commitment().id}", f"/subgroups/{make_subgroup().id}",
                 f"/meetings/{make_meeting().id}"):
        page = client.get(path)
        assert page.status_code == 200
        assert ('class="form comment-form"' in page.get_data(as_text=True)) is shown, path
