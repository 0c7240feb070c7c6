"""Cases, the figures they report, and how a figure is measured.

A case is a function decorated with ``@case``. It receives a ``Bench`` (a test
client signed in as a demo user, the scale, the user's school) and yields
``Figure``s, usually through ``bench.page(label, url)``. The runner calls every
case once per scale; the report puts each figure beside the baselines.

Timing is the median of several warm runs of ``time.perf_counter()`` around
``client.get`` (and reading a streamed body to its end). The query count comes
from one extra run under ``CaptureQueriesContext`` and peak memory from one more
under ``tracemalloc``, so that neither instrument slows the timed runs.
"""

import gc
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext

import xlsxwriter

# How a figure should behave when the data grows a hundredfold.
FLAT = "flat"  # a page of a list, a detail page: time and queries stay put
ROWS = "rows"  # an export, a full-text scan: time grows with the rows, queries do not

MIN_RUNS = 3
MAX_RUNS = 51


@dataclass(frozen=True)
class Case:
    name: str
    func: Callable
    user: str | None
    app: str | None
    module: str


CASES: list[Case] = []


def case(name, *, user="staff", app=None):
    """Register a bench case: ``func(bench)`` yields or returns ``Figure``s.

    ``user`` is the demo account the client is signed in as (``None``: anonymous);
    ``app`` names the Django app the case needs, so removing the app from
    ``INSTALLED_APPS`` skips the case instead of breaking the run.
    """

    def register(func):
        if any(existing.name == name for existing in CASES):
            raise ValueError(f"bench case {name!r} is registered twice")
        CASES.append(Case(name, func, user, app, func.__module__))
        return func

    return register


@dataclass
class Figure:
    """One measured thing at one scale."""

    label: str
    ms: float  # median of the timed runs
    low_ms: float
    high_ms: float
    runs: int
    expect: str = FLAT
    queries: int | None = None
    sql_ms: float | None = None  # time in the database during the counting run
    against_sql: bool = False  # a list page: its time is compared with its SQL's
    rps: float | None = None  # requests per second under gunicorn
    baseline_rps: float | None = None
    bare_rps: float | None = None  # a signed-in page with the layout alone, same run
    bare: bool = False  # this figure is that page's
    goal: bool = True  # held to the throughput goal (not a page built afresh)
    size: int | None = None  # bytes of the response body
    peak_bytes: int | None = None  # tracemalloc peak during one run
    status: int | None = None
    baseline: str | None = None  # label of another figure this one is compared with
    baseline_ms: float | None = None
    baseline_peak_bytes: int | None = None
    case: str = ""
    scale: int = 0

    @classmethod
    def of(cls, label, samples, **fields):
        return cls(
            label,
            ms=statistics.median(samples),
            low_ms=min(samples),
            high_ms=max(samples),
            runs=len(samples),
            **fields,
        )


class BenchError(Exception):
    """A case could not measure what it meant to (wrong status, missing data)."""


class Bench:
    """What a case works with: a signed-in client, the scale and how to measure."""

    def __init__(self, *, client, user, school, scale, budget):
        self.client = client
        self.user = user
        self.school = school
        self.scale = scale
        self.budget = budget  # seconds of timed runs per figure, roughly

    def page(
        self,
        label,
        url,
        *,
        status=200,
        expect=FLAT,
        baseline=None,
        memory=False,
        against_sql=False,
    ):
        """GET ``url`` as the case's user: median time, queries, body size.

        ``against_sql``: a list page, whose time the report sets against the time
        its queries took (goal: at most 1.5 × (SQL + 30 ms)).
        """
        measured = {}

        def get():
            # The client closes the response itself (a streamed one once read to
            # the end); closing it again would also close the database connection
            # and add a reconnect to every figure.
            response = self.client.get(url)
            if response.streaming:
                size = sum(len(chunk) for chunk in response.streaming_content)
            else:
                size = len(response.content)
            measured["status"], measured["size"] = response.status_code, size

        start = time.perf_counter()
        get()  # first run: warms caches, checks the answer, sizes the timed runs
        first = time.perf_counter() - start
        if measured["status"] != status:
            raise BenchError(
                f"GET {url} answered {measured['status']}, expected {status}"
            )
        sql_seconds = []

        def timed_sql(execute, sql, params, many, context):
            begun = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                sql_seconds.append(time.perf_counter() - begun)

        start = time.perf_counter()
        with (
            CaptureQueriesContext(connection) as queries,
            connection.execute_wrapper(timed_sql),
        ):
            get()
        counted = time.perf_counter() - start
        # Read the count now: the captured list is a view of connection.queries,
        # which the next request empties.
        count = len(queries)
        figure = self.timed(
            label,
            get,
            expect=expect,
            baseline=baseline,
            memory=memory,
            estimate=first,
            # A run longer than the whole budget is its work, not cache warming or
            # query counting: keep both runs as samples instead of adding more.
            samples=[first, counted] if first > self.budget else (),
        )
        figure.queries = count
        figure.sql_ms = sum(sql_seconds) * 1000
        figure.against_sql = against_sql
        figure.size = measured["size"]
        figure.status = measured["status"]
        return figure

    def timed(
        self,
        label,
        func,
        *,
        expect=FLAT,
        baseline=None,
        memory=False,
        estimate=None,
        samples=(),
    ):
        """Time any callable the same way; ``baseline`` is a Figure to compare with."""
        figure = Figure.of(
            label,
            sample_ms(func, budget=self.budget, estimate=estimate, samples=samples),
        )
        figure.expect = expect
        if memory:
            figure.peak_bytes = peak_bytes(func)
        if baseline is not None:
            figure.baseline = baseline.label
            figure.baseline_ms = baseline.ms
            figure.baseline_peak_bytes = baseline.peak_bytes
        return figure

    def throughput(self, label, path, *, window, bare=None, environ=None):
        """Requests per second for ``path`` (as the case's user) through gunicorn
        with 3 workers on 127.0.0.1, and for the anonymous ``/healthz`` in the same
        run: two windows of ``window`` seconds each, alternating.

        ``bare``: (label, path) of a signed-in page with next to nothing on it
        (the layout alone), timed in the same windows: what any signed-in page
        costs, so that the page's figure can be read against it too. Returns the
        page's figure, then the bare page's. ``environ``: for the server."""
        from django.conf import settings

        from bench import throughput

        name = settings.SESSION_COOKIE_NAME
        cookie = f"{name}={self.client.cookies[name].value}" if self.user else None
        database = throughput.database_url(connection.settings_dict)
        pages = [(label, path)] + ([bare] if bare else [])
        with throughput.serve(database=database, environ=environ) as port:
            for _ in range(6):  # every worker answers once before the clock runs
                for _label, url in pages:
                    throughput.get(port, url, cookie)
                throughput.get(port, "/healthz")
            health, counted = [], {url: [] for _label, url in pages}
            for _ in range(2):
                health.append(
                    throughput.requests_per_second(port, "/healthz", seconds=window)
                )
                for _label, url in pages:
                    counted[url].append(
                        throughput.requests_per_second(
                            port, url, seconds=window, cookie=cookie
                        )
                    )
        baseline_rps = statistics.mean(health)
        figures = []
        for page_label, url in pages:
            rps = statistics.mean(counted[url])
            figure = Figure(
                page_label,
                ms=1000 / rps,
                low_ms=1000 / max(counted[url]),
                high_ms=1000 / min(counted[url]),
                runs=len(counted[url]),
                rps=rps,
                baseline_rps=baseline_rps,
            )
            figure.baseline = "GET /healthz under gunicorn"
            figure.baseline_ms = 1000 / baseline_rps
            figures.append(figure)
        if bare:
            figures[0].bare_rps = figures[1].rps
            figures[1].bare = True
        return figures

    def export_against_plain(self, url, rows):
        """An export's two figures: the same rows written by raw XlsxWriter in
        ``constant_memory`` mode (the least an export can do), then ``GET url``
        with that as its baseline. ``rows()`` gives the rows, as ``values_list``.

        A file far smaller than the bare rows means rows are missing, and a fast
        empty export would read as a good figure: that is a ``BenchError``.
        """
        written = []
        plain = self.timed(
            "raw XlsxWriter, same rows",
            lambda: written.append(plain_xlsx_size(rows())),
            expect=ROWS,
            memory=True,
        )
        export = self.page(f"GET {url}", url, expect=ROWS, baseline=plain, memory=True)
        if export.size < written[-1] / 2:
            raise BenchError(
                f"the export has {export.size:,} bytes, the same rows written "
                f"plainly {written[-1]:,}: rows are missing"
            )
        return [plain, export]


def plain_xlsx_size(rows):
    """Write ``rows`` with raw XlsxWriter (``constant_memory``, ``write_row``, no
    formats, time zones dropped) into a temporary file; its size."""
    with tempfile.TemporaryFile() as spool:
        workbook = xlsxwriter.Workbook(
            spool,
            {
                "constant_memory": True,
                "remove_timezone": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
            },
        )
        write_row = workbook.add_worksheet().write_row
        for index, row in enumerate(rows):
            write_row(index, 0, row)
        workbook.close()
        return spool.tell()


def sample_ms(func, *, budget, estimate=None, samples=()):
    """Times of warm runs of ``func`` in ms, as many as fit in ``budget`` seconds.

    Without an ``estimate`` (seconds of one run) one or two warm-up runs come
    first; a warm-up longer than the budget counts as a sample. ``samples`` are
    runs already timed, in seconds. At least MIN_RUNS, at most MAX_RUNS in all.
    """
    gc.collect()
    samples = list(samples)
    if estimate is None:
        start = time.perf_counter()
        func()
        estimate = time.perf_counter() - start
        if estimate > budget:
            samples.append(estimate)
        elif estimate < budget / 10:
            func()
    runs = max(MIN_RUNS, min(MAX_RUNS, int(budget / max(estimate, 1e-6))))
    for _ in range(runs - len(samples)):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return [seconds * 1000 for seconds in samples]


def peak_bytes(func):
    """Peak of Python allocations (tracemalloc) while ``func`` runs once."""
    gc.collect()
    tracemalloc.start()
    try:
        func()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


def figures_of(result) -> Iterable[Figure]:
    """A case may return a list, yield, or return a single Figure."""
    if result is None:
        return []
    if isinstance(result, Figure):
        return [result]
    return result
