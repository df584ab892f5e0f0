"""The web routes every tracked kind shares, registered from its declaration.

``POST /<collection>/<id>/transition`` and ``POST /<collection>/<id>/comments`` are the
same for every kind: load (locked), validate the small form, call the kind's operation,
redirect back to its page with a message. The operation checks permission, guards and the
version; these routes repeat none of it.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect
from flask_babel import gettext as _
from flask_login import current_user

from ..audit.forms import CommentForm
from ..audit.operations import add_comment
from ..forms import flash_errors, submit
from .forms import TransitionForm
from .kinds import Kind


def register_kind_routes(bp: Blueprint, kind: Kind, prefix: str = "") -> None:
    """Add the kind's transition and comment routes to its area's blueprint, under the
    endpoint names ``<blueprint>.transition`` and ``<blueprint>.comment``."""
    rule = f"{prefix}/<int:{kind.id_arg}>"

    def transition(**ids: int) -> Any:
        obj = kind.get(ids[kind.id_arg], for_update=True)
        form = TransitionForm()
        if form.validate_on_submit() and submit(
            form,
            lambda: kind.transition(
                obj, current_user, form.to.data, form.comment.data or "", form.version.data
            ),
        ):
            flash(_("Moved to “%(state)s”.", state=kind.workflow.label(obj.state)), "success")
        flash_errors(form)
        return redirect(kind.url(obj))

    def comment(**ids: int) -> Any:
        obj = kind.get(ids[kind.id_arg])
        form = CommentForm()
        if form.validate_on_submit() and submit(
            form, lambda: add_comment(obj, current_user, form.text.data)
        ):
            flash(_("Your comment was added."), "success")
        flash_errors(form)
        return redirect(kind.url(obj, "history"))

    bp.add_url_rule(f"{rule}/transition", "transition", transition, methods=["POST"])
    bp.add_url_rule(f"{rule}/comments", "comment", comment, methods=["POST"])
