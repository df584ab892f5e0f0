"""How long the action-plan grammar takes on the longest plan it accepts (``MAX_PLAN_LINES``
lines), with the lines a hostile file would repeat: labels, wrapped names, prose, rows.

    .venv/bin/python bench/plans.py

A real plan of thirty commitments is a few thousand lines; the request must stay well under
gunicorn's 30 s. Times only: nothing here is asserted (see tests/importing/test_plans.py).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("TRACKER_ENV", "development")

from tracker import create_app
from tracker.importing.plan import PlanImportError, parse_plan
from tracker.importing.plan.grammar import MAX_PLAN_LINES

HEAD = "Plan 2025-2026\nვალდებულება 1: x\nეტაპები:\n"
LINES = {
    "a label, again and again": "1. წამყვანი უწყება\n",
    "a name that asks for more": "ა(ა)იპ „x“ ა(ა)იპ\n",
    "prose": "მოქალაქეებს არ აქვთ წვდომა ბიუჯეტის შესრულების დეტალურ მონაცემებზე.\n",
    "a labelled row": "ბიუჯეტი\t5 000 ლარი\tx\n",
}


def main() -> None:
    app = create_app()
    with app.app_context():
        for name, line in LINES.items():
            text = HEAD + "".join(line.replace("x", str(n)) for n in range(MAX_PLAN_LINES))
            start = time.perf_counter()
            with contextlib.suppress(PlanImportError):
                parse_plan(text)
            print(f"{name:28} {time.perf_counter() - start:6.2f} s  ({MAX_PLAN_LINES} lines)")


if __name__ == "__main__":
    main()
