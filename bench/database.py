"""The benchmark's database on the portal's PostgreSQL server: created when missing, seeded
once, with the static files collected for the server."""

import subprocess
import sys
from pathlib import Path

import psycopg2
from django.conf import settings
from psycopg2 import sql


def ensure_database():
    config = settings.DATABASES["default"]
    server = psycopg2.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
    )
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
    server.close()


def prepare():
    """The database, its data and the static files, ready for the server."""
    from bench.seed import seed

    ensure_database()
    seed(stdout=lambda text: print(text, flush=True))
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=Path(__file__).resolve().parents[1],
        check=True,
    )
