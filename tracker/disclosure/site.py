"""The public face's two shared questions, asked once for every public URL (the site's
pages, its open data, its feeds): is the municipality's site open, and is the answer made
before still good?"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from flask import Response, g, make_response, request
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from sqlalchemy import func, select

from ..audit.models import AuditEntry
from ..errors import NotFound
from ..extensions import cache, db
from ..i18n import local_today
from ..municipalities import scope
from ..municipalities.models import Municipality


def open_public(slug: object) -> Municipality:
    """The municipality a public URL names, entered (and the request restricted to it) for
    everyone; a 404 for an unknown one or one whose public site is off, so a visitor reads
    nothing and cannot tell the two apart."""
    municipality = Municipality.by_slug(slug) if isinstance(slug, str) else None
    if municipality is None or not municipality.public:
        raise NotFound()
    scope.restrict({municipality.id})
    scope.enter(municipality)
    return municipality


# Answers kept until the data changes -----------------------------------------------------
#: A public answer may be kept by anyone, but asked again each time: the ETag makes that a
#: 304 unless the municipality's data changed.
CACHE_CONTROL = "public, no-cache"
_KEPT_HEADERS = ("Content-Type", "Content-Disposition")


def data_version(municipality: Municipality) -> str:
    """What a public answer depends on, cheaply: the municipality's newest audit entry
    (every change of its data writes one), its name and switch, and today's date (what is
    upcoming moves with it)."""
    newest = db.session.scalar(select(func.max(AuditEntry.id))
                               .where(AuditEntry.municipality_id == municipality.id))
    return f"{newest or 0}|{local_today().isoformat()}|{municipality.public}|{municipality.name}"


def _key(municipality: Municipality) -> str:
    parts = (str(municipality.id), data_version(municipality), str(get_locale()),
             request.full_path)
    return "public:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _finish(response: Response, etag: str) -> Response:
    response.set_etag(etag)
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response


def kept_answer(municipality: Municipality) -> Response | None:
    """The answer to this request, if nothing it depends on changed since it was made: a
    304 to a client that has it, the stored answer otherwise; None to make it anew."""
    key = _key(municipality)
    etag = key[-32:]
    if etag in request.if_none_match:
        return _finish(Response(status=304), etag)
    stored = cache.get(key)
    if stored is None:
        g.public_cache_key = key  # for keep(), once the answer is made
        return None
    body, headers = stored
    return _finish(Response(body, headers=headers), etag)


def keep(response: Response) -> Response:
    """Keep a public answer (a 200) under the key :func:`kept_answer` computed."""
    key = g.pop("public_cache_key", None)
    if key is None or response.status_code != 200 or response.direct_passthrough:
        return response
    cache.set(key, (response.get_data(),
                    [(h, response.headers[h]) for h in _KEPT_HEADERS if h in response.headers]))
    return _finish(response, key[-32:])


def answer(municipality: Municipality, build: Callable[[], ResponseReturnValue]) -> Response:
    """The kept answer (:func:`kept_answer`), or ``build()``'s, kept."""
    kept = kept_answer(municipality)
    return kept if kept is not None else keep(make_response(build()))
