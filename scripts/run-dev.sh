#!/bin/sh
# The development server with a background worker beside it (large exports,
# label sheets and imports run there) and the notices' clock; stopping the
# server stops both.
set -eu
PY="${PY:-.venv/bin/python}"
ADDRESS="${ADDRESS:-127.0.0.1:8000}"
"$PY" manage.py db_worker --no-reload --verbosity 1 &
WORKER=$!
# The notices' clock: retries, daily digests and reminders (README "How the
# worker sends notices").
"$PY" manage.py notices_tick --every 60 &
CLOCK=$!
trap 'kill "$WORKER" "$CLOCK" 2>/dev/null || true' EXIT INT TERM
"$PY" manage.py runserver "$ADDRESS"
