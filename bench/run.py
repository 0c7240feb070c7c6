"""Build a scaled data set in the bench's own database, run every case, print ratios.

    .venv/bin/python bench/run.py            # 1,000, 10,000 then 100,000 extra rows
    .venv/bin/python bench/run.py --quick    # 1,000 then 10,000 extra rows
    .venv/bin/python bench/run.py --scale 10000 --scale 100000 --only supplies.

The database is ``bench/bench.sqlite3``, recreated on every run. With
``BENCH_DATABASE_URL`` (PostgreSQL) the bench creates and drops a throwaway
``test_<name>`` database on that server, as the test runner does. The developer's
``DATABASE_URL`` is never used. Exit status 1 means a case crashed; slow figures
never fail the run.
"""

import argparse
import datetime
import importlib
import io
import os
import platform
import sys
import time
import traceback
import warnings
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS = BENCH_DIR / "last-results.json"
SQLITE_FILE = BENCH_DIR / "bench.sqlite3"

FULL_SCALES = (1_000, 10_000, 100_000)
QUICK_SCALES = (1_000, 10_000)
# Seconds of timed runs per figure, roughly (at least 3 runs, at most 51).
FULL_BUDGET = 2.0
QUICK_BUDGET = 0.5
BASELINE_LABEL = "GET /healthz, anonymous"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="1,000 and 10,000 rows, fewer runs"
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help="run only the cases whose name starts with NAME (repeatable), "
        "e.g. --only core. --only repairs.queue",
    )
    parser.add_argument(
        "--scale",
        action="append",
        type=int,
        metavar="ROWS",
        help="seed and run at these scales only (repeatable, ascending), "
        "e.g. --scale 10000 --scale 100000",
    )
    args = parser.parse_args(argv)
    scales = QUICK_SCALES if args.quick else FULL_SCALES
    if args.scale:
        scales = tuple(sorted(set(args.scale)))
    budget = QUICK_BUDGET if args.quick else FULL_BUDGET

    configure_environment()
    configure_django()
    from bench import report

    started, load_before = time.perf_counter(), os.getloadavg()[0]
    test_db_of = prepare_database()
    errors, results = [], []
    load_cases(errors)
    try:
        for scale in scales:
            results.append(run_scale(scale, budget, errors, only=args.only))
    finally:
        if test_db_of is not None:
            from django.db import connection

            connection.creation.destroy_test_db(test_db_of, verbosity=0)

    meta = describe_run(quick=args.quick, seconds=time.perf_counter() - started)
    meta["load_before"], meta["load_after"] = load_before, os.getloadavg()[0]
    sys.stdout.write(report.render(meta, results, errors))
    report.write_json(RESULTS, meta, results, errors)
    print(
        f"\nWhole run {meta['seconds']:.0f} s. Figures written to {RESULTS.relative_to(ROOT)}."
    )
    return 1 if errors else 0


def configure_environment():
    """Settings for a production-like run against the bench's own database."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "logistics.settings"
    # Debug settings load without a SECRET_KEY and without HTTPS redirects (the
    # test client speaks plain HTTP); DEBUG itself is switched off again after
    # set-up, see configure_django().
    os.environ["DJANGO_DEBUG"] = "1"
    os.environ["DJANGO_HTTPS"] = "0"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    # The bench times the work itself: an export of 100,000 rows is written in
    # the request rather than handed to the background worker (which answers
    # with a redirect at once and would time nothing).
    for name in ("BACKGROUND_EXPORT_ROWS", "BACKGROUND_PDF_ROWS"):
        os.environ.setdefault(name, str(10**9))
    # Never the developer's DATABASE_URL: the bench builds and wipes its own.
    os.environ["DATABASE_URL"] = (
        os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{SQLITE_FILE}"
    )
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def configure_django():
    import django

    # WhiteNoise warns that collectstatic has not run; the bench serves no files.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    # DEBUG off as in production: connection.queries does not grow in memory and
    # templates render without debug bookkeeping. Query counts come from
    # CaptureQueriesContext instead. The test client's host must be allowed.
    override_settings(
        DEBUG=False, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]
    ).enable()


def prepare_database():
    """A fresh, migrated bench database; returns the name to drop at the end, if any."""
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "sqlite":
        path = Path(connection.settings_dict["NAME"]).resolve()
        if path == (ROOT / "db.sqlite3").resolve():
            raise SystemExit("Refusing to use the development database for the bench.")
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        progress(
            f"migrating {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}"
        )
        call_command("migrate", verbosity=0, interactive=False)
        return None
    name = connection.settings_dict["NAME"]
    progress(f"creating test_{name} on {connection.vendor}")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return name


def load_cases(errors):
    """Import every module of bench/cases, the core's first.

    A module that cannot be imported is reported and skipped; the others still run.
    """
    modules = sorted(
        path.stem
        for path in (BENCH_DIR / "cases").glob("*.py")
        if not path.stem.startswith("_")
    )
    modules.sort(key=lambda stem: stem != "core")
    for stem in modules:
        try:
            importlib.import_module(f"bench.cases.{stem}")
        except Exception as error:
            text = traceback.format_exc()
            progress(text)
            errors.append(
                {
                    "case": f"bench/cases/{stem}.py",
                    "scale": None,
                    "summary": f"{type(error).__name__}: {error}",
                    "traceback": text,
                }
            )


def run_scale(scale, budget, errors, *, only=None):
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from bench.harness import CASES, Bench, Figure, figures_of, sample_ms
    from logistics.models import Location, Notification, School

    progress(f"seeding --scale {scale:,}")
    start = time.perf_counter()
    call_command("seed_demo", scale=scale, stdout=io.StringIO())
    if connection.vendor == "postgresql":
        # What autovacuum does after a bulk load, done before the clock runs:
        # fresh statistics (without them the planner guesses and the figures
        # measure the guess) and the visibility map (without it an index-only
        # count reads the table, and autovacuum's own pass, started by the
        # inserts, would run beside the first cases).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    seed_seconds = time.perf_counter() - start

    school = School.objects.order_by("pk").first()
    # The baseline is sampled before every case and after the last, and its
    # median taken over all samples, so a busy moment on the machine weighs on
    # the baseline as much as on the cases.
    anonymous = Bench(
        client=Client(), user=None, school=school, scale=scale, budget=budget
    )
    first = anonymous.page(BASELINE_LABEL, "/healthz")
    samples = []

    def sample_baseline():
        samples.extend(
            sample_ms(lambda: anonymous.client.get("/healthz"), budget=budget / 4)
        )

    figures, case_seconds = [], {}
    for bench_case in CASES:
        if only and not bench_case.name.startswith(tuple(only)):
            continue
        if bench_case.app and not apps.is_installed(bench_case.app):
            progress(f"  {bench_case.name}: skipped, {bench_case.app} is not installed")
            continue
        sample_baseline()
        case_started = time.perf_counter()
        try:
            client, user, case_school = Client(), None, school
            if bench_case.user:
                user = get_user_model().objects.get(username=bench_case.user)
                client.force_login(user)
                case_school = user.profile.school
            bench = Bench(
                client=client, user=user, school=case_school, scale=scale, budget=budget
            )
            for figure in figures_of(bench_case.func(bench)):
                figure.case, figure.scale = bench_case.name, scale
                figures.append(figure)
        except Exception as error:
            text = traceback.format_exc()
            progress(text)
            errors.append(
                {
                    "case": bench_case.name,
                    "scale": scale,
                    "summary": f"{type(error).__name__}: {error}",
                    "traceback": text,
                }
            )
        case_seconds[bench_case.name] = time.perf_counter() - case_started
        progress(f"  {bench_case.name}: {case_seconds[bench_case.name]:.1f} s")
    sample_baseline()
    baseline = Figure.of(
        BASELINE_LABEL,
        samples,
        queries=first.queries,
        size=first.size,
        status=first.status,
    )
    baseline.case, baseline.scale = "baseline", scale
    return {
        "scale": scale,
        "locations": Location.objects.count(),
        "notifications": Notification.objects.filter(
            recipient__username="staff"
        ).count(),
        "seed_seconds": seed_seconds,
        "case_seconds": case_seconds,
        "baseline": baseline,
        "figures": figures,
    }


def describe_run(*, quick, seconds):
    import django
    from django.db import connection

    database = connection.vendor
    if connection.vendor == "sqlite":
        database += f" {connection.Database.sqlite_version}"
    else:
        database += f" {connection.settings_dict['NAME']}"
    return {
        "when": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "quick": quick,
        "seconds": seconds,
        "database": database,
        "python": platform.python_version(),
        "django": django.get_version(),
        "cpus": os.cpu_count(),
        "machine": platform.machine(),
    }


def progress(message):
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
