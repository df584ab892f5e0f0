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
