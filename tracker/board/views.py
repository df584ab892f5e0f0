from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from ..accounts.models import User
from ..commitments.queries import list_plans
from ..directory.models import Unit
from ..directory.queries import unit_scope
from ..i18n import local_today
from ..inputs import filters_for_page, query_int
from .items import BUCKET_LABELS, BoardFilters, build_board, deadline_bucket
from .sources import SOURCES

bp = Blueprint("board", __name__)


@bp.app_context_processor
def _deadline_rule() -> dict[str, object]:
    return {"deadline_bucket": deadline_bucket}


def filters_from_args(args: dict[str, str], user: User) -> tuple[BoardFilters, bool]:
    mine = args.get("mine") == "1"
    owner = user.id if mine else query_int(args, "owner")
    unit = query_int(args, "unit")
    filters = BoardFilters(
        owner_id=owner,
        unit_id=unit,
        plan_id=query_int(args, "plan"),
        scope=unit_scope(unit) if unit else None,
    )
    return filters, mine


@bp.get("/")
def index():  # type: ignore[no-untyped-def]
    (filters, mine), status = filters_for_page(
        lambda args: filters_from_args(args, current_user), request.args
    )
    board = build_board(SOURCES, filters, local_today())
    return render_template(
        "board/index.html",
        board=board,
        filters=filters,
        mine=mine,
        labels=BUCKET_LABELS,
        people=User.all_active(),
        units=Unit.all_by_name(),
        plans=list_plans(),
    ), status
