"""``flask import unit``: create, then update on the second import, never duplicate; into
the municipality named (or the only one)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from tracker.directory.models import StaffMember, Unit
from tracker.extensions import db
from tracker.municipalities.models import Municipality

PAGE = Path(__file__).parent.parent / "importing" / "pages" / "tourism.txt"


def _count(model: type) -> int:
    return db.session.execute(select(func.count(model.id))).scalar_one()


def test_dry_run_reports_and_saves_nothing(runner, users) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["import", "unit", str(PAGE), "--dry-run", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["dry_run"] is True and report["unit_id"] is None
    assert report["parsed"]["name"] and report["parsed"]["staff"]
    with runner.app.app_context():
        assert _count(Unit) == 0


def test_import_creates_then_updates(runner, users) -> None:  # type: ignore[no-untyped-def]
    first = json.loads(runner.invoke(args=["import", "unit", str(PAGE), "--json"]).output)
    assert first["created"] is True and first["staff_added"]
    second = json.loads(runner.invoke(args=["import", "unit", str(PAGE), "--json"]).output)
    assert second["created"] is False and second["unit_id"] == first["unit_id"]
    assert second["staff_added"] == []
    with runner.app.app_context():
        assert _count(Unit) == 1
        assert _count(StaffMember) == len(first["staff_added"])
        phones = db.session.execute(select(StaffMember.phone)).scalars().all()
        assert all(p is None or p.startswith("+995") for p in phones)


def test_a_bad_file_is_refused(runner, users, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "page.pdf"
    page.write_bytes(b"%PDF-1.7")
    result = runner.invoke(args=["import", "unit", str(page), "--json"])
    assert result.exit_code == 1
    assert json.loads(result.output)["error"]["code"] == "import_failed"


def test_a_staff_line_longer_than_the_directory_keeps_is_refused(runner, users, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "long.txt"
    text = PAGE.read_text(encoding="utf-8")
    long_position = "უფროსი სპეციალისტი " + "და მრჩეველი " * 30
    text += f"\n{long_position.strip()} - ნინო ბერიძე - 555 10-20-99\n"
    page.write_text(text, encoding="utf-8")
    result = runner.invoke(args=["import", "unit", str(page), "--json"])
    assert result.exit_code == 1, result.output
    assert json.loads(result.output)["error"]["code"] == "validation_failed"
    with runner.app.app_context():
        assert db.session.execute(select(func.count(Unit.id))).scalar_one() == 0


# --municipality ---------------------------------------------------------------------------
def _units_by_municipality(app) -> list[tuple[str, str]]:
    with app.app_context():
        rows = db.session.execute(
            select(Municipality.slug, Unit.name)
            .join(Municipality, Municipality.id == Unit.municipality_id)
            .order_by(Municipality.slug)
        )
        return [tuple(row) for row in rows]


def test_import_lands_in_the_municipality_named_only(app, runner, factory, users) -> None:  # type: ignore[no-untyped-def]
    factory.elsewhere().municipality()
    result = runner.invoke(args=["import", "unit", str(PAGE), "--json",
                                 "--municipality", "town"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["created"] is True and report["municipality"] == "town"
    name = report["parsed"]["name"]
    assert _units_by_municipality(app) == [("town", name)]
    # The same page in the other municipality is another unit: each has its own directory.
    again = json.loads(runner.invoke(args=["import", "unit", str(PAGE), "--json",
                                           "--municipality", "city"]).output)
    assert again["created"] is True and again["unit_id"] != report["unit_id"]
    assert _units_by_municipality(app) == [("city", name), ("town", name)]


def test_the_text_report_names_the_municipality(runner, users) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["import", "unit", str(PAGE)])
    assert result.exit_code == 0, result.output
    assert " in city; staff added " in result.output


def test_among_several_municipalities_one_must_be_named(app, runner, factory, users) -> None:  # type: ignore[no-untyped-def]
    factory.elsewhere().municipality()
    result = runner.invoke(args=["import", "unit", str(PAGE), "--json"])
    assert result.exit_code == 1
    error = json.loads(result.output)["error"]
    assert error["code"] == "municipality_required"
    assert "city" in error["message"] and "town" in error["message"]
    assert _units_by_municipality(app) == []


def test_an_unknown_municipality_is_refused(app, runner, users) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["import", "unit", str(PAGE), "--municipality", "atlantis"])
    assert result.exit_code == 1
    assert "atlantis" in result.output
    assert _units_by_municipality(app) == []


def test_a_dry_run_needs_no_municipality(runner, factory, users) -> None:  # type: ignore[no-untyped-def]
    factory.elsewhere().municipality()
    result = runner.invoke(args=["import", "unit", str(PAGE), "--dry-run", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["municipality"] is None
