"""Settings for the gunicorn the bench starts: the bench's own, DEBUG off.

Loaded with ``DJANGO_DEBUG=1`` in the environment (no secret key, no HTTPS
redirect, as ``bench/run.py`` does) and then switched to production behaviour,
as the bench's in-process runs are.
"""

from logistics.settings import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
