import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection

PROJECT_DIR = Path(__file__).resolve().parents[2]


def environment(**env):
    """This process's environment with ``env`` as the only DJANGO_* variables."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    clean.pop("DATABASE_URL", None)
    clean.update(env)
    return clean


def load_settings(show="s.DEBUG", **env):
    """Import the production settings in a fresh interpreter with ``env`` as the only
    DJANGO_* variables and print ``show``."""
    return subprocess.run(
        [sys.executable, "-c", f"import imago_site.settings as s; print({show})"],
        cwd=PROJECT_DIR,
        env=environment(**env),
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_suite_runs_on_postgresql(db):
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        assert cursor.fetchone()[0].startswith("PostgreSQL")


def test_connections_are_persistent_and_health_checked():
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings()

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_a_short_or_default_secret_key():
    for weak in ["secret", "django-insecure-" + "x" * 60, "a" * 80]:
        result = load_settings(DJANGO_SECRET_KEY=weak)
        assert result.returncode != 0, weak
        assert "DJANGO_SECRET_KEY" in result.stderr


def test_debug_is_off_unless_asked_for():
    result = load_settings(DJANGO_SECRET_KEY="k3y-" + "AbCdEfGh0123456789" * 4)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_debug_on_runs_without_a_secret_key():
    result = load_settings(DJANGO_DEBUG="1")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_a_database_url_other_than_postgresql_is_refused():
    result = load_settings(DJANGO_DEBUG="1", DATABASE_URL="sqlite:///portal.db")

    assert result.returncode != 0
    assert "PostgreSQL only" in result.stderr


def test_database_url_is_used_when_set():
    result = load_settings(
        show="s.DATABASES['default']['HOST'], s.DATABASES['default']['NAME']",
        DJANGO_DEBUG="1",
        DATABASE_URL="postgres://portal:pw@db.internal:5433/imago_prod",
    )

    assert result.stdout.split() == ["db.internal", "imago_prod"]


DOCUMENTS_STORAGE = (
    "import django; django.setup(); "
    "from django.core.files.storage import storages; d = storages['documents']; "
)


def load_documents_storage(show, **env):
    return subprocess.run(
        [sys.executable, "-c", DOCUMENTS_STORAGE + f"print({show})"],
        cwd=PROJECT_DIR,
        env={
            **environment(DJANGO_DEBUG="1", **env),
            "DJANGO_SETTINGS_MODULE": "imago_site.settings",
        },
        capture_output=True,
        text=True,
        check=False,
    )


def test_documents_are_kept_in_a_private_folder_by_default(tmp_path):
    result = load_documents_storage(
        "type(d).__name__, d.location, oct(d.file_permissions_mode)",
        DJANGO_DOCUMENTS_ROOT=str(tmp_path / "private"),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["FileSystemStorage", str(tmp_path / "private"), "0o600"]


def test_documents_go_to_an_object_store_when_a_bucket_is_named():
    result = load_documents_storage(
        "type(d).__name__, d.bucket_name, d.endpoint_url, d.region_name, d.access_key, "
        "d.file_overwrite",
        DOCUMENTS_S3_BUCKET="imago-documents",
        DOCUMENTS_S3_ENDPOINT_URL="https://objects.example.net",
        DOCUMENTS_S3_REGION="eu-central-1",
        DOCUMENTS_S3_ACCESS_KEY_ID="portal",
        DOCUMENTS_S3_SECRET_ACCESS_KEY="not-a-real-secret",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "S3Storage",
        "imago-documents",
        "https://objects.example.net",
        "eu-central-1",
        "portal",
        "False",
    ]
