import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

# this is the Alembic Config object, which provides
# access to the values within the .ini file in use.
config = context.config

# Interpret the config file for Python logging.
# This line sets up loggers basically.
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger('alembic.env')


def get_engine():
    return current_app.extensions['migrate'].db.engine


def get_engine_url():
    return get_engine().url.render_as_string(hide_password=False).replace('%', '%%')


# add your model's MetaData object here
# for 'autogenerate' support
# from myapp import mymodel
# target_metadata = mymodel.Base.metadata
config.set_main_option('sqlalchemy.url', get_engine_url())
target_db = current_app.extensions['migrate'].db

# other values from the config, defined by the needs of env.py,
# can be acquired:
# my_important_option = config.get_main_option("my_important_option")
# ... etc.


def get_metadata():
    if hasattr(target_db, 'metadatas'):
        return target_db.metadatas[None]
    return target_db.metadata


def render_item(type_, obj, autogen_context):
    """Render the app's UTC type as a plain DateTime: migrations must not import the app."""
    from tracker.database import UTCDateTime

    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def include_name(name, type_, parent_names):
    from tracker.search.index import is_search_table

    return not (type_ == "table" and is_search_table(name))


def run_migrations_offline():
    """Run migrations in 'offline' mode.

    This configures the context with just a URL
    and not an Engine, though an Engine is acceptable
    here as well.  By skipping the Engine creation
    we don't even need a DBAPI to be available.

    Calls to context.execute() here emit the given string to the
    script output.

    """
    url = config.get_main_option("sqlalchemy.url")
    context.configure(
        url=url, target_metadata=get_metadata(), literal_binds=True
    )

    with context.begin_transaction():
        context.run_migrations()


def upgraded_to_heads():
    """Whether this run was an upgrade that left the database at every head of the scripts.

    Alembic runs this file for every command: ``current``, ``history``, ``check`` and
    ``stamp`` at the newest revision too, and those must not write into the database. What
    tells the commands apart is the step function each hands the run (``fn``): the one of
    ``alembic.command.upgrade`` is named ``upgrade`` (stamp's ``do_stamp``, current's
    ``display_version``…). The steps applied (``on_version_apply``) cannot tell: an upgrade
    with nothing left to run applies none, and it must still rebuild (that is how a raised
    ``SEARCH_VERSION`` without a migration reaches the database), as must not a ``stamp``
    to where the database already is. tests/database/test_migrations.py runs each command
    and fails if a newer Alembic names it otherwise.

    Every head, not "the" head (``get_head_revision`` raises on two branches): the rebuild
    waits until all are applied.
    """
    migration = context.get_context()
    if getattr(migration.opts.get("fn"), "__name__", None) != "upgrade":
        return False
    return set(migration.get_current_heads()) == set(context.script.get_heads())


def rebuild_search(connection):
    """After an upgrade that reached the newest revisions (:func:`upgraded_to_heads`),
    rebuild the search indexes that hold another version of the stems than the code makes
    (``tracker.search.index.rebuild_stale``), in the migration's transaction: after an
    upgrade that changes the stemmer, search finds what it should."""
    if not upgraded_to_heads():
        return
    from sqlalchemy.orm import Session

    from tracker.search.index import rebuild_stale

    with Session(bind=connection) as session:
        rebuilt = rebuild_stale(session)
        session.flush()
    if rebuilt:
        logger.info("Rebuilt the search indexes: %s", ", ".join(rebuilt))


def run_migrations_online():
    """Run migrations in 'online' mode.

    In this scenario we need to create an Engine
    and associate a connection with the context.

    """

    # this callback is used to prevent an auto-migration from being generated
    # when there are no changes to the schema
    # reference: http://alembic.zzzcomputing.com/en/latest/cookbook.html
    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, 'autogenerate', False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info('No changes in schema detected.')

    conf_args = current_app.extensions['migrate'].configure_args
    conf_args.setdefault("render_item", render_item)
    conf_args.setdefault("include_name", include_name)
    if conf_args.get("process_revision_directives") is None:
        conf_args["process_revision_directives"] = process_revision_directives

    connectable = get_engine()

    with connectable.connect() as connection:
        if connection.dialect.name != "sqlite":
            context.configure(connection=connection, target_metadata=get_metadata(), **conf_args)
            with context.begin_transaction():
                context.run_migrations()
                rebuild_search(connection)
            return
        # Batch mode rebuilds a table by copying it and dropping the old one; with foreign
        # keys enforced, dropping a table that others reference fails. Alembic's advice:
        # switch them off around the migration and check them all at the end. A PRAGMA
        # inside a transaction does nothing, so both switches go to the raw connection
        # outside one, and the switch back happens whatever the run did: this pooled
        # connection serves the app afterwards when it runs in the same process.
        raw = connection.connection.dbapi_connection
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            # One transaction for the whole run (Alembic would commit each revision on its
            # own on SQLite): a broken key found by the check undoes everything.
            with connection.begin():
                context.configure(
                    connection=connection, target_metadata=get_metadata(), **conf_args
                )
                with context.begin_transaction():
                    context.run_migrations()
                rebuild_search(connection)
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(
                        "the migration was undone: it would leave broken foreign keys "
                        f"(table, rowid, referenced table, key number): {broken[:5]}"
                    )
        finally:
            raw.execute("PRAGMA foreign_keys=ON")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
