"""The commitments' search index: the template's text in Georgian stems, so a word of
any of its fields, in any of its forms, finds the commitment (the list's ``q``); so does a
word of the lead unit or owner as the plan names them, when they are not in the directory."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..search.index import SearchIndex
from .models import Commitment
from .template import stakeholder_names

#: The columns a commitment's document is made of, in the template's order.
SEARCHED = (
    "title", "lead_unit_text", "owner_text", "problem", "description", "solution",
    "value_relevance", "stakeholders_government", "stakeholders_other", "budget_note",
    "programme_links", "additional_info", "completion_evidence",
)


def _document(values: dict[str, Any]) -> str:
    parts: list[str] = []
    for name in SEARCHED:
        value = values.get(name)
        if name == "value_relevance":
            parts.extend(sentence for sentence in (value or {}).values()
                         if isinstance(sentence, str))
        elif name.startswith("stakeholders_"):
            parts.extend(stakeholder_names(value))
        elif isinstance(value, str):
            parts.append(value)
    return "\n".join(p for p in parts if p)


def commitment_document(commitment: Commitment) -> str:
    return _document({name: getattr(commitment, name) for name in SEARCHED})


def all_commitment_documents(session: Session) -> Iterator[tuple[int, str]]:
    columns = [getattr(Commitment, name) for name in SEARCHED]
    stmt = select(Commitment.id, *columns).execution_options(yield_per=500)
    for row in session.execute(stmt):
        yield row[0], _document(dict(zip(SEARCHED, row[1:], strict=True)))


COMMITMENT_INDEX = SearchIndex("commitment_search", all_commitment_documents)
