"""The data dictionary: each exported field's name, type, label, meaning and allowed codes,
in Georgian and English, written from the same declarations as the files themselves."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import force_locale

from ..disclosure import rules
from . import irm
from .tables import NAMES, TYPE_NAMES, cell

LANGUAGES = ("ka", "en")


@dataclass(frozen=True)
class Entry:
    """One field of one table, described in both languages."""

    table: str
    field: str
    type: str
    label: dict[str, str]
    meaning: dict[str, str]
    allowed: list[dict[str, str]]


def _in(language: str, text: Any) -> str:
    with force_locale(language):
        return str(text)


def describe(table: str, name: str, type_: str, label: Any, meaning: Any,
             allowed: dict[Any, Any] | None = None) -> Entry:
    codes = [{"code": cell(code), **{lang: _in(lang, text) for lang in LANGUAGES}}
             for code, text in (allowed or {}).items()]
    return Entry(table, name, TYPE_NAMES.get(type_, type_),
                 {lang: _in(lang, label) for lang in LANGUAGES},
                 {lang: _in(lang, meaning) for lang in LANGUAGES}, codes)


def dictionary() -> list[Entry]:
    """Every field of every exported table (and of the IRM export), from the same
    declarations the files are written from."""
    entries = [describe(NAMES[kind.name], f.name, f.type, f.label, f.meaning, f.allowed)
               for kind in rules.TABLES for f in kind.fields]
    entries.extend(describe("irm", c.name, c.type, c.label, c.meaning) for c in irm.COLUMNS)
    return entries


def table_meanings() -> dict[str, dict[str, str]]:
    """What each table holds, in both languages."""
    return {NAMES[k.name]: {lang: _in(lang, k.meaning) for lang in LANGUAGES}
            for k in rules.TABLES}


def by_table() -> list[tuple[str, list[Entry]]]:
    """The dictionary's entries grouped by table, in the files' order."""
    groups: dict[str, list[Entry]] = {}
    for entry in dictionary():
        groups.setdefault(entry.table, []).append(entry)
    return list(groups.items())
