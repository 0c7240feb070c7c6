"""Requests per second through a real gunicorn, against ``/healthz`` in the same run.

``serve()`` starts gunicorn (sync workers) on 127.0.0.1 and a free port, on the
bench's own database; ``requests_per_second()`` keeps a few client threads busy
for a bounded number of seconds and counts the answers. Windows for the page and
for ``/healthz`` alternate, so a busy moment on the machine weighs on both.
"""

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(settings_dict):
    """The URL of the database the bench process uses (its test database)."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    user = settings_dict.get("USER") or ""
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"


@contextlib.contextmanager
def serve(*, database, workers=3, timeout=60, environ=None):
    """A gunicorn on 127.0.0.1 for the duration of the block; yields its port.
    ``environ``: more environment variables for it (settings, e.g.
    ``LIST_CONTENT_CACHE``)."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.gunicorn_settings",
        "DJANGO_DEBUG": "1",
        "DJANGO_HTTPS": "0",
        "DATABASE_URL": database,
        "LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT),
        **(environ or {}),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "logistics.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if get(port, "/healthz") == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    "gunicorn did not start: "
                    + process.stderr.read().decode(errors="replace")[-2000:]
                )
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def get(port, path, cookie=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def requests_per_second(port, path, *, seconds, cookie=None, threads=6):
    """Answers per second with ``threads`` clients for ``seconds``; raises on any
    answer but 200."""
    done, failed = [0] * threads, []
    stop = time.perf_counter() + seconds

    def client(index):
        while time.perf_counter() < stop and not failed:
            status = get(port, path, cookie)
            if status != 200:
                failed.append(status)
            done[index] += 1

    workers = [threading.Thread(target=client, args=(n,)) for n in range(threads)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if failed:
        raise RuntimeError(f"GET {path} answered {failed[0]}")
    return sum(done) / (time.perf_counter() - started)
