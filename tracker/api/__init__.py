"""JSON API under /api/v1 (PRODUCT.md, "Interfaces others rely on").

The API validates through the same forms and changes data through the same operations as
the web pages; it only translates between JSON and those.
"""

from flask import Blueprint

from . import (
    account,
    board,
    charts,
    commitments,
    directory,
    export,
    meetings,
    meta,
    municipalities,
    notifications,
    people,
    progress,
    selfassessment,
    subgroups,
    warnings,
)

bp = Blueprint("api", __name__, url_prefix="/api/v1")
for _module in (account, board, charts, commitments, directory, export, meetings, meta,
                municipalities, notifications, people, progress, selfassessment, subgroups,
                warnings):
    bp.register_blueprint(_module.bp)
