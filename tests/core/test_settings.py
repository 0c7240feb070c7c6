import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    # Not the test run's own switches: the browser tests allow async-unsafe ORM
    # calls while Chromium runs, which the deploy check rightly refuses.
    leave_out = {"DJANGO_DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in leave_out}
    clean.update(DJANGO_SETTINGS_MODULE="logistics.settings", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )


PRODUCTION = {
    "SECRET_KEY": "x9!k2#production-like-secret-key-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "logistics.school.example",
    "DATABASE_URL": "sqlite:////tmp/deploy-check.sqlite3",
}


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_development_starts_without_a_secret_key():
    result = _manage("check", DJANGO_DEBUG="1", DATABASE_URL=PRODUCTION["DATABASE_URL"])
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_sqlite_is_set_up_for_concurrent_use():
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite pragmas only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_wal_mode_on_a_file_database(tmp_path):
    db = tmp_path / "wal.sqlite3"
    code = (
        "import django;django.setup();from django.db import connection;"
        "c=connection.cursor();c.execute('PRAGMA journal_mode');print(c.fetchone()[0])"
    )
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(
        DJANGO_SETTINGS_MODULE="logistics.settings",
        DJANGO_DEBUG="1",
        DATABASE_URL=f"sqlite:///{db}",
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == "wal", result.stderr


def test_app_settings_come_from_json_in_the_environment():
    code = (
        "import django;django.setup();from django.conf import settings;"
        "print(settings.REPAIRS['AUTO_CONFIRM_DAYS'], repr(settings.ASSETS['CAPITALISATION_THRESHOLD']))"
    )
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(
        DJANGO_SETTINGS_MODULE="logistics.settings",
        DJANGO_DEBUG="1",
        REPAIRS_SETTINGS='{"AUTO_CONFIRM_DAYS": 5}',
        ASSETS_SETTINGS='{"CAPITALISATION_THRESHOLD": 1500.00}',
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == "5 Decimal('1500.00')", result.stderr


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    """A choice label or a field changed without its migration fails here, not in
    production (``makemigrations --check`` exits with status 1)."""
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit:
        pytest.fail("models changed without a migration:\n" + out.getvalue())
