"""commitments, milestones: the lead unit and owners as the plan names them

New columns: ``commitments.lead_unit_text`` and ``commitments.owner_text``,
``milestones.owner_text`` (VARCHAR(300), empty by default). They hold the lead implementing
agency, the contact person and a milestone's responsible as the action plan names them,
when they are not (yet) a unit of the directory or a person with an account; a linked
unit or account, where there is one, is still what the pages show.

Before this revision the plan importer appended such names to the commitment's
``additional_info``, a line each ("Lead implementing agency: …", "Contact person: …",
"Milestone “…”: responsible …", in Georgian or English). The upgrade moves each such line
into its column where the commitment (or the milestone of that title) links no unit or
account of that role; every other line stays. The downgrade gives the columns' text back
to ``additional_info`` as those lines (in Georgian, the tracker's language), so no name is
lost either way. The commitments' search index is rebuilt (its documents hold the new
columns).

Revision ID: 0011
Revises: 0010
"""
import re

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

SEARCH_TABLE = "commitment_search"

NEW_COLUMNS = {
    'commitments': ('lead_unit_text', 'owner_text'),
    'milestones': ('owner_text',),
}

# The lines the importer wrote before 0011 (its msgids and their Georgian), and the one
# each downgrade writes.
LEAD = ('წამყვანი განმახორციელებელი უწყება: ', 'Lead implementing agency: ')
CONTACT = ('საკონტაქტო პირი: ', 'Contact person: ')
MILESTONE = (re.compile(r'^ეტაპი „(?P<title>.+)“: პასუხისმგებელი (?P<name>.+)$'),
             re.compile(r'^Milestone “(?P<title>.+)”: responsible (?P<name>.+)$'))

commitments = sa.table(
    'commitments',
    sa.column('id', sa.Integer()),
    sa.column('lead_unit_id', sa.Integer()),
    sa.column('owner_id', sa.Integer()),
    sa.column('additional_info', sa.Text()),
    sa.column('lead_unit_text', sa.String(300)),
    sa.column('owner_text', sa.String(300)),
)
milestones = sa.table(
    'milestones',
    sa.column('id', sa.Integer()),
    sa.column('commitment_id', sa.Integer()),
    sa.column('title', sa.String(300)),
    sa.column('owner_id', sa.Integer()),
    sa.column('owner_unit_id', sa.Integer()),
    sa.column('owner_text', sa.String(300)),
)


def _after(line, prefixes):
    for prefix in prefixes:
        if line.startswith(prefix) and line[len(prefix):].strip():
            return line[len(prefix):].strip()[:300]
    return None


def _milestone_line(line):
    for pattern in MILESTONE:
        found = pattern.match(line)
        if found:
            return found.group('title').strip(), found.group('name').strip()[:300]
    return None


def _move_lines_into_columns(conn):
    rows = conn.execute(
        sa.select(commitments.c.id, commitments.c.lead_unit_id, commitments.c.owner_id,
                  commitments.c.additional_info)
        .where(commitments.c.additional_info != '').order_by(commitments.c.id)
    ).all()
    for commitment_id, lead_unit_id, owner_id, info in rows:
        free = {}  # milestones of the commitment that name no owner, by title
        for m_id, title in conn.execute(
            sa.select(milestones.c.id, milestones.c.title)
            .where(milestones.c.commitment_id == commitment_id,
                   milestones.c.owner_id.is_(None), milestones.c.owner_unit_id.is_(None))
            .order_by(milestones.c.id)
        ):
            free.setdefault(title.strip(), m_id)
        kept, values, owners = [], {}, {}
        for line in info.split('\n'):
            lead, contact = _after(line, LEAD), _after(line, CONTACT)
            responsible = _milestone_line(line)
            if lead and lead_unit_id is None and 'lead_unit_text' not in values:
                values['lead_unit_text'] = lead
            elif contact and owner_id is None and 'owner_text' not in values:
                values['owner_text'] = contact
            elif (responsible and responsible[0] in free
                  and free[responsible[0]] not in owners):
                owners[free[responsible[0]]] = responsible[1]
            else:
                kept.append(line)
        if not values and not owners:
            continue
        values['additional_info'] = '\n'.join(kept).strip('\n')
        conn.execute(sa.update(commitments).where(commitments.c.id == commitment_id)
                     .values(**values))
        for m_id, name in owners.items():
            conn.execute(sa.update(milestones).where(milestones.c.id == m_id)
                         .values(owner_text=name))


def _move_columns_into_lines(conn):
    rows = conn.execute(
        sa.select(commitments.c.id, commitments.c.additional_info,
                  commitments.c.lead_unit_text, commitments.c.owner_text)
        .order_by(commitments.c.id)
    ).all()
    for commitment_id, info, lead, contact in rows:
        lines = [info] if info else []
        if lead:
            lines.append(LEAD[0] + lead)
        if contact:
            lines.append(CONTACT[0] + contact)
        for title, name in conn.execute(
            sa.select(milestones.c.title, milestones.c.owner_text)
            .where(milestones.c.commitment_id == commitment_id, milestones.c.owner_text != '')
            .order_by(milestones.c.id)
        ):
            lines.append(f'ეტაპი „{title}“: პასუხისმგებელი {name}')
        if '\n'.join(lines) != info:
            conn.execute(sa.update(commitments).where(commitments.c.id == commitment_id)
                         .values(additional_info='\n'.join(lines)))


def upgrade():
    for table, columns in NEW_COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.add_column(sa.Column(column, sa.String(length=300), nullable=False,
                                              server_default=''))
    _move_lines_into_columns(op.get_bind())
    # A commitment's search document now holds the new columns: migrations/env.py
    # rebuilds an index with no version recorded at the end of the upgrade.
    op.execute(sa.text("DELETE FROM search_state WHERE name = :name").bindparams(
        name=SEARCH_TABLE))


def downgrade():
    _move_columns_into_lines(op.get_bind())
    for table, columns in reversed(NEW_COLUMNS.items()):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in reversed(columns):
                batch_op.drop_column(column)
