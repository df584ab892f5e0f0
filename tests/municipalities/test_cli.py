"""``flask municipality create|list|public``: the instance administrator's command line."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tracker.extensions import db
from tracker.municipalities.models import Municipality


def municipalities_in(app) -> list[tuple[str, str, bool]]:
    with app.app_context():
        rows = db.session.execute(
            select(Municipality.slug, Municipality.name, Municipality.public)
            .order_by(Municipality.slug)
        )
        return [tuple(row) for row in rows]


def test_create_makes_an_empty_municipality(app, runner) -> None:
    result = runner.invoke(args=["municipality", "create", "napiri", "--name", "ნაპირი"])
    assert result.exit_code == 0, result.output
    assert result.output == "created municipality napiri (ნაპირი)\n"
    assert municipalities_in(app) == [("napiri", "ნაპირი", False)]


@pytest.mark.parametrize(
    ("slug", "name", "field"),
    [
        ("Napiri!", "ნაპირი 2", "slug"),
        ("napiri-", "ნაპირი 2", "slug"),
        ("city", "ნაპირი 2", "slug"),  # taken
        ("napiri", "ნაპირი", "name"),  # taken
        ("napiri", "  ", "name"),
    ],
    ids=["not-latin", "trailing-hyphen", "slug-taken", "name-taken", "no-name"],
)
def test_create_refuses_and_says_why(app, runner, factory, slug: str, name: str,
                                     field: str) -> None:
    factory.municipality()  # city, ნაპირი
    before = municipalities_in(app)
    result = runner.invoke(args=["municipality", "create", slug, "--name", name])
    assert result.exit_code == 1
    assert f"{field}:" in result.output
    assert municipalities_in(app) == before


def test_list_prints_one_line_per_municipality_slug_first(app, runner, factory) -> None:
    factory.municipality()
    factory.elsewhere().municipality()
    result = runner.invoke(args=["municipality", "list"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert sorted(lines) == ["city\tნაპირი", "town\tზეგანი"]


def test_list_of_an_empty_instance_prints_nothing(runner) -> None:
    result = runner.invoke(args=["municipality", "list"])
    assert result.exit_code == 0 and result.output == ""


def test_public_switches_the_public_site_on_and_off(app, runner, factory) -> None:
    factory.municipality()
    factory.elsewhere().municipality()
    on = runner.invoke(args=["municipality", "public", "town", "on"])
    assert on.exit_code == 0, on.output
    assert on.output == "town: public site on\n"
    assert municipalities_in(app) == [("city", "ნაპირი", False), ("town", "ზეგანი", True)]
    off = runner.invoke(args=["municipality", "public", "town", "off"])
    assert off.exit_code == 0, off.output
    assert off.output == "town: public site off\n"
    assert municipalities_in(app) == [("city", "ნაპირი", False), ("town", "ზეგანი", False)]


@pytest.mark.parametrize(("slug", "state"), [("atlantis", "on"), ("city", "yes"), ("", "on")],
                         ids=["unknown-municipality", "not-on-or-off", "empty-slug"])
def test_public_refuses(app, runner, factory, slug: str, state: str) -> None:
    factory.municipality()  # the only one: an empty slug must not mean it
    result = runner.invoke(args=["municipality", "public", slug, state])
    assert result.exit_code != 0
    assert municipalities_in(app) == [("city", "ნაპირი", False)]
