from __future__ import annotations

from flask import Blueprint, request
from flask_login import current_user

from ..board.items import BUCKET_LABELS, build_board
from ..board.sources import SOURCES
from ..board.views import filters_from_args
from ..i18n import local_today
from ..municipalities.scope import slug_of
from .common import iso

bp = Blueprint("board", __name__)


@bp.get("/board")
def board():  # type: ignore[no-untyped-def]
    filters, _mine = filters_from_args(request.args, current_user)
    result = build_board(SOURCES, filters, local_today())
    return {
        "today": iso(result.today),
        "counts": {bucket.value: n for bucket, n in result.counts.items()},
        "buckets": {
            bucket.value: {
                "label": str(BUCKET_LABELS[bucket]),
                "items": [
                    {
                        "kind": item.kind,
                        "id": item.id,
                        "municipality": slug_of(item.municipality_id),
                        "title": item.title,
                        "due": iso(item.due),
                        "days_left": item.days_left(result.today),
                        "done": item.done,
                        "state": item.state,
                        "owner": (
                            {"id": item.owner_id, "name": item.owner_name}
                            if item.owner_id
                            else None
                        ),
                        "unit": item.unit_name,
                        "context": item.context,
                        "url": item.url,
                    }
                    for item in items
                ],
            }
            for bucket, items in result.buckets.items()
        },
    }
