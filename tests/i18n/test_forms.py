"""WTForms ships no Georgian: its own messages must come out of the project's catalog."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from tracker.commitments.forms import CommitmentForm


@pytest.mark.parametrize(
    ("field", "value", "georgian"),
    [
        ("number", "99999", "რიცხვი უნდა იყოს 1-დან 9999-მდე."),
        ("number", "ოთხი", "მიუთითეთ მთელი რიცხვი."),
        ("deadline", "31/02/2026", "თარიღი არასწორია (ფორმატი: დდ/თთ/წწწწ)."),
        ("title", "", "ეს ველი სავალდებულოა."),
        ("title", "ა" * 301, "ველი არ უნდა აღემატებოდეს 300 სიმბოლოს."),
    ],
)
def test_wtforms_messages_are_georgian(app, make_plan, field, value, georgian) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan()
    data = {"title": "სათაური", "plan_id": str(plan.id), field: value}
    with app.test_request_context():
        form = CommitmentForm(formdata=MultiDict(data), meta={"csrf": False})
        assert not form.validate()
        assert georgian in form.errors[field]
        assert all(any("\u10d0" <= ch <= "\u10ff" for ch in m) for m in form.errors[field])
