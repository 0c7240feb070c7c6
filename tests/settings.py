"""Settings for the test suite: the real settings plus a small test-only app."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "insecure-test-only-secret-key-" + "x" * 40)

from logistics.settings import *  # noqa: E402,F403
from logistics.settings import BASE_DIR, INSTALLED_APPS, LOGISTICS, TEMPLATES  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LOGISTICS = {**LOGISTICS, "NOTIFY_BY_EMAIL": True}
AXES_ENABLED = True
TEMPLATES = [
    {**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "tests" / "templates"]}
]
# Background jobs run at once in the test process (tests that need the real
# database queue and worker switch to it themselves).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Files the tests upload or make go to a folder of their own, never the real one.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="logistics-test-media-"))
# Meeting minutes and other private files (logistics/approvals/storage.py) go to
# a temporary folder, never into the project.
PRIVATE_MEDIA_ROOT = Path(tempfile.gettempdir()) / "logistics-tests-private"
