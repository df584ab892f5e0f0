"""``flask import plan FILE [--dry-run] [--json] [--as EMAIL] [--municipality SLUG]``."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..cli_common import (
    AS_OPTION,
    MUNICIPALITY_OPTION,
    acting_user,
    echo_json,
    fail_domain,
    read_file,
    resolve_municipality,
)
from ..errors import DomainError
from ..extensions import db
from ..importing.plan import parse_plan, plan_as_json, read_plan_upload
from ..municipalities import scope
from .importing import CREATE, SKIP, UNCHANGED, UPDATE, PlanImportResult, save_plan


@click.command("plan")
@click.argument("path", type=click.Path())
@click.option("--dry-run", is_flag=True, help="Parse and report; save nothing.")
@click.option("--json", "as_json", is_flag=True, help="Report as JSON.")
@AS_OPTION
@MUNICIPALITY_OPTION
@with_appcontext
def import_plan_command(path: str, dry_run: bool, as_json: bool, as_email: str | None,
                        municipality_slug: str | None) -> None:
    """Import an action plan (.docx, UTF-8 text or a PDF with a text layer) into a
    municipality: the plan with its commitments and milestones, in draft. Importing it again
    updates the drafts and leaves monitored and completed commitments as they are."""
    municipality = (resolve_municipality(municipality_slug, as_json)
                    if municipality_slug or not dry_run else None)
    result: PlanImportResult | None = None
    try:
        parsed = parse_plan(read_plan_upload(read_file(path), path))
        if municipality is not None:
            with scope.entered(municipality):
                actor = acting_user(as_email)
                result = save_plan(parsed, actor, dry_run=dry_run)
                if dry_run:
                    db.session.rollback()
                else:
                    db.session.commit()
    except DomainError as error:
        fail_domain(error, as_json)
    if as_json:
        echo_json({"parsed": plan_as_json(parsed),
                   "problems": plan_as_json(parsed)["problems"],
                   "result": result.as_json() if result else None, "dry_run": dry_run,
                   "municipality": municipality.slug if municipality else None})
        return
    click.echo(f"plan {parsed.title!r} ({parsed.period_start or '?'} – "
               f"{parsed.period_end or '?'}): {len(parsed.commitments)} commitments, "
               f"{sum(len(c.milestones) for c in parsed.commitments)} milestones")
    for index, commitment in enumerate(parsed.commitments, 1):
        line = f"  {commitment.number or '?'}. {commitment.title}"
        if commitment.missing:
            line += " — not found: " + ", ".join(commitment.missing)
        if result is not None:
            outcome = result.commitments[index - 1]
            line += f" [{outcome.action}" + (f", {outcome.state}]" if outcome.action == SKIP
                                              else "]")
            if outcome.kept_as_text:
                line += " kept as text: " + "; ".join(outcome.kept_as_text)
            if outcome.milestones_not_in_document:
                line += (" milestones kept, not in the document: "
                         + "; ".join(outcome.milestones_not_in_document))
        click.echo(line)
    for problem in parsed.problems:
        where = f"commitment {problem.commitment}" if problem.commitment else "plan"
        click.echo(f"not read ({where}{', ' + problem.field if problem.field else ''}): "
                   f"{problem.code} {problem.text}".rstrip())
    if result is None:
        click.echo("dry run: nothing saved")
        return
    counts = ", ".join(f"{result.count(action)} {word}" for action, word in
                       ((CREATE, "created"), (UPDATE, "updated"), (UNCHANGED, "unchanged"),
                        (SKIP, "skipped")))
    click.echo(f"{counts} in {municipality.slug if municipality else '?'}"
               + (" (dry run: nothing saved)" if dry_run else f", plan id {result.plan_id}"))
