"""Alembic environment: runs migrations on a plain synchronous engine (sqlite3, or psycopg
for PostgreSQL). The app itself reaches the database only through `meeting_room.store.db`."""

from alembic import context
from sqlalchemy import create_engine, pool
from sqlmodel import SQLModel

from meeting_room.store import child_tables, invite_tables, models, record_tables, staff_models  # noqa: F401  (registers the tables)

target_metadata = SQLModel.metadata

url = context.config.attributes.get("database_url") or context.config.get_main_option("sqlalchemy.url")
engine = create_engine(url, poolclass=pool.NullPool)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
