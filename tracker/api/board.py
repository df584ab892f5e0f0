from __future__ import annotations

from typing import Any

from flask import Blueprint, request
from flask_login import current_user

from ..board.build import PAGE_SIZE
from ..board.items import BUCKET_LABELS, BoardItem, Bucket, Cursor
from ..board.views import BoardQuery
from ..inputs import MAX_ID
from ..municipalities.scope import slug_of
from ..paging import MAX_PER_PAGE
from .common import iso
from .meta import PAGE_PARAMETERS, op, register_spec

bp = Blueprint("board", __name__)


def _item_json(item: BoardItem, days_left: int) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "id": item.id,
        "municipality": slug_of(item.municipality_id),
        "title": item.title,
        "due": iso(item.due),
        "days_left": days_left,
        "done": item.done,
        "state": item.state,
        "owner": {"id": item.owner_id, "name": item.owner_name} if item.owner_id else None,
        "unit": item.unit_name,
        "context": item.context,
        "url": item.url,
    }


@bp.get("/board")
def board():  # type: ignore[no-untyped-def]
    """Every bucket's exact count and its first ``per_page`` items; with ``bucket`` (and
    ``after``, the ``next`` cursor a bucket gave), one bucket's following items."""
    query = BoardQuery.from_args(request.args, current_user)
    result = query.board()
    return {
        "today": iso(result.today),
        "counts": {bucket.value: n for bucket, n in result.counts.items()},
        "buckets": {
            bucket.value: {
                "label": str(BUCKET_LABELS[bucket]),
                "count": page.count,
                "items": [_item_json(item, item.days_left(result.today)) for item in page.items],
                "next": str(page.next) if page.next else None,
            }
            for bucket, page in result.buckets.items()
        },
    }


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}


def board_spec() -> tuple[dict[str, Any], dict[str, Any]]:
    ident = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
    get = op("Deadline board: exact counts per bucket, a page of items per bucket")
    get["parameters"] = [
        _query("owner", ident, "Items this account owns"),
        _query("unit", ident, "Items of this unit, its sub-units and their staff"),
        _query("plan", ident, "Items of this action plan"),
        _query("mine", {"type": "string", "enum": ["1"]}, "Items the caller owns"),
        _query("bucket", {"type": "string", "enum": [b.value for b in Bucket]},
               "Only this bucket (to page through it with `after`)"),
        _query("after", {"type": "string", "pattern": Cursor.PATTERN.pattern},
               "The `next` cursor a bucket gave: its items after that one (needs `bucket`)"),
        {**PAGE_PARAMETERS["per_page"], "description": "Items per bucket: at most "
         f"{MAX_PER_PAGE} (more is a 422); {PAGE_SIZE} without it",
         "schema": {**PAGE_PARAMETERS["per_page"]["schema"], "default": PAGE_SIZE}},
    ]
    get["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/Board"
    }
    bucket = {
        "type": "object",
        "required": ["label", "count", "items", "next"],
        "properties": {
            "label": {"type": "string"},
            "count": {"type": "integer", "minimum": 0,
                      "description": "Every item in the bucket, not only this page's"},
            "items": {"type": "array", "items": {"type": "object"}},
            "next": {"type": ["string", "null"],
                     "description": "Cursor of the next page (`after`), null at the end"},
        },
    }
    schema = {
        "type": "object",
        "required": ["today", "counts", "buckets"],
        "properties": {
            "today": {"type": "string", "format": "date"},
            "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
            "buckets": {"type": "object", "additionalProperties": bucket},
        },
    }
    return {"/board": {"get": get}}, {"Board": schema}


register_spec(board_spec)
