"""The warnings page, the header's count, the board's panel, the API, and isolation."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tracker.warnings.rules import RULES

from ..helpers import assert_sent_to_login, text_of, translated
from .conftest import edit_commitment, make_offending

CODES = [rule.code for rule in RULES]


@pytest.fixture
def every_warning(factory) -> dict[str, Any]:
    """One row breaking each rule, in the tests' municipality."""
    return {code: make_offending(factory, code) for code in CODES}


# The page ---------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["member", "observer", "chair"])
def test_every_member_reads_the_page_grouped_by_rule(
    app, browse_as, users, every_warning, role: str
) -> None:
    page = browse_as(users[role]).get("/warnings/")
    assert page.status_code == 200
    html = text_of(page)
    for rule in RULES:
        row = every_warning[rule.code]
        section = html[html.index(f'id="warning-{rule.code}"'):]
        section = section[:section.index("</section>")]
        assert translated(app, str(rule.title._args[0])).split("%(")[0] in section
        assert translated(app, rule.action._args[0]) in section
        assert f'id="warning-{rule.code}-{row.id}"' in section
    # Each links to its item: the commitment, the subgroup, the meeting's action item.
    owner = every_warning["commitment_no_owner"]
    assert f'href="/m/city/commitments/{owner.id}"' in html
    group = every_warning["subgroup_no_meeting"]
    assert f'href="/m/city/subgroups/{group.id}"' in html
    item = every_warning["action_item_no_owner"]
    assert re.search(rf'href="/m/city/meetings/\d+#action-{item.id}"', html)
    assert "უპატრონო ვალდებულება" in html  # the item's own name


def test_the_page_in_georgian_and_english(app, browse_as, factory, every_warning) -> None:
    georgian = text_of(browse_as(factory.user("member")).get("/warnings/"))
    assert "ადრეული გაფრთხილებები" in georgian
    assert "რა უნდა გაკეთდეს" in georgian
    english = text_of(browse_as(factory.user("member", language="en")).get("/warnings/"))
    assert "Early warnings" in english and "What to do" in english


def test_a_page_without_warnings_says_every_check_is_met(app, browse_as, users) -> None:
    html = text_of(browse_as(users["member"]).get("/warnings/"))
    assert translated(app, "No warnings: every check is met.") in html


def shown(html: str) -> int:
    return len(re.findall(r'id="warning-action_item_no_owner-\d+"', html))


def test_one_rule_pages_through_all_its_warnings(app, browse_as, users, factory) -> None:
    meeting = factory.meeting("monitored")
    items = [factory.action_item(meeting, title=f"დავალება {n}") for n in range(12)]
    browser = browse_as(users["member"])
    first = text_of(browser.get("/warnings/"))
    assert 'href="/m/city/warnings/?rule=action_item_no_owner"' in first
    assert shown(first) == 10
    whole = text_of(browser.get("/warnings/?rule=action_item_no_owner"))
    assert shown(whole) == 12
    assert all(f"action_item_no_owner-{item.id}" in whole for item in items)
    paged = text_of(browser.get("/warnings/?rule=action_item_no_owner&per_page=5&page=3"))
    assert shown(paged) == 2


def test_an_unknown_rule_is_ignored_and_said(app, browse_as, users, every_warning) -> None:
    """Like every list page's filters: the page answers (422), without the filter, and
    says why."""
    page = browse_as(users["member"]).get("/warnings/?rule=nonsense")
    assert page.status_code == 422
    html = text_of(page)
    assert translated(app, "The filter “%(name)s” in the address is not valid and was ignored.",
                      name=translated(app, "Kind of warning")) in html
    assert all(f'id="warning-{code}"' in html for code in CODES)


def test_outsiders_do_not_reach_the_page(browse_as, factory, users, every_warning) -> None:
    assert_sent_to_login(browse_as(None).get("/m/city/warnings/"))
    stranger = factory.elsewhere().default_user("member")
    assert browse_as(stranger).get("/m/city/warnings/").status_code == 404
    assert browse_as(users["member"]).get("/m/nowhere/warnings/").status_code == 404


# The header and the board -------------------------------------------------------------------
def nav_count(html: str) -> int:
    match = re.search(r'data-warnings="(\d+)"', html)
    assert match, "no warnings link in the main navigation"
    return int(match[1])


def test_the_main_navigation_links_to_the_page_with_the_count(
    browse_as, users, factory, every_warning
) -> None:
    browser = browse_as(users["member"])
    for path in ("/", "/commitments/", "/warnings/"):
        html = browser.get(path).get_data(as_text=True)
        assert 'href="/m/city/warnings/"' in html
        assert nav_count(html) == len(CODES), path


def test_the_board_shows_the_count_of_each_rule(app, browse_as, users, factory) -> None:
    browser = browse_as(users["observer"])
    html = text_of(browser.get("/"))
    assert translated(app, "No warnings: every check is met.") in html
    make_offending(factory, "commitment_no_owner")
    second = factory.commitment(state="monitored")
    edit_commitment(factory, second, owner_id=None)
    make_offending(factory, "subgroup_no_meeting")
    html = text_of(browser.get("/"))
    panel = html[html.index('class="panel warnings-panel'):]
    panel = panel[:panel.index("</section>")]
    assert 'href="/m/city/warnings/#warning-commitment_no_owner"' in panel
    assert re.search(r'commitment_no_owner">[^<]+</a>:\s*<span class="warnings-panel__count">2<',
                     panel)
    assert re.search(r'subgroup_no_meeting">[^<]+</a>:\s*<span class="warnings-panel__count">1<',
                     panel)
    assert "action_item_no_owner" not in panel  # a rule that is met is not listed
    assert 'href="/m/city/warnings/"' in panel


# Isolation --------------------------------------------------------------------------------
def test_another_municipality_s_warnings_never_appear(
    api, browse_as, users, factory, every_warning
) -> None:
    town = factory.elsewhere()
    theirs = {code: make_offending(town, code) for code in CODES}
    html = browse_as(users["member"]).get("/warnings/").get_data(as_text=True)
    assert nav_count(html) == len(CODES)
    assert "/m/town/" not in html
    answer = api(users["member"]).get("/warnings").get_json()
    assert {w["municipality"] for w in answer["warnings"]} == {"city"}
    assert answer["total"] == len(CODES)
    assert not {(code, row.id) for code, row in theirs.items()} & {
        (w["rule"], w["id"]) for w in answer["warnings"]}
    their_member = town.default_user("member")
    there = api(their_member).get("/warnings").get_json()
    assert {(w["rule"], w["id"]) for w in there["warnings"]} == {
        (code, row.id) for code, row in theirs.items()}
    # Naming the other municipality is not found.
    assert api(users["member"]).get("/warnings?municipality=town").status_code == 404


def test_the_coordinator_s_list_spans_both_and_narrows_to_one(
    api, factory, every_warning
) -> None:
    town = factory.elsewhere()
    make_offending(town, "action_item_no_owner")
    coordinator = factory.user("coordinator")
    both = api(coordinator).get("/warnings").get_json()
    assert {w["municipality"] for w in both["warnings"]} == {"city", "town"}
    assert both["total"] == len(CODES) + 1
    one = api(coordinator).get("/warnings?municipality=town").get_json()
    assert [(w["rule"], w["municipality"]) for w in one["warnings"]] == [
        ("action_item_no_owner", "town")]
    assert one["counts"]["action_item_no_owner"] == 1 and one["total"] == 1


# The API ----------------------------------------------------------------------------------
def test_the_api_answers_each_warning_with_what_to_do(app, api, users, every_warning) -> None:
    answer = api(users["member"]).get("/warnings").get_json()
    assert set(answer) >= {"warnings", "counts", "today", "total", "page", "per_page", "pages"}
    assert [w["rule"] for w in answer["warnings"]] == CODES  # in the rules' order
    by_rule = {w["rule"]: w for w in answer["warnings"]}
    owner = by_rule["commitment_no_owner"]
    row = every_warning["commitment_no_owner"]
    assert owner == {
        "rule": "commitment_no_owner", "severity": "high", "kind": "commitment",
        "id": row.id, "municipality": "city", "title": f"{row.number}. {row.title}",
        "context": None,
        "message": translated(app, "A monitored commitment has no responsible owner"),
        "action": translated(app, RULES[0].action._args[0]),
        "url": f"/m/city/commitments/{row.id}",
    }
    assert by_rule["subgroup_no_meeting"]["kind"] == "subgroup"
    assert "60" in by_rule["subgroup_no_meeting"]["message"]
    item = by_rule["action_item_no_owner"]
    assert item["kind"] == "action_item" and item["context"]
    assert item["url"].endswith(f"#action-{every_warning['action_item_no_owner'].id}")


def test_the_api_pages_and_filters_by_rule(api, users, every_warning) -> None:
    client = api(users["member"])
    seen = []
    half = (len(CODES) + 1) // 2  # two pages, and a third asked for beyond them
    for page in (1, 2, 3):
        answer = client.get(f"/warnings?per_page={half}&page={page}").get_json()
        assert answer["total"] == len(CODES) and answer["pages"] == 2
        seen += [w["rule"] for w in answer["warnings"]]
    assert seen == CODES
    one = client.get("/warnings?rule=subgroup_no_meeting").get_json()
    assert [w["rule"] for w in one["warnings"]] == ["subgroup_no_meeting"]
    assert one["counts"] == {code: 1 for code in CODES}
    bad = client.get("/warnings?rule=nonsense")
    assert bad.status_code == 422 and "rule" in bad.get_json()["error"]["fields"]
    assert client.get("/warnings?per_page=201").status_code == 422


def test_the_api_describes_the_warnings(api, users) -> None:
    spec = api(users["observer"]).get("/openapi.json").get_json()
    operation = spec["paths"]["/warnings"]["get"]
    names = {p.get("name") or p["$ref"].rsplit("/", 1)[1] for p in operation["parameters"]}
    assert names >= {"page", "per_page", "rule", "municipality"}
    warning = spec["components"]["schemas"]["Warning"]
    assert set(warning["required"]) >= {"rule", "severity", "kind", "id", "title", "message",
                                        "action", "url"}


# Query budget -----------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/warnings/", "api", "/"], ids=["page", "api", "board"])
def test_a_fixed_number_of_queries_whatever_the_number_of_warnings(
    api, browse_as, users, factory, query_counter, path: str
) -> None:
    if path == "api":
        # Every rule on the one page: a query a rule that has warnings on it.
        client, url = api(users["observer"]), "/warnings?per_page=200"
    else:
        client, url = browse_as(users["observer"]), path
    client.get(url)

    def queries_for(n: int) -> int:
        for _ in range(n):
            for code in CODES:
                make_offending(factory, code)
        with query_counter() as queries:
            assert client.get(url).status_code == 200
        return queries.count

    assert queries_for(1) == queries_for(12)
