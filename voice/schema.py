"""Creating and upgrading the schema with Alembic (used by `init-db` and the tests).

Alembic is imported when it is used: a quarter of a second of every web worker's start for
a command run at deployment."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, delete, insert

from voice.models import Base, CacheVersion, Centre, utcnow
from voice.models.centre import FIRST_NAME, FIRST_SLUG

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.orm import Session

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    """An Alembic configuration that needs no alembic.ini."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema; does nothing when it is already there."""
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def empty(connection: Connection | Session) -> None:
    """Delete every row but the caches' version, then put back the first centre as a new
    installation has it (tests and benchmarks that start from nothing; every call needs a
    default centre)."""
    for table in reversed(Base.metadata.sorted_tables):
        if table.name != CacheVersion.__tablename__:  # every process compares with its row
            connection.execute(delete(table))
    connection.execute(
        insert(Centre),
        [
            {
                "id": 1,
                "slug": FIRST_SLUG,
                "name": FIRST_NAME,
                "is_default": True,
                "created_at": utcnow(),
            }
        ],
    )
