"""Counting and paging the warnings in a fixed number of queries, whatever the data size.

- :func:`counts`: every rule's count in one statement (a ``COUNT`` a rule, ``UNION ALL``);
  the header, the board's panel and the page's headings all read it, once a request.
- :func:`first_of_each`: the page's first warnings of each rule: one query a rule that has
  any (a ``LIMIT``), with what they show.
- :func:`rule_page`: one rule's warnings a page at a time (:func:`tracker.paging.paginate`).
- :func:`warnings_page`: every rule's warnings as one list in the rules' order (the API):
  the page's places in one ``UNION ALL`` statement, then its rows, one query a rule on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, literal, select, union_all

from ..extensions import db
from ..paging import Page, Paging, paginate
from .rules import RULES, Rule, Today


@dataclass(frozen=True)
class EarlyWarning:
    """One row breaking one rule, as the page and the API show it."""

    rule: Rule
    id: int
    municipality_id: int
    name: str
    context: str | None
    url: str

    @classmethod
    def of(cls, rule: Rule, row: Any) -> EarlyWarning:
        return cls(rule, row.id, row.municipality_id, rule.name(row), rule.context(row),
                   rule.link(row))


def _ids(rule: Rule, today: Today) -> Any:
    return rule.rows(today).with_only_columns(rule.model.id.label("id"),
                                              maintain_column_froms=True)


def counts(today: Today, rules: Sequence[Rule] = RULES) -> dict[str, int]:
    """How many rows break each rule (0 for a rule that is met), in one query."""
    parts = [
        select(literal(position).label("position"), func.count().label("n"))
        .select_from(_ids(rule, today).subquery())
        for position, rule in enumerate(rules)
    ]
    found = dict(db.session.execute(union_all(*parts)).all())
    return {rule.code: found.get(position, 0) for position, rule in enumerate(rules)}


def _loaded(rule: Rule, stmt: Any) -> list[EarlyWarning]:
    return [EarlyWarning.of(rule, row)
            for row in db.session.scalars(stmt.options(*rule.load)).unique()]


def first_of_each(today: Today, counted: dict[str, int], limit: int,
                  rules: Iterable[Rule] = RULES) -> dict[str, list[EarlyWarning]]:
    """The first ``limit`` warnings (oldest rows first) of each rule that has any."""
    return {
        rule.code: _loaded(rule, rule.rows(today).order_by(rule.model.id).limit(limit))
        for rule in rules if counted.get(rule.code)
    }


def rule_page(rule: Rule, today: Today, paging: Paging) -> Page[EarlyWarning]:
    """One rule's warnings, a page at a time (one count and one page query)."""
    return paginate(rule.rows(today), paging, load=rule.load).map(
        lambda row: EarlyWarning.of(rule, row))


def warnings_page(today: Today, paging: Paging, counted: dict[str, int],
                  rules: Sequence[Rule] = RULES) -> Page[EarlyWarning]:
    """Every rule's warnings as one list, by rule then row: ``counted`` (from
    :func:`counts`) is the total; the page's places are one query, its rows one a rule."""
    total = sum(counted.get(rule.code, 0) for rule in rules)
    live = [(position, rule) for position, rule in enumerate(rules) if counted.get(rule.code)]
    if total <= paging.offset or not live:
        return Page([], total, paging)
    parts = [
        _ids(rule, today).add_columns(literal(position).label("position"))
        for position, rule in live
    ]
    places = union_all(*parts).subquery()
    keys = db.session.execute(
        select(places.c.position, places.c.id)
        .order_by(places.c.position, places.c.id)
        .limit(paging.per_page).offset(paging.offset)
    ).all()
    wanted: dict[int, list[int]] = {}
    for position, ident in keys:
        wanted.setdefault(position, []).append(ident)
    loaded: dict[tuple[int, int], EarlyWarning] = {}
    for position, ids in wanted.items():
        rule = rules[position]
        for warning in _loaded(rule, select(rule.model).where(rule.model.id.in_(ids))):
            loaded[(position, warning.id)] = warning
    items = [loaded[key] for key in keys if key in loaded]
    return Page(items, total, paging)
