"""search: exact stems, a contentless SQLite index, the indexes' version

Also indexes for the archive: ``meetings (municipality_id, id, date)`` (matches joined to
the municipality's meetings, ordered by date, without reading the minutes) and
``subgroup_commitments.commitment_id`` (the commitment filter).

SQLite's FTS5 tables become contentless (``contentless_delete=1``, SQLite 3.43 or later,
which the ``sqlean.py`` driver brings): the index without a second copy of the stemmed
text. ``search_state`` records which version of the stems each index holds; at the end of
an upgrade to the newest revision ``migrations/env.py`` rebuilds every index whose version
is not the code's (``tracker.search.index.SEARCH_VERSION``), in the same transaction.
Downgrading gives back the 0004 tables, filled again.

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.orm import Session


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

SEARCH_TABLES = ("meeting_search", "unit_search")


#: ``ALTER COLUMN … SET COMPRESSION`` (and lz4 for TOAST) came with PostgreSQL 14.
COMPRESSION_SINCE = 140000


def _sqlite():
    return op.get_bind().dialect.name == "sqlite"


def _server_version_num():
    return int(op.get_bind().execute(sa.text("SHOW server_version_num")).scalar())


def compression_settable(server_version_num):
    """Whether the server knows ``SET COMPRESSION`` at all (PostgreSQL 13 does not: the
    statement is a syntax error there, and would undo the whole migration)."""
    return server_version_num >= COMPRESSION_SINCE


def lz4_settable(server_version_num, toast_compressions):
    """Whether the vectors can be lz4-compressed: a server of 14 or later built with lz4
    (``toast_compressions``: what ``default_toast_compression`` accepts there; PostgreSQL 13
    has no such setting, so None)."""
    return compression_settable(server_version_num) and "lz4" in (toast_compressions or ())


def upgrade():
    op.create_table(
        'search_state',
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_search_state')),
    )
    if _sqlite():
        for name in SEARCH_TABLES:
            op.execute(f"DROP TABLE {name}_fts")
            op.execute(
                f"CREATE VIRTUAL TABLE {name}_fts USING fts5(stems, content='', "
                "contentless_delete=1, tokenize='unicode61')"
            )
    else:
        # PostgreSQL keeps its tsvector tables (the rebuild replaces what they hold), with
        # the vectors stored in the row (MAIN), lz4-compressed where the server has lz4.
        # Out of line (TOAST), a table of 20,000 meetings looked to the planner like 1 MB
        # and it scanned all of it (150 ms) instead of asking the GIN index (3 ms); in the
        # row, a scan costs what it reads, and ts_rank decompresses lz4 in a fraction.
        # PostgreSQL 13 has neither the setting nor SET COMPRESSION: the vectors stay pglz.
        lz4 = lz4_settable(_server_version_num(), op.get_bind().execute(sa.text(
            "SELECT enumvals FROM pg_settings "
            "WHERE name = 'default_toast_compression'")).scalar())
        for name in SEARCH_TABLES:
            op.execute(f"ALTER TABLE {name} ALTER COLUMN document SET STORAGE MAIN")
            if lz4:
                op.execute(f"ALTER TABLE {name} ALTER COLUMN document SET COMPRESSION lz4")
    # The archive's commitment filter asks which subgroups work on a commitment.
    op.create_index(op.f('ix_subgroup_commitments_commitment_id'), 'subgroup_commitments',
                    ['commitment_id'], unique=False)
    # The archive joins matches to the municipality's meetings and orders them by date.
    op.create_index('ix_meetings_archive', 'meetings', ['municipality_id', 'id', 'date'],
                    unique=False)


def downgrade():
    op.drop_index('ix_meetings_archive', table_name='meetings')
    op.drop_index(op.f('ix_subgroup_commitments_commitment_id'),
                  table_name='subgroup_commitments')
    if _sqlite():
        for name in SEARCH_TABLES:
            op.execute(f"DROP TABLE {name}_fts")
            op.execute(f"CREATE VIRTUAL TABLE {name}_fts USING fts5(stems, tokenize='unicode61')")
    else:
        for name in SEARCH_TABLES:
            op.execute(f"ALTER TABLE {name} ALTER COLUMN document SET STORAGE EXTENDED")
            if compression_settable(_server_version_num()):
                op.execute(f"ALTER TABLE {name} ALTER COLUMN document SET COMPRESSION default")
    # Nothing may be lost: the 0004 tables are filled again from the records (the present
    # stems, which 0004's prefix search also finds). SQLite's are new and empty (and FTS5's
    # delete-all, SearchIndex.clear, is only for a contentless table); PostgreSQL's are
    # emptied first.
    from tracker.search.index import INDEXES

    session = Session(bind=op.get_bind())
    for index in INDEXES:
        if index.name not in SEARCH_TABLES:
            continue  # a later revision's index (0009's progress_search), gone by now
        if not _sqlite():
            index.clear(session)
        index.fill(session)
    session.flush()
    op.drop_table('search_state')
