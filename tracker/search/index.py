"""Index-backed full-text search on both databases, with Georgian stems.

Documents are indexed as their search stems (``georgian.index_text``). SQLite keeps them in
a contentless FTS5 table (``<name>_fts``, rowid = object id: the index, no second copy of
the text), PostgreSQL in a ``tsvector`` column with the ``simple`` configuration and a GIN
index (``<name>``).

A query word matches its stem as a whole term: ``მერი`` (mayor) does not find ``მერია``
(city hall). A word typed with ``*``, or a short fragment the stemmer does not know
(``ბიუჯ``), matches as a prefix. A document matches when it contains any word of the query, and the
ranking explains itself: more of the query's words first, then a quoted phrase found as a
phrase (its words in sequence) before the same words apart, then the words' weight (bm25 /
ts_rank), then — by the caller — newer first.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate
from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import Float, Integer, Subquery, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from ..extensions import db
from ..municipalities import scope
from ..text import fold
from .georgian import index_text, is_known, search_stem, spellings, stem

MAX_TERMS = 12
MIN_WORD_LENGTH = 2
FRAGMENT_LENGTH = 5  # an unknown Georgian word this short is taken as the start of words
_QUOTED = re.compile(r'"([^"]*)"')
_QUERY_WORD = re.compile(r"([\w\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f]+)(\*?)", re.UNICODE)


@dataclass(frozen=True)
class Term:
    """One word (a phrase of one stem) or a quoted phrase; ``prefix``: the last stem
    matches the start of index terms rather than a whole one."""

    stems: tuple[str, ...]
    prefix: bool = False

    @property
    def is_phrase(self) -> bool:
        return len(self.stems) > 1


@dataclass
class Query:
    """A parsed search: ``terms`` are the words and phrases as typed."""

    raw: str
    terms: list[Term] = field(default_factory=list)
    message: str | None = None

    @property
    def words(self) -> list[Term]:
        """Every distinct word of the query, those inside phrases too: what "more of the
        query's words" counts."""
        found: list[Term] = []
        for term in self.terms:
            last = len(term.stems) - 1
            for at, s in enumerate(term.stems):
                word = Term((s,), term.prefix and at == last)
                if word not in found:
                    found.append(word)
        return found

    @property
    def phrases(self) -> list[Term]:
        return [term for term in self.terms if term.is_phrase]

    @property
    def stems(self) -> list[str]:
        return [s for term in self.terms for s in term.stems]

    @property
    def usable(self) -> bool:
        return bool(self.terms)

    def prefixes(self) -> tuple[str, ...]:
        return tuple(t.stems[-1] for t in self.terms if t.prefix)

    @cached_property
    def finder(self) -> _Finder:
        """How texts are searched for this query's words (the snippets of a page's 20
        meetings share one)."""
        return _finder(self)


def _term(word: str, starred: bool) -> Term | None:
    """The index term for one typed word; None for a word too short to search."""
    if len(word) < MIN_WORD_LENGTH:
        return None
    if starred:
        return Term((stem(word),), prefix=True)
    if len(word) <= FRAGMENT_LENGTH and not is_known(word):
        return Term((word,), prefix=True)  # a fragment: not stemmed, the start of words
    return Term((stem(word),))


def _typed_words(text: str) -> list[tuple[str, bool]]:
    return [(m.group(1), bool(m.group(2))) for m in _QUERY_WORD.finditer(fold(text))]


def _cut(query: Query, most: int) -> bool:
    """Keep the first ``most`` words, phrases' words counted one by one (a quoted phrase of
    700 words would otherwise become 700 index lookups); whether anything was cut."""
    kept: list[Term] = []
    left = most
    for term in query.terms:
        if left <= 0:
            break
        if len(term.stems) > left:
            term = Term(term.stems[:left], term.prefix)
        kept.append(term)
        left -= len(term.stems)
    cut = kept != query.terms
    query.terms = kept
    return cut


def parse_query(raw: str) -> Query:
    """Any text in, never an error out: operators, brackets and stray quotes are just text."""
    raw = (raw or "").strip()
    query = Query(raw=raw)
    groups = [_typed_words(p) for p in _QUOTED.findall(raw)]
    groups += [[w] for w in _typed_words(_QUOTED.sub(" ", raw))]
    short = False
    for group in groups:
        parts = [_term(word, starred) for word, starred in group]
        kept = [p for p in parts if p is not None]
        short = short or len(kept) < len(parts)
        if not kept:
            continue
        term = Term(tuple(p.stems[0] for p in kept), kept[-1].prefix) if len(kept) > 1 \
            else kept[0]
        if term not in query.terms:
            query.terms.append(term)
    if _cut(query, MAX_TERMS):
        query.message = _("Only the first %(n)d words of the query were used.", n=MAX_TERMS)
    if not query.terms and raw:
        query.message = _("Type at least two letters of a word to search.")
    elif short and not query.message:
        query.message = _("Words shorter than two letters were left out.")
    return query


SEARCH_TABLE_PREFIXES = ("meeting_search", "unit_search", "progress_search", "commitment_search",
                         "search_state")


def is_search_table(name: str | None) -> bool:
    """Search tables are made by hand in migrations (FTS5 / tsvector, and the table of
    their versions), not from models; Alembic's autogenerate must leave them alone."""
    return bool(name) and name.startswith(SEARCH_TABLE_PREFIXES)


def _dialect(session: Session | None = None) -> str:
    return (session or db.session).get_bind().dialect.name


def _fts5(term: Term) -> str:
    quoted = ['"' + s.replace('"', '""') + '"' for s in term.stems]
    if term.prefix:
        quoted[-1] += "*"
    return " + ".join(quoted)


def _tsquery(term: Term) -> str:
    lexemes = ["'" + s.replace("'", "''").replace("\\", "\\\\") + "'" for s in term.stems]
    if term.prefix:
        lexemes[-1] += ":*"
    return "(" + " <-> ".join(lexemes) + ")"


Documents = Callable[[Session], Iterator[tuple[int, str]]]
INDEXES: list[SearchIndex] = []
REBUILD_BATCH = 500
# The version of what the indexes hold: raise it when the stemmer or an index's layout
# changes, and the next ``flask db upgrade`` (or ``flask search reindex``) rebuilds them.
SEARCH_VERSION = 3
STATE_TABLE = "search_state"


@dataclass(frozen=True)
# SQL is written out per dialect here (FTS5 and tsvector have no SQLAlchemy construct), so
# the statements are f-strings, which bandit reads as injection (B608). What is formatted in
# is only names from this code — the index's table name given at registration, STATE_TABLE,
# bind-parameter keys made here (w0, p1 ...) and the fixed pieces built from them; every
# value from a user (the query's terms) is a bound parameter. Each line is marked
# "# nosec B608  # names from code" (bandit reads the test ids up to the next "#").
class SearchIndex:
    """One searchable kind of object (``name`` is the index table's base name);
    ``documents`` yields every object's id and text, for :meth:`rebuild`. Each index is
    listed in ``INDEXES`` (``flask search reindex`` rebuilds them all)."""

    name: str
    documents: Documents = field(compare=False, repr=False)

    def __post_init__(self) -> None:
        INDEXES.append(self)

    def rebuild(self, session: Session | None = None) -> int:
        """Empty the index, index every object again and record the version; returns how
        many."""
        session = session or db.session
        self.clear(session)
        count = self.fill(session)
        session.execute(text(f"DELETE FROM {STATE_TABLE} WHERE name = :name"),  # nosec B608  # names from code
                        {"name": self.name})
        session.execute(text(f"INSERT INTO {STATE_TABLE} (name, version) VALUES (:name, :v)"),  # nosec B608  # names from code
                        {"name": self.name, "v": SEARCH_VERSION})
        return count

    def fill(self, session: Session) -> int:
        """Index every object (replacing what the index holds for it); returns how many.

        Every municipality's objects, even when the caller has entered one (a request, a
        CLI command): the index is the whole instance's, and the scope would otherwise
        leave the others' out of the statements that read the documents."""
        batch: list[tuple[int, str]] = []
        count = 0
        with scope.unrestricted():
            for document in self.documents(session):
                batch.append(document)
                if len(batch) == REBUILD_BATCH:
                    self.replace_many(batch, session)
                    count, batch = count + len(batch), []
        self.replace_many(batch, session)
        return count + len(batch)

    # Writing ------------------------------------------------------------------------
    def replace(self, object_id: int, document: str) -> None:
        self.replace_many([(object_id, document)])

    def replace_many(self, documents: Iterable[tuple[int, str]],
                     session: Session | None = None) -> None:
        """Index several documents in one statement (reindexing, bulk imports)."""
        session = session or db.session
        rows = [{"id": i, "stems": index_text(d)} for i, d in documents]
        if not rows:
            return
        if _dialect(session) == "sqlite":
            # Contentless with contentless_delete: a row is deleted by its rowid alone.
            session.execute(text(f"DELETE FROM {self.name}_fts WHERE rowid = :id"),  # nosec B608  # names from code
                            [{"id": r["id"]} for r in rows])
            session.execute(
                text(f"INSERT INTO {self.name}_fts (rowid, stems) VALUES (:id, :stems)"), rows)  # nosec B608  # names from code
        else:
            session.execute(
                text(
                    f"INSERT INTO {self.name} (object_id, document) "  # nosec B608  # names from code
                    "VALUES (:id, to_tsvector('simple', :stems)) "
                    "ON CONFLICT (object_id) DO UPDATE SET document = EXCLUDED.document"
                ),
                rows,
            )

    def remove(self, object_id: int) -> None:
        if _dialect() == "sqlite":
            sql = f"DELETE FROM {self.name}_fts WHERE rowid = :id"  # nosec B608  # names from code
        else:
            sql = f"DELETE FROM {self.name} WHERE object_id = :id"  # nosec B608  # names from code
        db.session.execute(text(sql), {"id": object_id})

    def clear(self, session: Session | None = None) -> None:
        """Empty the index. SQLite: FTS5's ``delete-all`` command, which resets the
        contentless table to an empty index; a ``DELETE`` would remove row by row and leave
        a deletion marker for each in the index's segments (30 meetings cleared so kept
        5 KB where an empty index holds 11 bytes, until merges or a rebuild caught up)."""
        session = session or db.session
        if _dialect(session) == "sqlite":
            session.execute(text(f"INSERT INTO {self.name}_fts({self.name}_fts) "  # nosec B608  # names from code
                                 "VALUES ('delete-all')"))
        else:
            session.execute(text(f"DELETE FROM {self.name}"))  # nosec B608  # names from code

    # Reading ------------------------------------------------------------------------
    def _any(self, query: Query) -> tuple[str, dict[str, str]]:
        """SQL selecting ``object_id`` of every document with any word of the query (a
        phrase's words found apart count too: the phrase only ranks higher)."""
        words = query.words
        if _dialect() == "sqlite":
            match = " OR ".join(_fts5(w) for w in words)
            return (f"SELECT rowid AS object_id FROM {self.name}_fts "  # nosec B608  # names from code
                    f"WHERE {self.name}_fts MATCH :any"), {"any": match}
        match = " | ".join(_tsquery(w) for w in words)
        return (f"SELECT object_id FROM {self.name} "  # nosec B608  # names from code
                "WHERE document @@ to_tsquery('simple', :any)"), {"any": match}

    def ids(self, query: Query) -> list[int]:
        """Every matching id, unranked: the bare index lookup (the benchmark's yardstick)."""
        sql, params = self._any(query)
        return list(db.session.execute(text(sql), params).scalars())

    def ranked(self, query: Query) -> Subquery:
        """The matching documents with what ranks them: ``object_id``, ``words`` (how many
        of the query's words), ``phrases`` (how many quoted phrases found as phrases) and
        ``score`` (lower is better). Join it to the object table; order by
        :meth:`order`."""
        words, phrases = query.words, query.phrases
        params: dict[str, str] = {}
        sqlite = _dialect() == "sqlite"
        if len(words) == 1 and not phrases:
            sql, params = self._single(words[0], sqlite)
        else:
            parts = []
            for kind, terms in (("w", words), ("p", phrases)):
                for at, term in enumerate(terms):
                    key = f"{kind}{at}"
                    params[key] = _fts5(term) if sqlite else _tsquery(term)
                    hit = ("1 AS w, 0 AS p", "0 AS w, 1 AS p")[kind == "p"]
                    if sqlite:
                        parts.append(f"SELECT rowid AS object_id, {hit}, bm25({self.name}_fts) "  # nosec B608  # names from code
                                     f"AS score FROM {self.name}_fts "
                                     f"WHERE {self.name}_fts MATCH :{key}")
                    else:
                        parts.append(f"SELECT object_id, {hit}, 0.0 AS score FROM {self.name} "  # nosec B608  # names from code
                                     f"WHERE document @@ to_tsquery('simple', :{key})")
            found = " UNION ALL ".join(parts)
            grouped = (f"SELECT object_id, sum(w) AS words, sum(p) AS phrases, "  # nosec B608  # names from code
                       f"sum(score) AS score FROM ({found}) AS hits GROUP BY object_id")
            if sqlite:
                sql = grouped
            else:
                # One ts_rank per matching document, for the query as a whole.
                params["all"] = " | ".join(_tsquery(t) for t in query.terms)
                sql = (f"SELECT g.object_id, g.words, g.phrases, "  # nosec B608  # names from code
                       f"-ts_rank(d.document, to_tsquery('simple', :all)) AS score "
                       f"FROM ({grouped}) AS g JOIN {self.name} AS d "
                       "ON d.object_id = g.object_id")
        if not sqlite:
            # A fence: PostgreSQL would otherwise pull ts_rank up into the outer sort and
            # carry every matching document through it (7,977 of them: 135 ms, sorted on
            # disk) instead of ranking each once here (41 ms).
            sql += " OFFSET 0"
        return (
            text(sql).bindparams(**params)
            .columns(object_id=Integer, words=Integer, phrases=Integer, score=Float)
            .subquery("ranked")
        )

    def _single(self, word: Term, sqlite: bool) -> tuple[str, dict[str, str]]:
        if sqlite:
            return (f"SELECT rowid AS object_id, 1 AS words, 0 AS phrases, "  # nosec B608  # names from code
                    f"bm25({self.name}_fts) AS score FROM {self.name}_fts "
                    f"WHERE {self.name}_fts MATCH :w0"), {"w0": _fts5(word)}
        return ("SELECT object_id, 1 AS words, 0 AS phrases, "  # nosec B608  # names from code
                "-ts_rank(document, to_tsquery('simple', :w0)) AS score "
                f"FROM {self.name} WHERE document @@ to_tsquery('simple', :w0)"), \
            {"w0": _tsquery(word)}

    @staticmethod
    def order(ranked: Subquery) -> list[ColumnElement[Any]]:
        """The ranking rule, once: more words, then phrases, then weight."""
        return [ranked.c.words.desc(), ranked.c.phrases.desc(), ranked.c.score]


def rebuild_stale(session: Session) -> list[str]:
    """Rebuild the indexes whose recorded version is not :data:`SEARCH_VERSION` (run by
    ``migrations/env.py`` at the end of every upgrade to the newest revision, in its
    transaction); returns their names."""
    recorded = dict(session.execute(text(f"SELECT name, version FROM {STATE_TABLE}")).all())  # nosec B608  # names from code
    stale = [index for index in INDEXES if recorded.get(index.name) != SEARCH_VERSION]
    for index in stale:
        index.rebuild(session)
    return [index.name for index in stale]


_TOKEN = re.compile(r"[\w\u10a0-\u10ff\u1c90-\u1cbf]+")


@dataclass(frozen=True)
class _Finder:
    """How a text is searched for the words a query matches, built once per query.

    ``starts`` finds, case-insensitively, where a spelling of a query stem (the stem and
    its shortened forms, ``georgian.spellings``) occurs: a word the query matches begins
    with one. Only the words that begin there are folded and stemmed (``is_hit``, cached
    by word): one pass of the regular-expression engine over a 12 KB discussion instead
    of its words stemmed one by one in Python up to the first match."""

    starts: re.Pattern[str]
    is_hit: Callable[[str], bool]

    def hits(self, source: str, start: int = 0,
             end: int | None = None) -> Iterator[re.Match[str]]:
        """The words of ``source[start:end]`` the query matches, in order (a word that
        runs past ``end`` is taken as far as ``end``: the part a snippet shows)."""
        end = len(source) if end is None else end
        for found in self.starts.finditer(source, start, end):
            at = found.start()
            if at and _TOKEN.match(source, at - 1, at):
                continue  # inside a word: a word is matched by its beginning
            token = _TOKEN.match(source, at, end)
            if token is not None and self.is_hit(token.group()):
                yield token


def _finder(query: Query) -> _Finder:
    needles = sorted({form for s in query.stems for form in spellings(s)})
    starts = re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE)
    return _Finder(starts, _matcher(query))


def _matcher(query: Query) -> Callable[[str], bool]:
    """Whether a word of a text is one the query matches: the same test as the index's
    (whole stems, prefixes only where the query has them)."""
    prefixes = query.prefixes()
    exact = frozenset(s for t in query.terms
                      for s in (t.stems[:-1] if t.prefix else t.stems))

    def is_hit(token: str) -> bool:
        found = search_stem(token)
        return found in exact or found.startswith(prefixes)

    return is_hit


def _window(source: str, first: int, finder: _Finder, width: int) -> Markup:
    """The window of ``source`` around its first hit (which starts at ``first``), hits in
    <mark>. Only the words that begin like a query word are stemmed."""
    start = max(0, first - width // 3)
    end = min(len(source), start + width)
    # Plain strings, escaped piece by piece, and one Markup at the end: cheaper than adding
    # Markup objects together.
    parts = ["…"] if start > 0 else []
    cursor = start
    for token in finder.hits(source, first, end):
        parts += [html.escape(source[cursor : token.start()]), "<mark>",
                  html.escape(token.group()), "</mark>"]
        cursor = token.end()
    parts.append(html.escape(source[cursor:end]))
    if end < len(source):
        parts.append("…")
    return Markup("".join(parts))  # nosec B704  # each piece html.escape()d above


def highlight(source: str, query: Query, width: int = 220) -> Markup:
    """A snippet of ``source`` around the first matching word, matches in <mark>; the
    start of the text when nothing matches."""
    first = next(query.finder.hits(source), None)
    if first is not None:
        return _window(source, first.start(), query.finder, width)
    return escape(source[:width]) + (Markup("…") if len(source) > width else Markup(""))


def highlights(sources: Iterable[str], query: Query, limit: int = 3,
               width: int = 220) -> list[Markup]:
    """The passages of ``sources`` that match, highlighted, in the order given: the
    first ``limit`` sources with a hit, each quoted around its first one.

    The sources are searched as one text, one line each (no word spans a line break), so
    that the twenty-odd parts of a meeting's minutes cost a search or two rather than
    twenty: after a hit the search goes on from the next source."""
    texts = list(sources)
    finder = query.finder
    joined = "\n".join(texts)
    offsets = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
    found: list[Markup] = []
    at = 0
    while len(found) < limit:
        hit = next(finder.hits(joined, at), None)
        if hit is None:
            break
        index = bisect_right(offsets, hit.start()) - 1
        found.append(_window(texts[index], hit.start() - offsets[index], finder, width))
        if index + 1 == len(texts):
            break
        at = offsets[index + 1]
    return found
