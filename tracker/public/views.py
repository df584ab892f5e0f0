"""The public site of a municipality, ``/p/<slug>/``: no login, nothing but what
:mod:`tracker.disclosure.rules` declares public, and a 404 for every URL while the
municipality's ``public`` flag is off.

The pages do not depend on who asks (the language is in the URL: ``?lang=en``), so they are
cacheable by anyone for five minutes and carry no session or CSRF token.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, g, render_template, request, url_for

from ..accounts.roles import LANGUAGES
from ..disclosure import rules, site
from ..disclosure.site import open_public
from ..errors import NotFound
from ..extensions import db
from ..i18n import local_today
from ..municipalities.models import Municipality
from ..opendata import dictionary
from ..opendata import files as opendata_files

bp = Blueprint("public", __name__, url_prefix="/p/<slug>")



@bp.url_value_preprocessor
def _take_slug(_endpoint: str | None, values: dict[str, Any] | None) -> None:
    g.public_slug = (values or {}).pop("slug", None)


@bp.url_defaults
def _add_slug(endpoint: str, values: dict[str, Any]) -> None:
    here = g.get("public_municipality")
    if "slug" not in values and here is not None:
        values["slug"] = here.slug
    if "lang" not in values and g.get("public_lang"):
        values["lang"] = g.public_lang


@bp.before_request
def _open_the_site() -> Response | None:
    """The municipality named, if its site is on, entered for everyone (a visitor reads
    nothing otherwise); a 404 for an unknown one or one whose site is off."""
    municipality = open_public(g.pop("public_slug", None))
    g.public_municipality = municipality
    lang = request.args.get("lang")
    if lang in LANGUAGES:
        g.public_lang = lang
    # The language of a public page is its URL's (or the default), never the visitor's
    # session: a shared cache would otherwise serve one visitor's language to another.
    g.tracker_locale = g.get("public_lang") or current_app.config["BABEL_DEFAULT_LOCALE"]
    # Made before and nothing changed since: that answer (or a 304), no page built.
    return site.kept_answer(municipality)


@bp.after_request
def _keep(response: Response) -> Response:
    return site.keep(response)


def _all(kind: rules.PublicKind) -> list[Any]:
    municipality: Municipality = g.public_municipality
    return list(db.session.execute(kind.rows(municipality.id)).unique().scalars())


def _one(kind: rules.PublicKind, ident: int) -> Any:
    municipality: Municipality = g.public_municipality
    row = db.session.execute(
        kind.rows(municipality.id).where(kind.model.id == ident)).unique().scalar_one_or_none()
    if row is None:
        raise NotFound()
    return row


def _render(template: str, **context: Any) -> str:
    return render_template(f"public/{template}", municipality=g.public_municipality,
                           rules=rules, **context)


@bp.get("/")
def home() -> str:
    plans = _all(rules.PLANS)
    commitments = _all(rules.COMMITMENTS)
    meetings = _all(rules.MEETINGS)
    today = local_today()
    return _render(
        "home.html", plans=plans, subgroups=_all(rules.SUBGROUPS),
        by_plan={p.id: [c for c in commitments if c.plan_id == p.id] for p in plans},
        counts={
            "commitments": len(commitments),
            "completed": sum(1 for c in commitments if c.is_done),
            "upcoming": sum(1 for m in meetings if m.date >= today),
            "minutes": sum(1 for m in meetings if rules.minutes_are_public(m)),
        },
        upcoming=sorted((m for m in meetings if m.date >= today), key=lambda m: m.date)[:3],
    )


@bp.get("/plans/<int:plan_id>")
def plan(plan_id: int) -> str:
    found = _one(rules.PLANS, plan_id)
    commitments = [c for c in _all(rules.COMMITMENTS) if c.plan_id == found.id]
    return _render("plan.html", plan=found, commitments=commitments)


@bp.get("/commitments/<int:commitment_id>")
def commitment(commitment_id: int) -> str:
    found = _one(rules.COMMITMENTS, commitment_id)
    groups = [g for g in _all(rules.SUBGROUPS) if any(c.id == found.id for c in g.commitments)]
    return _render("commitment.html", commitment=found, subgroups=groups,
                   timeline=rules.progress_timeline(found))


@bp.get("/meetings/")
def meetings() -> str:
    rows = _all(rules.MEETINGS)
    today = local_today()
    return _render("meetings.html",
                   upcoming=sorted((m for m in rows if m.date >= today), key=lambda m: m.date),
                   past=[m for m in rows if m.date < today])


@bp.get("/meetings/<int:meeting_id>")
def meeting(meeting_id: int) -> str:
    found = _one(rules.MEETINGS, meeting_id)
    minutes = _one(rules.MINUTES, meeting_id) if rules.minutes_are_public(found) else None
    return _render("meeting.html", meeting=found, minutes=minutes)


@bp.get("/subgroups/<int:subgroup_id>")
def subgroup(subgroup_id: int) -> str:
    found = _one(rules.SUBGROUPS, subgroup_id)
    public_ids = {c.id for c in _all(rules.COMMITMENTS)}
    return _render("subgroup.html", subgroup=found,
                   commitments=[c for c in found.commitments if c.id in public_ids])


@bp.get("/data/")
def data() -> str:
    """The open data: every file, and the dictionary of their fields."""
    return _render("data.html", files=opendata_files.FILES,
                   tables=dictionary.table_meanings(), groups=dictionary.by_table())


@bp.get("/data/<name>")
def data_file(name: str) -> Response:
    return opendata_files.serve(g.public_municipality, name)


#: The pages of each kind, for the sitemap (and the tests that walk the site).
PAGES: tuple[tuple[rules.PublicKind, str, str], ...] = (
    (rules.PLANS, "public.plan", "plan_id"),
    (rules.COMMITMENTS, "public.commitment", "commitment_id"),
    (rules.SUBGROUPS, "public.subgroup", "subgroup_id"),
    (rules.MEETINGS, "public.meeting", "meeting_id"),
)


def page_urls() -> list[str]:
    """Every page of the site, absolute, in the default language."""
    urls = [url_for(endpoint, _external=True)
            for endpoint in ("public.home", "public.meetings", "public.data")]
    for kind, endpoint, arg in PAGES:
        urls.extend(url_for(endpoint, _external=True, **{arg: row.id}) for row in _all(kind))
    return urls


@bp.get("/sitemap.xml")
def sitemap() -> Response:
    body = render_template("public/sitemap.xml", urls=page_urls())
    return Response(body, mimetype="application/xml")

