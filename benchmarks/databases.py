"""Fresh, throw-away databases for one benchmark group: the environment that names them."""

import os
import tempfile
from contextlib import contextmanager

DEFAULT_PG_SERVER = "postgres://{user}@{host}:{port}".format(
    user=os.environ.get("PGUSER", "postgres"),
    host=os.environ.get("PGHOST", "127.0.0.1"),
    port=os.environ.get("PGPORT", "5432"),
)


def pg_available(server: str) -> str:
    """"" when the PostgreSQL server answers, else the reason it does not."""
    import psycopg

    try:
        with psycopg.connect(f"{server}/postgres", connect_timeout=3):
            return ""
    except psycopg.OperationalError as exc:
        return str(exc).strip().splitlines()[0]


def pg_execute(server: str, sql: str):
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=3) as conn:
        conn.execute(sql)


@contextmanager
def fresh_database(engine: str, name: str, pg_server: str = DEFAULT_PG_SERVER):
    """Environment variables (DATABASE_URL, DIHUB_VAR_DIR) of a new empty database."""
    with tempfile.TemporaryDirectory(prefix=f"dihub-bench-{name}-") as var_dir:
        env = {"DIHUB_VAR_DIR": var_dir, "DIHUB_BENCH_DB": engine}
        os.mkdir(os.path.join(var_dir, "static"))  # whitenoise warns when STATIC_ROOT is missing
        if engine == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{var_dir}/bench.sqlite3"
            yield env
            return
        db = f"dihub_bench_{os.getpid()}_{name}"
        pg_execute(pg_server, f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        pg_execute(pg_server, f'CREATE DATABASE "{db}"')
        try:
            env["DATABASE_URL"] = f"{pg_server}/{db}"
            yield env
        finally:
            pg_execute(pg_server, f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
