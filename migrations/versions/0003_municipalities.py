"""municipalities: the top of the data; roles per municipality

Every table of a municipality's data gets ``municipality_id``; names, titles, meeting
numbers and import fingerprints become unique per municipality. Existing data moves into a
first municipality named by configuration (``TRACKER_FIRST_MUNICIPALITY`` and
``TRACKER_FIRST_MUNICIPALITY_NAME``); administrators keep an instance role, every other
user gets their old role there. Downgrading keeps the data of one municipality and refuses
when there are several (it would have to mix them).

Revision ID: 0003
Revises: 0002
"""
import os
import re
import unicodedata
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# Tables of a municipality's data. Audit entries may have none (instance-level records).
SCOPED = ('action_plans', 'commitments', 'milestones', 'units', 'staff_members', 'subgroups',
          'meetings', 'attendees', 'agenda_items', 'decisions', 'action_items')
# Uniques that become per municipality: table -> (old name, old columns, new name).
PER_MUNICIPALITY = {
    'action_plans': ('uq_action_plans_title', ['title'], 'uq_action_plans_municipality_title'),
    'units': ('uq_units_name', ['name'], 'uq_units_municipality_name'),
    'subgroups': ('uq_subgroups_name', ['name'], 'uq_subgroups_municipality_name'),
    'meetings': ('uq_meetings_import_fingerprint', ['import_fingerprint'],
                 'uq_meetings_municipality_import_fingerprint'),
    # An account is one staff entry per municipality (a person may work for two cities).
    'staff_members': ('uq_staff_members_user_id', ['user_id'],
                      'uq_staff_members_municipality_user_id'),
}
GROUP_NUMBER_WHERE = sa.text('subgroup_id IS NULL')


# A municipality's address, as tracker.municipalities.operations checks it (a migration does
# not import the application).
SLUG = re.compile(r'[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?')
NAME_LENGTH = 200


def _first_municipality():
    """Slug and name of the municipality existing data moves into, checked as the CLI
    checks them: a slug that cannot be an address would give a municipality no URL reaches,
    and SQLite would store a name of any length. Refused before anything changes."""
    try:
        from flask import current_app
        config = current_app.config
    except RuntimeError:  # pragma: no cover - alembic run without the app
        config = os.environ
    slug = (config.get('TRACKER_FIRST_MUNICIPALITY') or 'city').strip().lower()
    name = unicodedata.normalize(
        'NFC', config.get('TRACKER_FIRST_MUNICIPALITY_NAME') or 'მუნიციპალიტეტი'
    ).strip()
    if not SLUG.fullmatch(slug):
        raise RuntimeError(
            f'TRACKER_FIRST_MUNICIPALITY={slug!r} cannot be a municipality\'s address: use 1-40 '
            'latin lower-case letters, digits and hyphens, not starting or ending with a hyphen'
        )
    if not name or len(name) > NAME_LENGTH:
        raise RuntimeError(
            f'TRACKER_FIRST_MUNICIPALITY_NAME must be 1-{NAME_LENGTH} characters long'
        )
    return slug, name


def _has_data(bind):
    return any(
        bind.execute(sa.text(f'SELECT 1 FROM {table} LIMIT 1')).first() is not None
        for table in ('users', 'audit_entries', *SCOPED)
    )


def upgrade():
    bind = op.get_bind()
    first_municipality = _first_municipality() if _has_data(bind) else None
    op.create_table(
        'municipalities',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=40), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('public', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_municipalities')),
        sa.UniqueConstraint('name', name=op.f('uq_municipalities_name')),
        sa.UniqueConstraint('slug', name=op.f('uq_municipalities_slug')),
    )
    op.create_table(
        'memberships',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('municipality_id', sa.Integer(), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.CheckConstraint("role IN ('chair', 'secretary', 'member', 'observer')",
                           name=op.f('ck_memberships_role')),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'],
                                name=op.f('fk_memberships_municipality_id_municipalities'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_memberships_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_memberships')),
        sa.UniqueConstraint('user_id', 'municipality_id', name='uq_memberships_user_municipality'),
    )
    with op.batch_alter_table('memberships') as batch_op:
        batch_op.create_index(batch_op.f('ix_memberships_municipality_id'), ['municipality_id'])
        batch_op.create_index(batch_op.f('ix_memberships_user_id'), ['user_id'])

    first = None
    if first_municipality is not None:
        slug, name = first_municipality
        bind.execute(
            sa.text("INSERT INTO municipalities (slug, name, public, created_at, version) "
                    "VALUES (:slug, :name, :public, :at, 1)").bindparams(
                # Stored as the application stores a time (SQLite's driver would add an offset).
                sa.bindparam('at', type_=sa.DateTime(timezone=True)),
                sa.bindparam('public', type_=sa.Boolean()),
            ),
            {'slug': slug, 'name': name, 'public': False, 'at': datetime.now(UTC)},
        )
        first = bind.execute(sa.text('SELECT id FROM municipalities')).scalar_one()

    # The audit trail refuses UPDATE: lift that for the one rewrite that assigns its rows.
    _drop_audit_append_only()
    for table in (*SCOPED, 'audit_entries'):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column('municipality_id', sa.Integer(), nullable=True))
        if first is not None:
            bind.execute(sa.text(f'UPDATE {table} SET municipality_id = :m'), {'m': first})
        with op.batch_alter_table(table) as batch_op:
            if table != 'audit_entries':
                batch_op.alter_column('municipality_id', existing_type=sa.Integer(),
                                      nullable=False)
            batch_op.create_index(batch_op.f(f'ix_{table}_municipality_id'), ['municipality_id'])
            batch_op.create_foreign_key(
                batch_op.f(f'fk_{table}_municipality_id_municipalities'), 'municipalities',
                ['municipality_id'], ['id'], ondelete='RESTRICT',
            )
            if table in PER_MUNICIPALITY:
                old_name, columns, new_name = PER_MUNICIPALITY[table]
                batch_op.drop_constraint(batch_op.f(old_name), type_='unique')
                batch_op.create_unique_constraint(new_name, ['municipality_id', *columns])
            if table == 'meetings':
                batch_op.drop_index('uq_meetings_group_number', sqlite_where=GROUP_NUMBER_WHERE,
                                    postgresql_where=GROUP_NUMBER_WHERE)
                batch_op.create_index('uq_meetings_group_number', ['municipality_id', 'number'],
                                      unique=True, sqlite_where=GROUP_NUMBER_WHERE,
                                      postgresql_where=GROUP_NUMBER_WHERE)
    _audit_append_only()

    # Roles: administrators across the instance, everyone else in the first municipality.
    with op.batch_alter_table('users') as batch_op:
        batch_op.add_column(sa.Column('instance_role', sa.String(length=20), nullable=True))
    bind.execute(sa.text("UPDATE users SET instance_role = 'admin' WHERE role = 'admin'"))
    if first is not None:
        bind.execute(
            sa.text("INSERT INTO memberships (user_id, municipality_id, role) "
                    "SELECT id, :m, role FROM users WHERE role <> 'admin' ORDER BY id"),
            {'m': first},
        )
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_constraint(op.f('ck_users_role'), type_='check')
        batch_op.drop_column('role')
        batch_op.create_check_constraint(
            op.f('ck_users_role'), "instance_role IN ('admin', 'coordinator')"
        )


def downgrade():
    bind = op.get_bind()
    slugs = list(bind.execute(sa.text('SELECT slug FROM municipalities ORDER BY id')).scalars())
    if len(slugs) > 1:
        raise RuntimeError(
            f'cannot downgrade: the database holds several municipalities ({", ".join(slugs)}), '
            'and the schema before 0003 holds one: their data, names and numbers would mix. '
            'Nothing was changed.'
        )

    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_constraint(op.f('ck_users_role'), type_='check')
        batch_op.add_column(sa.Column('role', sa.String(length=20), nullable=True))
    # The old single role: the instance role, else the role held in the one municipality;
    # a coordinator (a role the old schema lacks) reads as an observer.
    bind.execute(sa.text(
        "UPDATE users SET role = COALESCE("
        "(SELECT m.role FROM memberships m WHERE m.user_id = users.id), "
        "CASE instance_role WHEN 'admin' THEN 'admin' ELSE 'observer' END)"
    ))
    bind.execute(sa.text("UPDATE users SET role = 'admin' WHERE instance_role = 'admin'"))
    with op.batch_alter_table('users') as batch_op:
        batch_op.alter_column('role', existing_type=sa.String(length=20), nullable=False)
        batch_op.drop_column('instance_role')
        batch_op.create_check_constraint(
            op.f('ck_users_role'),
            "role IN ('admin', 'chair', 'secretary', 'member', 'observer')",
        )

    _drop_audit_append_only()
    for table in ('audit_entries', *reversed(SCOPED)):
        with op.batch_alter_table(table) as batch_op:
            if table == 'meetings':
                batch_op.drop_index('uq_meetings_group_number', sqlite_where=GROUP_NUMBER_WHERE,
                                    postgresql_where=GROUP_NUMBER_WHERE)
                batch_op.create_index('uq_meetings_group_number', ['number'], unique=True,
                                      sqlite_where=GROUP_NUMBER_WHERE,
                                      postgresql_where=GROUP_NUMBER_WHERE)
            if table in PER_MUNICIPALITY:
                old_name, columns, new_name = PER_MUNICIPALITY[table]
                batch_op.drop_constraint(new_name, type_='unique')
                batch_op.create_unique_constraint(batch_op.f(old_name), columns)
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_municipality_id_municipalities'),
                                     type_='foreignkey')
            batch_op.drop_index(batch_op.f(f'ix_{table}_municipality_id'))
            batch_op.drop_column('municipality_id')
    _audit_append_only()

    with op.batch_alter_table('memberships') as batch_op:
        batch_op.drop_index(batch_op.f('ix_memberships_user_id'))
        batch_op.drop_index(batch_op.f('ix_memberships_municipality_id'))
    op.drop_table('memberships')
    op.drop_table('municipalities')


# The audit trail's append-only triggers, as 0001 made them.
def _audit_append_only():
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_entries_no_{verb.lower()} BEFORE {verb} ON audit_entries "
                "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END"
            )
    else:
        op.execute(
            "CREATE FUNCTION audit_entries_append_only() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION 'audit entries are append-only'; END; $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries "
            "FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()"
        )


def _drop_audit_append_only():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_entries_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_entries_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries")
        op.execute("DROP TRIGGER IF EXISTS audit_entries_no_truncate ON audit_entries")
        op.execute("DROP FUNCTION IF EXISTS audit_entries_append_only()")
