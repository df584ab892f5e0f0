"""Templates ask the models (``is_done``, ``is_live``, ``is_withdrawn``…) instead of
comparing state strings: a rule written once, on the model, cannot drift between pages."""

from __future__ import annotations

import re
from pathlib import Path

from tracker.meetings.models import ActionState
from tracker.workflow import STATES

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# A workflow state's name in quotes is always a state; "open"/"done" only next to a state.
_WORKFLOW = "|".join((*STATES, ActionState.CANCELLED.value))
_ACTION = "|".join(state.value for state in ActionState)
LITERAL = re.compile(
    rf"""['"]({_WORKFLOW})['"]|state\s*(?:==|!=|\bin\b)\s*\(?\s*['"]({_ACTION})['"]"""
)


def test_no_template_compares_a_state_with_a_string():
    found = [
        f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LITERAL.search(line)
    ]
    assert found == []


def test_the_pattern_catches_what_it_is_for():
    assert LITERAL.search("{% if m.state == 'withdrawn' %}")
    assert LITERAL.search('item.state != "done"')
    assert LITERAL.search("{% if c.state in ('completed', 'withdrawn') %}")
    assert not LITERAL.search("{% if tone == 'done' %}")


def test_every_dated_item_answers_the_dated_questions(app_ctx):
    """The board, the pages and the templates ask due / is_done / is_live of each dated row
    (tracker/workflow/dated.py); every dated model answers them, in Python and in SQL."""
    from sqlalchemy import select

    from tracker.commitments.models import Commitment, Milestone
    from tracker.extensions import db
    from tracker.meetings.models import ActionItem
    from tracker.subgroups.models import Subgroup
    from tracker.workflow.dated import Dated

    rows = (Commitment(state="draft"), Milestone(commitment=Commitment(state="draft")),
            ActionItem(state="open"), Subgroup(state="draft", deliverable_result=""))
    for row in rows:
        assert isinstance(row, Dated), row
    for model in (Commitment, Milestone, ActionItem, Subgroup):
        # The same rule filters rows in SQL: both compile and run on this database.
        db.session.execute(select(model.id).where(model.is_live, ~model.is_done)).all()
