"""The rules of the commitment template's structured fields (PRODUCT.md, "Commitment").

One place for web, API and importers alike: :func:`template_values` takes the values an
operation was given (a form's data, an importer's dict) and gives back what is stored, or
refuses with a message per field. ``ogp_values`` is the set the commitment will have once
the change is made: a sentence of relevance is only for a value that is ticked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _

from ..directory.models import Unit
from ..errors import ValidationFailed
from ..extensions import db
from ..forms import LONG_TEXT, SHORT_TEXT
from .models import OgpValue

STAKEHOLDER_LISTS = ("stakeholders_government", "stakeholders_other")

#: The currencies the form offers; the API accepts any three-letter ISO 4217 code.
CURRENCIES = ("GEL", "USD", "EUR")
CURRENCY = re.compile(r"[A-Z]{3}")

#: NUMERIC(14, 2): twelve digits before the point.
MAX_BUDGET = Decimal("999999999999.99")
SDG_NUMBERS = range(1, 18)


def template_values(values: dict[str, Any], ogp_values: Iterable[str]) -> dict[str, Any]:
    """``values`` with the template's fields checked and put in their stored shape; the
    fields it does not name are left out, as the operations leave them."""
    errors: dict[str, list[str]] = {}
    out = dict(values)
    checks = {
        "value_relevance": lambda v: _relevance(v, set(ogp_values)),
        "stakeholders_government": _stakeholders,
        "stakeholders_other": _stakeholders,
        "budget_amount": _amount,
        "budget_currency": _currency,
        "sdgs": _sdgs,
    }
    for field, check in checks.items():
        if field in out:
            try:
                out[field] = check(out[field])
            except _Refused as refused:
                errors[field] = [refused.message]
    for field in ("solution", "budget_note", "programme_links", "additional_info"):
        if field in out:
            if out[field] is None:
                out[field] = ""
            elif not isinstance(out[field], str):
                errors[field] = [_("This value has the wrong type.")]
            elif len(out[field]) > LONG_TEXT:
                errors[field] = [_("This text is too long.")]
    if errors:
        raise ValidationFailed(errors)
    return out


class _Refused(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


def _relevance(value: Any, ticked: set[str]) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _Refused(_("This value has the wrong type."))
    known = {v.value for v in OgpValue}
    sentences: dict[str, str] = {}
    for code, sentence in value.items():
        if code not in known:
            raise _Refused(_("“%(code)s” is not an OGP value.", code=code))
        if sentence is None:
            continue
        if not isinstance(sentence, str):
            raise _Refused(_("This value has the wrong type."))
        sentence = sentence.strip()
        if not sentence:
            continue
        if code not in ticked:
            raise _Refused(_("A sentence of relevance is only for a value that is ticked: "
                             "tick “%(value)s” or leave its sentence empty.",
                             value=OgpValue(code).label))
        if len(sentence) > LONG_TEXT:
            raise _Refused(_("This text is too long."))
        sentences[code] = sentence
    return dict(sorted(sentences.items()))


def _stakeholders(value: Any) -> list[dict[str, Any]]:
    """Entries with a unit take the unit's name; entries with neither are dropped."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise _Refused(_("This value has the wrong type."))
    entries: list[dict[str, Any]] = []
    for entry in value:
        if not isinstance(entry, dict) or set(entry) - {"unit_id", "name"}:
            raise _Refused(_("Each entry is a unit of the directory or a name."))
        unit_id, name = entry.get("unit_id"), entry.get("name")
        if name is not None and not isinstance(name, str):
            raise _Refused(_("This value has the wrong type."))
        name = (name or "").strip()
        if unit_id in (None, "", 0):
            if not name:
                continue
            if len(name) > SHORT_TEXT:
                raise _Refused(_("A name is at most %(max)d characters long.", max=SHORT_TEXT))
            entries.append({"unit_id": None, "name": name})
            continue
        if isinstance(unit_id, bool) or not isinstance(unit_id, int):
            raise _Refused(_("This value has the wrong type."))
        unit = db.session.get(Unit, unit_id) if 0 < unit_id < 2**31 else None
        if unit is None:
            raise _Refused(_("There is no unit %(id)d in the directory.", id=unit_id))
        entries.append({"unit_id": unit.id, "name": unit.name})
    return entries


def _amount(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise _Refused(_("The budget must be a number."))
    try:
        amount = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise _Refused(_("The budget must be a number.")) from None
    if not amount.is_finite():
        raise _Refused(_("The budget must be a number."))
    if amount < 0:
        raise _Refused(_("The budget cannot be negative."))
    if amount > MAX_BUDGET:
        raise _Refused(_("The budget is too large."))
    if amount != amount.quantize(Decimal("0.01")):
        raise _Refused(_("The budget has at most two decimals."))
    return amount.quantize(Decimal("0.01"))


def _currency(value: Any) -> str:
    if value is None or value == "":
        return "GEL"
    if not isinstance(value, str) or not CURRENCY.fullmatch(value.strip().upper()):
        raise _Refused(_("A currency is a three-letter ISO 4217 code, such as GEL."))
    return value.strip().upper()


def _sdgs(value: Any) -> list[int]:
    if value is None:
        return []
    if not isinstance(value, list | tuple | set):
        raise _Refused(_("This value has the wrong type."))
    numbers: set[int] = set()
    for item in value:
        if isinstance(item, str) and item.strip().isdigit():
            item = int(item)
        if isinstance(item, bool) or not isinstance(item, int) or item not in SDG_NUMBERS:
            raise _Refused(_("A Sustainable Development Goal is a number from 1 to 17."))
        numbers.add(item)
    return sorted(numbers)


# How the structured fields read as text (exports, the report, the history) --------------
def stakeholder_names(entries: Any) -> list[str]:
    """The names of a stakeholder list, in order (a recorded value may be anything)."""
    if not isinstance(entries, list):
        return []
    return [str(e.get("name") or "").strip() for e in entries
            if isinstance(e, dict) and str(e.get("name") or "").strip()]


def relevance_lines(relevance: Any, label: Any = None) -> list[str]:
    """"value: sentence" per ticked value; ``label`` names a value (its code otherwise)."""
    if not isinstance(relevance, dict):
        return []
    name = label or (lambda code: code)
    return [f"{name(code)}: {sentence}" for code, sentence in relevance.items() if sentence]
