"""Alembic environment: runs on the connection handed over by `voice.schema`, or on the
database the app is configured for when called as `alembic ...` from the project root."""

from alembic import context
from sqlalchemy import Connection

from voice.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from voice import create_app
    from voice.db import make_engine

    engine = make_engine(create_app().config["DATABASE_URL"])
    with engine.begin() as conn:
        _run(conn)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite can only ALTER through table copies
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
