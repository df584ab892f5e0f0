"""The progress area's contribution to the deadline board: requests for a progress report,
due on the owner's board until a report answers them."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from ..accounts.models import User
from ..board.items import BoardFilters, BoardItem, BoardSource, shown
from ..commitments.models import Commitment
from ..directory.models import Unit
from ..municipalities.scope import page_url
from .models import ReportRequest


def _requests(filters: BoardFilters) -> Select[Any]:
    stmt = select(ReportRequest).join(ReportRequest.commitment).where(ReportRequest.is_live)
    if filters.owner_id:
        stmt = stmt.where(ReportRequest.owner_id == filters.owner_id)
    in_unit = filters.unit_condition(
        (Commitment.lead_unit_id, Commitment.owner_unit_id), (ReportRequest.owner_id,)
    )
    if in_unit is not None:
        stmt = stmt.where(in_unit)
    if filters.plan_id:
        stmt = stmt.where(Commitment.plan_id == filters.plan_id)
    return stmt


def _request_item(r: ReportRequest, label: str) -> BoardItem:
    url = page_url("progress.new_report", r, commitment_id=r.commitment_id)
    commitment = r.commitment
    return BoardItem.of(
        r, "report_request", label, url,
        title=_("Progress report: %(title)s", title=commitment.title),
        owner=r.owner, unit=commitment.lead_unit,
        context=_("Commitment %(number)s", number=commitment.number),
    )


REPORT_REQUESTS = BoardSource(
    kind="report_request", label=_l("Progress report"), model=ReportRequest, rows=_requests,
    due=ReportRequest.deadline, done=ReportRequest.is_done,
    load=(
        shown(ReportRequest.owner, User.name),
        joinedload(ReportRequest.commitment)
        .load_only(Commitment.title, Commitment.number, Commitment.lead_unit_id,
                   Commitment.state)
        .options(shown(Commitment.lead_unit, Unit.name)),
    ),
    item=_request_item,
)
