"""commitments: the rest of the OGP commitment template (issue 16)

New columns on ``commitments``: ``solution``, ``value_relevance`` (JSON {value: sentence}),
``stakeholders_government`` and ``stakeholders_other`` (JSON lists of
{"unit_id": int | null, "name": str}), ``budget_amount`` (NUMERIC(14, 2)),
``budget_currency`` (ISO 4217, 'GEL' by default), ``budget_note``, ``programme_links``,
``sdgs`` (JSON list of 1..17) and ``additional_info``.

The free-text ``other_actors`` is dropped: each of its non-empty lines becomes a free-text
entry of ``stakeholders_other``. The downgrade gives the column back, holding the names of
both stakeholder lists one per line (government first), so no name is lost either way.

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

NEW_COLUMNS = (
    'solution', 'value_relevance', 'stakeholders_government', 'stakeholders_other',
    'budget_amount', 'budget_currency', 'budget_note', 'programme_links', 'sdgs',
    'additional_info',
)

commitments = sa.table(
    'commitments',
    sa.column('id', sa.Integer()),
    sa.column('other_actors', sa.Text()),
    sa.column('stakeholders_government', sa.JSON()),
    sa.column('stakeholders_other', sa.JSON()),
)


def _lines(text):
    return [line.strip() for line in (text or '').splitlines() if line.strip()]


def upgrade():
    with op.batch_alter_table('commitments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('solution', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('value_relevance', sa.JSON(), nullable=False, server_default='{}'))
        batch_op.add_column(sa.Column('stakeholders_government', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('stakeholders_other', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('budget_amount', sa.Numeric(precision=14, scale=2), nullable=True))
        batch_op.add_column(sa.Column('budget_currency', sa.String(length=3), nullable=False, server_default='GEL'))
        batch_op.add_column(sa.Column('budget_note', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('programme_links', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('sdgs', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('additional_info', sa.Text(), nullable=False, server_default=''))

    conn = op.get_bind()
    rows = conn.execute(
        sa.select(commitments.c.id, commitments.c.other_actors)
        .where(commitments.c.other_actors != '')
        .order_by(commitments.c.id)
    ).all()
    for commitment_id, other_actors in rows:
        entries = [{'unit_id': None, 'name': name} for name in _lines(other_actors)]
        conn.execute(
            sa.update(commitments)
            .where(commitments.c.id == commitment_id)
            .values(stakeholders_other=entries)
        )

    with op.batch_alter_table('commitments', schema=None) as batch_op:
        batch_op.drop_column('other_actors')


def _names(entries):
    return [str(entry.get('name') or '').strip() for entry in entries or []
            if isinstance(entry, dict)]


def downgrade():
    with op.batch_alter_table('commitments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('other_actors', sa.Text(), nullable=False, server_default=''))

    conn = op.get_bind()
    rows = conn.execute(
        sa.select(commitments.c.id, commitments.c.stakeholders_government,
                  commitments.c.stakeholders_other).order_by(commitments.c.id)
    ).all()
    for commitment_id, government, other in rows:
        names = [n for n in _names(government) + _names(other) if n]
        if names:
            conn.execute(
                sa.update(commitments)
                .where(commitments.c.id == commitment_id)
                .values(other_actors='\n'.join(names))
            )

    with op.batch_alter_table('commitments', schema=None) as batch_op:
        batch_op.alter_column('other_actors', existing_type=sa.Text(), server_default=None)
        for column in reversed(NEW_COLUMNS):
            batch_op.drop_column(column)
