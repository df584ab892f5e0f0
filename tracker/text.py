"""Text as the tracker stores and compares it: one cleaner, one folding rule.

Everything a person types, pastes or imports passes through :func:`clean_text` before it
is stored, whichever door it came in by (web form, JSON API, importer). Word and PDF paste
control characters (vertical tab, form feed, NUL) that PostgreSQL refuses (NUL) or that
break the ``.docx`` writer (XML 1.0 forbids them); JSON can carry lone surrogates that no
database can store. Cleaning once, on the way in, keeps every page that later renders the
text working — the audit log cannot be edited, so a bad value stored once breaks a page
for good.

:func:`fold` is the one place where Mtavruli capitals become ordinary letters and case is
ignored: search, the importers' markers and duplicate fingerprints all compare through it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from flask_babel import lazy_gettext as _l

from .errors import DomainError

# C0 controls but tab and newline, DEL, the C1 block, and the two Unicode line/paragraph
# separators (Word's "manual line break" arrives as U+2028): none belongs in stored text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_SEPARATORS = str.maketrans({"\u2028": "\n", "\u2029": "\n", "\r": None})
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class InvalidText(DomainError):
    """Text that cannot be stored as it is (a lone UTF-16 surrogate)."""

    status = 422
    code = "invalid_text"
    default_message = _l("The text contains characters that cannot be stored.")


def has_surrogate(value: str) -> bool:
    return _SURROGATE.search(value) is not None


def clean_text(value: str) -> str:
    """The stored form of a piece of text: NFC, line breaks as ``\\n``, no control characters
    but tab and newline. A lone surrogate is refused (:class:`InvalidText`), not guessed at."""
    if has_surrogate(value):
        raise InvalidText()
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.translate(_SEPARATORS)
    value = _CONTROL.sub("", value)
    return unicodedata.normalize("NFC", value)


def strip_controls(value: str) -> str:
    """Like :func:`clean_text` for text that is only shown or matched, never stored (query
    strings, file names): lone surrogates are dropped instead of refused."""
    return clean_text(_SURROGATE.sub("", value))


# Mtavruli (Georgian written in capitals, U+1C90…) onto Mkhedruli (U+10D0…), keeping the
# text otherwise as written; invisible joiners, BOMs and soft hyphens go.
_MKHEDRULI = {
    **{code: code - 0x1C90 + 0x10D0 for code in range(0x1C90, 0x1CBB)},
    **{code: code - 0x1C90 + 0x10D0 for code in range(0x1CBD, 0x1CC0)},
    **dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad")),
}


def mkhedruli(text: str) -> str:
    """Text with Mtavruli capitals written as ordinary letters (for text that is stored and
    shown, where Latin capitals must stay as they are)."""
    return unicodedata.normalize("NFC", text).translate(_MKHEDRULI)


def fold(text: str) -> str:
    """Case- and accent-fold for comparison; Mtavruli becomes Mkhedruli.

    ``str.casefold`` already maps Mtavruli onto Mkhedruli; NFKC first unifies compatibility
    forms (full-width Latin, ligatures), and combining accents are dropped so that Latin
    text compares without them.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


def json_text(value: Any, **options: Any) -> str:
    """JSON as UTF-8 text, a Georgian letter three bytes rather than six as ``\\u10d0``
    (API answers, audit entries). A lone surrogate (a ``\\ud800`` escape a client sent,
    echoed back before cleaning) has no UTF-8 form: such a document keeps the escapes."""
    text = json.dumps(value, **{**options, "ensure_ascii": False})
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value, **{**options, "ensure_ascii": True})
    return text
