"""Check, create or drop a PostgreSQL database for a test run.

    python scripts/pgdb.py ping|create|drop SERVER_URL [NAME]
"""

import sys

import psycopg


def main(action, url, name=""):
    with psycopg.connect(url, autocommit=True, connect_timeout=3) as conn:
        if action in {"create", "drop"}:
            for db in (name, f"test_{name}"):
                conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        if action == "create":
            conn.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    try:
        main(*sys.argv[1:])
    except psycopg.OperationalError as exc:
        sys.exit(f"PostgreSQL: {exc}".strip())
