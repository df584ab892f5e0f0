"""The deadline board page: every bucket's count, the first page of each, "more" per bucket."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.models import User
from ..commitments.queries import list_plans
from ..directory.models import Unit
from ..directory.queries import unit_scope
from ..errors import ValidationFailed
from ..i18n import local_today
from ..inputs import filters_for_page, query_int
from ..paging import per_page_arg
from ..warnings.rules import RULES as WARNING_RULES
from ..warnings.rules import Today
from ..warnings.views import request_counts
from .build import PAGE_SIZE, Board, build_board
from .items import BUCKET_LABELS, BoardFilters, Bucket, Cursor, deadline_bucket
from .sources import SOURCES

bp = Blueprint("board", __name__)


@bp.app_context_processor
def _deadline_rule() -> dict[str, object]:
    return {"deadline_bucket": deadline_bucket}


@dataclass(frozen=True)
class BoardQuery:
    """What a board request asks for: its filters, and which page of which bucket."""

    filters: BoardFilters
    mine: bool = False
    bucket: Bucket | None = None
    after: Cursor | None = None
    per_page: int = PAGE_SIZE

    @classmethod
    def from_args(cls, args: Mapping[str, Any], user: User) -> BoardQuery:
        mine = args.get("mine") == "1"
        unit = query_int(args, "unit")
        filters = BoardFilters(
            owner_id=user.id if mine else query_int(args, "owner"),
            unit_id=unit,
            plan_id=query_int(args, "plan"),
            scope=unit_scope(unit) if unit else None,
        )
        bucket = None
        if name := str(args.get("bucket") or "").strip():
            if name not in {b.value for b in Bucket}:
                raise ValidationFailed({"bucket": [_("There is no such group on the board.")]})
            bucket = Bucket(name)
        after = None
        if raw := str(args.get("after") or "").strip():
            if bucket is None:
                raise ValidationFailed({"after": [_("Name the group to page through.")]})
            after = Cursor.parse(raw)
        return cls(filters, mine, bucket, after, per_page_arg(args, PAGE_SIZE))

    def args(self, **changes: Any) -> dict[str, Any]:
        """The query string of this board with ``changes``: the filters carried to the
        "more" links and the summary (what was invalid and ignored is not carried on)."""
        args: dict[str, Any] = {
            "mine": "1" if self.mine else None,
            "owner": None if self.mine else self.filters.owner_id,
            "unit": self.filters.unit_id,
            "plan": self.filters.plan_id,
            "per_page": self.per_page if self.per_page != PAGE_SIZE else None,
            **changes,
        }
        return {name: value for name, value in args.items() if value is not None}

    def board(self) -> Board:
        return build_board(SOURCES, self.filters, local_today(), limit=self.per_page,
                           bucket=self.bucket, after=self.after)


@bp.get("/")
def index():  # type: ignore[no-untyped-def]
    query, status = filters_for_page(
        lambda args: BoardQuery.from_args(args, current_user), request.args
    )
    return render_template(
        "board/index.html",
        board=query.board(),
        query=query,
        filters=query.filters,
        mine=query.mine,
        labels=BUCKET_LABELS,
        people=User.all_active(),
        units=Unit.all_by_name(),
        plans=list_plans(),
        # The early warnings' panel: one query for every rule's count, which the header's
        # count shares.
        warning_rules=WARNING_RULES,
        warnings_counted=request_counts(),
        warnings_today=Today.current(),
    ), status
