#!/bin/sh
# The development server with a background worker beside it (large exports,
# label sheets and imports run there); stopping the server stops the worker.
set -eu
PY="${PY:-.venv/bin/python}"
ADDRESS="${ADDRESS:-127.0.0.1:8000}"
"$PY" manage.py db_worker --no-reload --verbosity 1 &
WORKER=$!
trap 'kill "$WORKER" 2>/dev/null || true' EXIT INT TERM
"$PY" manage.py runserver "$ADDRESS"
