"""The search index itself: emptying it, and rebuilding it whatever municipality the caller
works in (both databases)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask import Flask

from tracker.directory.operations import UNIT_INDEX
from tracker.extensions import db
from tracker.meetings.minutes import MEETING_INDEX
from tracker.municipalities import scope
from tracker.search.index import SEARCH_VERSION, SearchIndex, parse_query, rebuild_stale

from ..factories import Factory
from ..helpers import sqlite_only

WORD = "ბიუჯეტი"


def found(index: SearchIndex, word: str = WORD) -> set[int]:
    return set(index.ids(parse_query(word)))


def meetings_in_two_municipalities(factory: Factory) -> set[int]:
    here = factory.meeting(agenda=[f"{WORD}ს პროექტი"])
    there = factory.elsewhere().meeting(agenda=[f"{WORD}ს შესრულება"])
    return {here.id, there.id}


def units_in_two_municipalities(factory: Factory) -> set[int]:
    here = factory.unit(name=f"{WORD}ს სამსახური")
    there = factory.elsewhere().unit(name=f"{WORD}ს განყოფილება")
    return {here.id, there.id}


def rebuild(index: SearchIndex) -> None:
    index.rebuild(db.session)


def rebuild_every_stale_one(_index: SearchIndex) -> None:
    db.session.execute(sa.text("UPDATE search_state SET version = :old"),
                       {"old": SEARCH_VERSION - 1})
    assert set(rebuild_stale(db.session)) >= {MEETING_INDEX.name, UNIT_INDEX.name}


@pytest.mark.parametrize("how", [rebuild, rebuild_every_stale_one],
                         ids=["rebuild", "rebuild_stale"])
@pytest.mark.parametrize(("index", "make"), [
    (MEETING_INDEX, meetings_in_two_municipalities),
    (UNIT_INDEX, units_in_two_municipalities),
], ids=["meetings", "units"])
def test_a_rebuild_indexes_every_municipality_whatever_the_caller_entered(
    app: Flask, factory: Factory, index: SearchIndex,
    make: Callable[[Factory], set[int]], how: Callable[[SearchIndex], None],
) -> None:
    """The index knows no municipality (the archive joins it to the scoped rows); a rebuild
    run where one is entered (a request, a CLI command) must still index the others'."""
    expected = make(factory)
    with app.app_context():
        assert found(index) == expected
        with scope.entered(factory.municipality()):
            how(index)
            # The caller's scope is back afterwards: still only its own municipality.
            assert scope.current_id() == factory.municipality().id
        db.session.commit()
        assert found(index) == expected


def test_clear_empties_the_index_and_indexing_goes_on(app: Flask, factory: Factory) -> None:
    expected = meetings_in_two_municipalities(factory)
    with app.app_context():
        assert found(MEETING_INDEX) == expected
        MEETING_INDEX.clear()
        db.session.commit()
        assert found(MEETING_INDEX) == set()
        assert found(MEETING_INDEX, f"{WORD[:4]}*") == set()

        again = min(expected)
        MEETING_INDEX.replace(again, f"{WORD}ს პროექტი")
        MEETING_INDEX.replace(again, f"{WORD}ს პროექტი და შესრულება")  # replaced, not doubled
        db.session.commit()
        assert found(MEETING_INDEX) == {again}
        assert found(MEETING_INDEX, "შესრულება") == {again}


@sqlite_only
def test_clear_leaves_an_empty_sqlite_index_not_one_full_of_deletions(
    app: Flask, factory: Factory
) -> None:
    """Deleting a contentless FTS5 table's rows one by one writes a deletion for each into
    its segments (a full index cleared so stayed as large); FTS5's ``delete-all`` empties
    it. What is stored afterwards is what a new, empty index stores."""
    for n in range(30):
        factory.meeting(agenda=[f"{WORD}ს პროექტი {n}", "მიმდინარე საკითხები და ანგარიში"])

    def stored() -> tuple[int, int]:
        return tuple(db.session.execute(sa.text(
            "SELECT count(*), coalesce(sum(length(block)), 0) FROM meeting_search_fts_data"
        )).one())

    with app.app_context():
        db.session.execute(sa.text(
            "CREATE VIRTUAL TABLE temp.empty_fts USING fts5(stems, content='', "
            "contentless_delete=1, tokenize='unicode61')"))
        empty = tuple(db.session.execute(sa.text(
            "SELECT count(*), coalesce(sum(length(block)), 0) FROM temp.empty_fts_data"
        )).one())
        db.session.execute(sa.text("DROP TABLE temp.empty_fts"))
        db.session.commit()
        assert stored() != empty
        MEETING_INDEX.clear()
        db.session.commit()
        assert stored() == empty
