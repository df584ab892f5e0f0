"""Whether a municipality's public face is open, asked once for every public URL: the site's
pages, its open data and its feeds."""

from __future__ import annotations

from ..errors import NotFound
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
