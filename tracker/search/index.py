"""Index-backed full-text search on both databases, with Georgian stems.

Documents are stored as their search stems (``georgian.index_text``). SQLite keeps them in
an FTS5 table (``<name>_fts``, rowid = object id), PostgreSQL in a ``tsvector`` column with
the ``simple`` configuration and a GIN index (``<name>``). A query word becomes a prefix
match on its stem, a quoted phrase a sequence of them, and all terms must match.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import text

from ..extensions import db
from .georgian import fold_token, index_text, search_stem, spellings, stem, words

MAX_TERMS = 12
MIN_STEM_LENGTH = 2
_QUOTED = re.compile(r'"([^"]*)"')


@dataclass
class Query:
    """A parsed search: ``terms`` are phrases of stems (a single word is a phrase of one)."""

    raw: str
    terms: list[list[str]] = field(default_factory=list)
    message: str | None = None

    @property
    def stems(self) -> list[str]:
        return [s for term in self.terms for s in term]

    @property
    def usable(self) -> bool:
        return bool(self.terms)


def parse_query(raw: str) -> Query:
    """Any text in, never an error out: operators, brackets and stray quotes are just text."""
    raw = (raw or "").strip()
    query = Query(raw=raw)
    phrases = _QUOTED.findall(raw)
    rest = _QUOTED.sub(" ", raw)
    candidates = [words(p) for p in phrases] + [[w] for w in words(rest)]
    short = False
    for group in candidates:
        stems = [stem(w) for w in group]
        stems = [s for s in stems if len(s) >= MIN_STEM_LENGTH]
        short = short or len(stems) < len(group)
        if stems and stems not in query.terms:
            query.terms.append(stems)
    if len(query.terms) > MAX_TERMS:
        query.terms = query.terms[:MAX_TERMS]
        query.message = _("Only the first %(n)d words of the query were used.", n=MAX_TERMS)
    if not query.terms and raw:
        query.message = _("Type at least two letters of a word to search.")
    elif short and not query.message:
        query.message = _("Words shorter than two letters were left out.")
    return query


def _fts5_expression(query: Query) -> str:
    phrases = [" + ".join(f'"{s}"*' for s in term) for term in query.terms]
    return " AND ".join(phrases)


def _tsquery_expression(query: Query) -> str:
    def lexeme(s: str) -> str:
        return "'" + s.replace("'", "''").replace("\\", "\\\\") + "':*"

    phrases = ["(" + " <-> ".join(lexeme(s) for s in term) + ")" for term in query.terms]
    return " & ".join(phrases)


SEARCH_TABLE_PREFIXES = ("meeting_search", "unit_search")


def is_search_table(name: str | None) -> bool:
    """Search tables are made by hand in migrations (FTS5 / tsvector), not from models;
    Alembic's autogenerate must leave them alone."""
    return bool(name) and name.startswith(SEARCH_TABLE_PREFIXES)


def _dialect() -> str:
    return db.session.get_bind().dialect.name


@contextmanager
def prefer_index() -> Iterator[None]:
    """PostgreSQL's planner does not see that testing a TOASTed tsvector costs far more than
    its small table suggests, and scans every document (about 200 ms at 20,000 meetings)
    instead of asking the GIN index (about 2 ms). Inside this block, in this transaction
    only, it uses the index."""
    postgres = _dialect() == "postgresql"
    if postgres:
        db.session.execute(text("SET LOCAL enable_seqscan = off"))
    try:
        yield
    finally:
        if postgres:
            db.session.execute(text("SET LOCAL enable_seqscan = on"))


@dataclass(frozen=True)
class SearchIndex:
    """One searchable kind of object (``name`` is the index table's base name)."""

    name: str

    def replace(self, object_id: int, document: str) -> None:
        stems = index_text(document)
        if _dialect() == "sqlite":
            db.session.execute(text(f"DELETE FROM {self.name}_fts WHERE rowid = :id"),
                               {"id": object_id})
            db.session.execute(
                text(f"INSERT INTO {self.name}_fts (rowid, stems) VALUES (:id, :stems)"),
                {"id": object_id, "stems": stems},
            )
        else:
            db.session.execute(
                text(
                    f"INSERT INTO {self.name} (object_id, document) "
                    "VALUES (:id, to_tsvector('simple', :stems)) "
                    "ON CONFLICT (object_id) DO UPDATE SET document = EXCLUDED.document"
                ),
                {"id": object_id, "stems": stems},
            )

    def remove(self, object_id: int) -> None:
        if _dialect() == "sqlite":
            sql = f"DELETE FROM {self.name}_fts WHERE rowid = :id"
        else:
            sql = f"DELETE FROM {self.name} WHERE object_id = :id"
        db.session.execute(text(sql), {"id": object_id})

    def count(self, query: Query) -> int:
        """How many documents match (no ranking needed)."""
        if _dialect() == "sqlite":
            sql = f"SELECT count(*) FROM {self.name}_fts WHERE {self.name}_fts MATCH :match"
            params = {"match": _fts5_expression(query)}
        else:
            sql = (f"SELECT count(*) FROM {self.name} "
                   "WHERE document @@ to_tsquery('simple', :match)")
            params = {"match": _tsquery_expression(query)}
        with prefer_index():
            return db.session.execute(text(sql), params).scalar_one()

    def ids(self, query: Query) -> list[int]:
        """Every matching id, unranked: the bare index lookup the archive's answer is
        measured against (``bench/archive.py``)."""
        sql, params = self.matches(query)
        with prefer_index():
            return list(db.session.execute(
                text(f"SELECT object_id FROM ({sql}) AS found"), params).scalars())

    def page(self, query: Query, limit: int, offset: int) -> list[int]:
        """Ids of the best-ranked matches, best first: the index alone answers, which is the
        fast path when nothing else filters the results."""
        if _dialect() == "sqlite":
            sql = (f"SELECT rowid FROM {self.name}_fts WHERE {self.name}_fts MATCH :match "
                   "ORDER BY rank, rowid DESC LIMIT :limit OFFSET :offset")
            params: dict[str, object] = {"match": _fts5_expression(query)}
        else:
            sql = (f"SELECT object_id FROM {self.name} "
                   "WHERE document @@ to_tsquery('simple', :match) "
                   "ORDER BY ts_rank(document, to_tsquery('simple', :match)) DESC, "
                   "object_id DESC LIMIT :limit OFFSET :offset")
            params = {"match": _tsquery_expression(query)}
        params.update(limit=limit, offset=offset)
        with prefer_index():
            return list(db.session.execute(text(sql), params).scalars())

    def matches(self, query: Query) -> tuple[str, dict[str, str]]:
        """SQL selecting ``object_id`` and ``rank`` (lower is better) for a usable query;
        join it to the object table to filter and page."""
        if _dialect() == "sqlite":
            sql = (
                f"SELECT rowid AS object_id, bm25({self.name}_fts) AS rank "
                f"FROM {self.name}_fts WHERE {self.name}_fts MATCH :match"
            )
            return sql, {"match": _fts5_expression(query)}
        sql = (
            "SELECT object_id, -ts_rank(document, to_tsquery('simple', :match)) AS rank "
            f"FROM {self.name} WHERE document @@ to_tsquery('simple', :match)"
        )
        return sql, {"match": _tsquery_expression(query)}


_TOKEN = re.compile(r"[\w\u10a0-\u10ff\u1c90-\u1cbf]+")


def _matcher(query: Query) -> Callable[[str], bool]:
    stems = tuple(query.stems)
    heads = tuple({s[:2] for s in stems})

    def is_hit(token: str) -> bool:
        # Stemming is cached but not free: only words with a query stem's first letters.
        return fold_token(token).startswith(heads) and search_stem(token).startswith(stems)

    return is_hit


def _marked(source: str, is_hit: Callable[[str], bool], width: int) -> Markup | None:
    """The window of ``source`` around its first hit, hits in <mark>; None without a hit."""
    first = next((t for t in _TOKEN.finditer(source) if is_hit(t.group())), None)
    if first is None:
        return None
    start = max(0, first.start() - width // 3)
    end = min(len(source), start + width)
    # Plain strings, escaped piece by piece, and one Markup at the end: cheaper than adding
    # Markup objects together.
    parts = ["…"] if start > 0 else []
    cursor = start
    for token in _TOKEN.finditer(source, first.start(), end):
        if token.end() > end or not is_hit(token.group()):
            continue
        parts += [html.escape(source[cursor : token.start()]), "<mark>",
                  html.escape(token.group()), "</mark>"]
        cursor = token.end()
    parts.append(html.escape(source[cursor:end]))
    if end < len(source):
        parts.append("…")
    return Markup("".join(parts))


def highlight(source: str, query: Query, width: int = 220) -> Markup:
    """A snippet of ``source`` around the first matching word, matches in <mark>; the
    start of the text when nothing matches."""
    marked = _marked(source, _matcher(query), width) if source else None
    if marked is not None:
        return marked
    return escape(source[:width]) + (Markup("…") if len(source) > width else Markup(""))


def highlights(sources: Iterable[str], query: Query, limit: int = 3,
               width: int = 220) -> list[Markup]:
    """The passages of ``sources`` that match, highlighted, in the order given."""
    found: list[Markup] = []
    needles = tuple(form for s in query.stems for form in spellings(s))
    is_hit = _matcher(query)
    for source in sources:
        folded = source.casefold()
        if not any(needle in folded for needle in needles):
            continue  # no word of the query can be in it: skip stemming its words
        marked = _marked(source, is_hit, width)
        if marked is not None:
            found.append(marked)
            if len(found) == limit:
                break
    return found
