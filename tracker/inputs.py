"""What the tracker accepts from a request before any area sees it: ids in the path,
integers in the query string, JSON bodies.

One rule each, registered app-wide in ``create_app``, so that no area parses these on its
own and no hostile value (``²``, twenty digits, ``1e309``, JSON nested 5,000 deep) gets
as far as the database, where it would be a 500 instead of a 4xx. Text is cleaned by
:mod:`tracker.text`, applied to every form field in :class:`tracker.forms.TrackerForm`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any, TypeVar

from flask import current_app, flash, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from werkzeug.routing import IntegerConverter, Map

from .errors import DomainError, ValidationFailed
from .text import json_text

T = TypeVar("T")

# Every primary key is a PostgreSQL ``integer``; a larger id can name nothing.
MAX_ID = 2**31 - 1
_DIGITS = re.compile(r"[0-9]{1,10}")


class IdConverter(IntegerConverter):
    """Flask's ``<int:…>`` bounded to the ids a row can have: ASCII digits only (``\\d``
    also matches Arabic-Indic digits), 1 to :data:`MAX_ID`. Anything else does not match
    the route, so it is a 404, never an overflow in the database driver."""

    regex = r"[0-9]{1,10}"

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = None,
        signed: bool = False,
    ) -> None:
        super().__init__(
            map,
            fixed_digits,
            1 if min is None else min,
            MAX_ID if max is None else max,
            signed,
        )


def parse_int(value: str, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """A whole number written in ASCII digits within bounds, else None. ``str.isdigit``
    is no test: it is true for ``²`` and for digits of other scripts."""
    value = value.strip()
    if not _DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def parse_day(value: str, name: str) -> date | None:
    """A day typed in a filter (DD/MM/YYYY, as the pages show dates, or ISO); empty is
    ``None``; anything else a 422 naming the field."""
    value = (value or "").strip()
    if not value:
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValidationFailed({name: [_("Not a valid date value.")]})


def query_int(
    args: Mapping[str, Any], name: str, *, minimum: int = 1, maximum: int = MAX_ID
) -> int | None:
    """An integer from the query string (an id, a page number): None when absent or empty;
    anything else that is not a whole number within bounds is a 422 naming the parameter."""
    raw = str(args.get(name) or "").strip()
    if not raw:
        return None
    number = parse_int(raw, minimum=minimum, maximum=maximum)
    if number is None:
        raise ValidationFailed({name: [_("Not a valid integer value.")]})
    return number


def read_filters(
    parse: Callable[[Mapping[str, Any]], T], args: Mapping[str, Any]
) -> tuple[T, dict[str, list[str]]]:
    """Filters parsed with the invalid parameters left out, and what was wrong with them.

    The API lets the parser's 422 through; a page instead shows the list without the invalid
    filters and says why, rather than an error page the reader cannot act on.
    """
    errors: dict[str, list[str]] = {}
    remaining = MultiDict(args)
    while True:
        try:
            return parse(remaining), errors
        except ValidationFailed as error:
            if not error.fields or set(error.fields) <= set(errors):
                raise
            errors.update(error.fields)
            remaining = MultiDict(
                [(k, v) for k, v in remaining.items(multi=True) if k not in errors]
            )


# How the filters in an address read on the page (the address itself keeps the API's names).
FILTER_LABELS = {
    "owner": _l("Owner"),
    "unit": _l("Unit"),
    "plan": _l("Action plan"),
    "commitment": _l("Commitment"),
    "status": _l("Status"),
    "group": _l("Group"),
    "member": _l("Member"),
    "parent": _l("Parent unit"),
    "page": _l("Page"),
    "bucket": _l("Group of the board"),
    "after": _l("Position in the group"),
    "per_page": _l("Items per page"),
    "rule": _l("Kind of warning"),
}


def flash_ignored(names: Iterable[str]) -> None:
    for name in names:
        label = FILTER_LABELS.get(name, name)
        flash(_("The filter “%(name)s” in the address is not valid and was ignored.",
                name=label), "error")


def filters_for_page(
    parse: Callable[[Mapping[str, Any]], T], args: Mapping[str, Any]
) -> tuple[T, int]:
    """A list page's filters, the invalid ones flashed and ignored, and its status (422
    when any was ignored: the page answers, but the request was not what it asked for)."""
    filters, errors = read_filters(parse, args)
    flash_ignored(errors)
    return filters, 422 if errors else 200


class InvalidJson(DomainError):
    status = 400
    code = "invalid_json"


def _refuse_constant(name: str) -> float:
    raise InvalidJson(_("Numbers must be finite: %(value)s is not accepted.", value=name))


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        _refuse_constant(text[:20])
    return number


class TrackerJSONProvider(DefaultJSONProvider):
    """Flask's JSON with the inputs no endpoint can use refused as a 400: ``NaN`` and
    ``Infinity``, numbers too large for a float (``1e309``), and nesting deep enough to
    exhaust the parser's recursion (a ``RecursionError`` would otherwise be a 500).

    Answers are UTF-8, not ``\\uXXXX`` escapes (:func:`tracker.text.json_text`)."""

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        kwargs.setdefault("default", self.default)
        kwargs.setdefault("sort_keys", self.sort_keys)
        return json_text(obj, **kwargs)

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        kwargs.setdefault("parse_constant", _refuse_constant)
        kwargs.setdefault("parse_float", _finite_float)
        try:
            return json.loads(s, **kwargs)
        except RecursionError:
            raise InvalidJson(_("The JSON is nested too deeply.")) from None


# Request size ---------------------------------------------------------------------------------
V = TypeVar("V", bound=Callable[..., Any])


def accepts_upload(max_bytes: int) -> Callable[[V], V]:
    """Mark a view whose form may be larger than ``MAX_CONTENT_LENGTH`` (a progress report
    with its evidence files). The limit must be in force before anything reads the body —
    the CSRF check reads the form before the view runs — so the view only declares it and
    :func:`apply_upload_limit`, the first request hook, applies it."""

    def mark(view: V) -> V:
        view.max_content_length = max_bytes  # type: ignore[attr-defined]
        return view

    return mark


def apply_upload_limit() -> None:
    """The request's body limit: the one its view declares (:func:`accepts_upload`), else
    the app's ``MAX_CONTENT_LENGTH``."""
    view = current_app.view_functions.get(request.endpoint or "")
    limit = getattr(view, "max_content_length", None)
    if limit is not None:
        request.max_content_length = limit
