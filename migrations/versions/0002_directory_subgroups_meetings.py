"""directory, subgroups, meetings, search

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 09:02:16.066857

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('staff_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('position', sa.String(length=300), nullable=False),
    sa.Column('rank', sa.String(length=40), nullable=True),
    sa.Column('category', sa.String(length=40), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('is_head', sa.Boolean(), nullable=False),
    sa.Column('position_order', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_staff_members_unit_id_units'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_staff_members_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_members')),
    sa.UniqueConstraint('user_id', name=op.f('uq_staff_members_user_id'))
    )
    with op.batch_alter_table('staff_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_members_unit_id'), ['unit_id'], unique=False)

    op.create_table('subgroups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('lead_id', sa.Integer(), nullable=True),
    sa.Column('deliverable', sa.Text(), nullable=False),
    sa.Column('deliverable_deadline', sa.Date(), nullable=True),
    sa.Column('deliverable_result', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("state IN ('draft', 'monitored', 'completed', 'withdrawn')", name=op.f('ck_subgroups_state')),
    sa.ForeignKeyConstraint(['lead_id'], ['users.id'], name=op.f('fk_subgroups_lead_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_subgroups_unit_id_units'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subgroups')),
    sa.UniqueConstraint('name', name=op.f('uq_subgroups_name'))
    )
    with op.batch_alter_table('subgroups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subgroups_deliverable_deadline'), ['deliverable_deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_subgroups_lead_id'), ['lead_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_subgroups_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_subgroups_unit_id'), ['unit_id'], unique=False)

    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subgroup_id', sa.Integer(), nullable=True),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('start_time', sa.Time(), nullable=True),
    sa.Column('end_time', sa.Time(), nullable=True),
    sa.Column('chair_id', sa.Integer(), nullable=True),
    sa.Column('secretary_id', sa.Integer(), nullable=True),
    sa.Column('authority', sa.Text(), nullable=False),
    sa.Column('discussion', sa.Text(), nullable=False),
    sa.Column('chair_signed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('secretary_signed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('import_fingerprint', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("state IN ('draft', 'monitored', 'completed', 'withdrawn')", name=op.f('ck_meetings_state')),
    sa.CheckConstraint('end_time IS NULL OR start_time IS NULL OR end_time >= start_time', name=op.f('ck_meetings_times')),
    sa.ForeignKeyConstraint(['chair_id'], ['users.id'], name=op.f('fk_meetings_chair_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['secretary_id'], ['users.id'], name=op.f('fk_meetings_secretary_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['subgroup_id'], ['subgroups.id'], name=op.f('fk_meetings_subgroup_id_subgroups'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings')),
    sa.UniqueConstraint('import_fingerprint', name=op.f('uq_meetings_import_fingerprint')),
    sa.UniqueConstraint('subgroup_id', 'number', name='uq_meetings_subgroup_number')
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_subgroup_id'), ['subgroup_id'], unique=False)
        batch_op.create_index('uq_meetings_group_number', ['number'], unique=True, sqlite_where=sa.text('subgroup_id IS NULL'), postgresql_where=sa.text('subgroup_id IS NULL'))

    op.create_table('subgroup_commitments',
    sa.Column('subgroup_id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitments.id'], name=op.f('fk_subgroup_commitments_commitment_id_commitments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['subgroup_id'], ['subgroups.id'], name=op.f('fk_subgroup_commitments_subgroup_id_subgroups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('subgroup_id', 'commitment_id', name=op.f('pk_subgroup_commitments'))
    )
    op.create_table('subgroup_members',
    sa.Column('subgroup_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['subgroup_id'], ['subgroups.id'], name=op.f('fk_subgroup_members_subgroup_id_subgroups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_subgroup_members_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('subgroup_id', 'user_id', name=op.f('pk_subgroup_members'))
    )
    op.create_table('agenda_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('discussion', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_agenda_items_meeting_id_meetings'), ondelete='CASCADE'),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_items'))
    )
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_items_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('attendees',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('organisation', sa.String(length=300), nullable=False),
    sa.Column('position', sa.String(length=300), nullable=False),
    sa.Column('org_kind', sa.String(length=20), nullable=False),
    sa.Column('presence', sa.String(length=10), nullable=False),
    sa.CheckConstraint("org_kind IN ('government', 'civil_society', 'donor', 'other')", name=op.f('ck_attendees_org_kind')),
    sa.CheckConstraint("presence IN ('present', 'absent', 'excused')", name=op.f('ck_attendees_presence')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_attendees_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_attendees_user_id_users'), ondelete='RESTRICT'),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendees'))
    )
    with op.batch_alter_table('attendees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendees_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attendees_user_id'), ['user_id'], unique=False)

    op.create_table('decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_decisions_meeting_id_meetings'), ondelete='CASCADE'),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions')),
    sa.UniqueConstraint('meeting_id', 'number', name='uq_decisions_number')
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decisions_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('action_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('owner_unit_id', sa.Integer(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("state IN ('open', 'done', 'cancelled')", name=op.f('ck_action_items_state')),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitments.id'], name=op.f('fk_action_items_commitment_id_commitments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decision_id'], ['decisions.id'], name=op.f('fk_action_items_decision_id_decisions'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_action_items_owner_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['owner_unit_id'], ['units.id'], name=op.f('fk_action_items_owner_unit_id_units'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_items'))
    )
    with op.batch_alter_table('action_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_items_commitment_id'), ['commitment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_items_deadline'), ['deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_items_decision_id'), ['decision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_items_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_items_owner_unit_id'), ['owner_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_items_state'), ['state'], unique=False)

    with op.batch_alter_table('commitments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_unit_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_commitments_owner_unit_id'), ['owner_unit_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_commitments_owner_unit_id_units'), 'units', ['owner_unit_id'], ['id'], ondelete='RESTRICT')

    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_unit_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_milestones_owner_unit_id'), ['owner_unit_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_milestones_owner_unit_id_units'), 'units', ['owner_unit_id'], ['id'], ondelete='RESTRICT')

    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=20), nullable=False, server_default='department'))
        batch_op.add_column(sa.Column('hotline', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('functions', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
        batch_op.create_index(batch_op.f('ix_units_parent_id'), ['parent_id'], unique=False)
        batch_op.create_check_constraint(
            op.f('ck_units_kind'),
            "kind IN ('municipality', 'service', 'department', 'division', 'agency', 'other')",
        )
    # The defaults only served the rows that existed; the application always sets them.
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.alter_column('kind', server_default=None)
        batch_op.alter_column('functions', server_default=None)
        batch_op.alter_column('version', server_default=None)

    _create_search_tables()


# Full-text search (tracker/search/index.py): documents are stored as Georgian search stems.
SEARCH_TABLES = ("meeting_search", "unit_search")


def _create_search_tables():
    if op.get_bind().dialect.name == "sqlite":
        for name in SEARCH_TABLES:
            op.execute(f"CREATE VIRTUAL TABLE {name}_fts USING fts5(stems, tokenize = 'unicode61')")
    else:
        for name in SEARCH_TABLES:
            op.execute(
                f"CREATE TABLE {name} (object_id integer PRIMARY KEY, document tsvector NOT NULL)"
            )
            op.execute(f"CREATE INDEX ix_{name}_document ON {name} USING gin (document)")


def _drop_search_tables():
    suffix = "_fts" if op.get_bind().dialect.name == "sqlite" else ""
    for name in SEARCH_TABLES:
        op.execute(f"DROP TABLE IF EXISTS {name}{suffix}")



def downgrade():
    _drop_search_tables()
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_units_kind'), type_='check')
        batch_op.drop_index(batch_op.f('ix_units_parent_id'))
        batch_op.drop_column('version')
        batch_op.drop_column('functions')
        batch_op.drop_column('hotline')
        batch_op.drop_column('kind')

    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_milestones_owner_unit_id_units'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_milestones_owner_unit_id'))
        batch_op.drop_column('owner_unit_id')

    with op.batch_alter_table('commitments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_commitments_owner_unit_id_units'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_commitments_owner_unit_id'))
        batch_op.drop_column('owner_unit_id')

    with op.batch_alter_table('action_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_items_state'))
        batch_op.drop_index(batch_op.f('ix_action_items_owner_unit_id'))
        batch_op.drop_index(batch_op.f('ix_action_items_owner_id'))
        batch_op.drop_index(batch_op.f('ix_action_items_decision_id'))
        batch_op.drop_index(batch_op.f('ix_action_items_deadline'))
        batch_op.drop_index(batch_op.f('ix_action_items_commitment_id'))

    op.drop_table('action_items')
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decisions_meeting_id'))

    op.drop_table('decisions')
    with op.batch_alter_table('attendees', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendees_user_id'))
        batch_op.drop_index(batch_op.f('ix_attendees_meeting_id'))

    op.drop_table('attendees')
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_items_meeting_id'))

    op.drop_table('agenda_items')
    op.drop_table('subgroup_members')
    op.drop_table('subgroup_commitments')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index('uq_meetings_group_number', sqlite_where=sa.text('subgroup_id IS NULL'), postgresql_where=sa.text('subgroup_id IS NULL'))
        batch_op.drop_index(batch_op.f('ix_meetings_subgroup_id'))
        batch_op.drop_index(batch_op.f('ix_meetings_state'))
        batch_op.drop_index(batch_op.f('ix_meetings_date'))

    op.drop_table('meetings')
    with op.batch_alter_table('subgroups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subgroups_unit_id'))
        batch_op.drop_index(batch_op.f('ix_subgroups_state'))
        batch_op.drop_index(batch_op.f('ix_subgroups_lead_id'))
        batch_op.drop_index(batch_op.f('ix_subgroups_deliverable_deadline'))

    op.drop_table('subgroups')
    with op.batch_alter_table('staff_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_members_unit_id'))

    op.drop_table('staff_members')
