"""Georgian first: every user-facing string in code and templates has a translation."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.checkers import python_format
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}


def load_catalog(locale: str) -> Catalog:
    with (ROOT / f"tracker/translations/{locale}/LC_MESSAGES/messages.po").open("rb") as po:
        return read_po(po)


def source_messages() -> set[str]:
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.fixture(scope="module")
def messages() -> set[str]:
    found = source_messages()
    assert len(found) > 100, "extraction found too little: is babel.cfg right?"
    return found


@pytest.mark.parametrize("locale", ["ka", "en"])
def test_every_message_is_translated(messages: set[str], locale: str) -> None:
    catalog = load_catalog(locale)
    missing = sorted(
        msgid
        for msgid in messages
        if (entry := catalog.get(msgid)) is None or not entry.string or entry.fuzzy
    )
    assert not missing, f"{len(missing)} strings lack a {locale} translation: {missing[:20]}"


@pytest.mark.parametrize("locale", ["ka", "en"])
def test_placeholders_survive_translation(locale: str) -> None:
    catalog = load_catalog(locale)
    for entry in catalog:
        if entry.id and entry.string:
            python_format(catalog, entry)  # raises TranslationError on a mismatch


def test_georgian_translations_are_in_georgian() -> None:
    catalog = load_catalog("ka")
    latin_only = [
        e.id for e in catalog
        if e.id and not any("\u10d0" <= ch <= "\u10ff" for ch in str(e.string))
    ]
    assert not latin_only, latin_only
