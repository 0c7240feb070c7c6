"""The bench's output: readable tables on stdout and a JSON file of every figure."""

import json
from dataclasses import asdict

from bench.harness import FLAT

# A flat figure whose time grows this much with a hundredfold data is pointed at.
GROWTH_WORTH_A_LOOK = 2.0


def fmt_ms(ms):
    if ms is None:
        return "-"
    if ms < 10:
        return f"{ms:.2f}"
    if ms < 1000:
        return f"{ms:.1f}"
    return f"{ms:,.0f}"


def fmt_bytes(size):
    if size is None:
        return "-"
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KiB"
    return f"{size / 1024 / 1024:.1f} MiB"


def fmt_ratio(top, bottom):
    if top is None or not bottom:
        return "-"
    ratio = top / bottom
    return f"{ratio:.1f}×" if ratio >= 10 else f"{ratio:.2f}×"


def table(headers, rows, *, right=()):
    """Rows of strings as aligned columns; ``right`` holds right-aligned indexes."""
    widths = [
        max(len(str(cell)) for cell in column)
        for column in zip(headers, *rows, strict=False)
    ]

    def line(cells):
        return "  ".join(
            str(cell).rjust(width) if index in right else str(cell).ljust(width)
            for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join(
        [line(headers), line("-" * width for width in widths)]
        + [line(row) for row in rows]
    )


def scale_section(scale):
    baseline = scale["baseline"]
    lines = [
        f"== {scale['scale']:,} extra rows: {scale['locations']:,} locations, "
        f"{scale['notifications']:,} notifications for staff "
        f"(seeded in {scale['seed_seconds']:.1f} s)",
        f"baseline: {baseline.label}: {fmt_ms(baseline.ms)} ms "
        f"(median of {baseline.runs} runs spread over the cases, "
        f"queries: {baseline.queries})",
        "",
    ]
    rows = []
    for figure in scale["figures"]:
        own = "-"
        if figure.baseline_ms:
            own = f"{fmt_ratio(figure.ms, figure.baseline_ms)} {figure.baseline}"
        rows.append(
            [
                figure.case,
                figure.label,
                fmt_ms(figure.ms),
                f"{fmt_ms(figure.low_ms)}–{fmt_ms(figure.high_ms)}",
                figure.runs,
                fmt_ratio(figure.ms, baseline.ms),
                "-" if figure.queries is None else figure.queries,
                fmt_ms(figure.sql_ms),
                fmt_bytes(figure.size),
                fmt_bytes(figure.peak_bytes),
                own,
            ]
        )
    headers = [
        "case", "figure", "median ms", "low–high", "runs", "× healthz",
        "queries", "SQL ms", "size", "peak mem", "× own baseline",
    ]  # fmt: skip
    lines.append(table(headers, rows, right={2, 3, 4, 5, 6, 7, 8, 9}))
    return "\n".join(lines)


def comparison_section(small, large):
    lines = [f"== {large['scale']:,} compared with {small['scale']:,} extra rows", ""]
    before = {(f.case, f.label): f for f in [small["baseline"], *small["figures"]]}
    rows = []
    for figure in [large["baseline"], *large["figures"]]:
        old = before.get((figure.case, figure.label))
        if old is None:
            continue
        same = "-"
        if figure.queries is not None and old.queries is not None:
            same = "same" if figure.queries == old.queries else "DIFFERENT"
        growth = figure.ms / old.ms if old.ms else 0
        note = ""
        if figure.expect == FLAT and (
            same == "DIFFERENT" or growth >= GROWTH_WORTH_A_LOOK
        ):
            note = "<- grows, expected flat"
        rows.append(
            [
                figure.case,
                figure.label,
                "flat" if figure.expect == FLAT else "grows with rows",
                fmt_ms(old.ms),
                fmt_ms(figure.ms),
                fmt_ratio(figure.ms, old.ms),
                "-" if old.queries is None else old.queries,
                "-" if figure.queries is None else figure.queries,
                same,
                fmt_bytes(old.peak_bytes),
                fmt_bytes(figure.peak_bytes),
                note,
            ]
        )
    headers = [
        "case", "figure", "expected", f"ms @{small['scale']:,}",
        f"ms @{large['scale']:,}", "× time", f"queries @{small['scale']:,}",
        f"queries @{large['scale']:,}", "same?", f"peak mem @{small['scale']:,}",
        f"peak mem @{large['scale']:,}", "",
    ]  # fmt: skip
    lines.append(table(headers, rows, right={3, 4, 5, 6, 7, 9, 10}))
    return "\n".join(lines)


def own_baseline_section(scales):
    figures = [f for scale in scales for f in scale["figures"] if f.baseline_ms]
    # The same figure at each scale, one under the other, in the order of the run.
    order = {}
    for figure in figures:
        order.setdefault((figure.case, figure.label), len(order))
    rows = [
        [
            f"{figure.case}: {figure.label}",
            f"{figure.scale:,}",
            fmt_ms(figure.ms),
            f"{fmt_ms(figure.baseline_ms)} ({figure.baseline})",
            fmt_ratio(figure.ms, figure.baseline_ms),
            fmt_bytes(figure.peak_bytes),
            fmt_bytes(figure.baseline_peak_bytes),
            fmt_ratio(figure.peak_bytes, figure.baseline_peak_bytes),
        ]
        for figure in sorted(figures, key=lambda f: (order[f.case, f.label], f.scale))
    ]
    if not rows:
        return ""
    headers = [
        "figure", "scale", "ms", "baseline ms", "× time", "peak mem",
        "baseline peak", "× memory",
    ]  # fmt: skip
    return "== Against their own baselines\n\n" + table(
        headers, rows, right={1, 2, 4, 5, 6, 7}
    )


# A list page's server time should stay within this many times its SQL + 30 ms.
SQL_GOAL, SQL_ALLOWANCE_MS = 1.5, 30.0
# Requests per second of a list page under gunicorn, against /healthz: the goal.
THROUGHPUT_GOAL = 0.10


def against_sql_section(scales):
    figures = [f for s in scales for f in s["figures"] if f.against_sql and f.sql_ms]
    if not figures:
        return ""
    rows = [
        [
            f"{figure.case}: {figure.label}",
            f"{figure.scale:,}",
            fmt_ms(figure.ms),
            fmt_ms(figure.sql_ms),
            figure.queries,
            fmt_ratio(figure.ms, figure.sql_ms + SQL_ALLOWANCE_MS),
            "yes"
            if figure.ms <= SQL_GOAL * (figure.sql_ms + SQL_ALLOWANCE_MS)
            else "NO",
        ]
        for figure in sorted(figures, key=lambda f: (f.case, f.label, f.scale))
    ]
    headers = [
        "list page", "scale", "server ms", "SQL ms", "queries",
        f"× (SQL + {SQL_ALLOWANCE_MS:.0f} ms)", f"within {SQL_GOAL}×?",
    ]  # fmt: skip
    return (
        "== List pages against their SQL (server time ÷ (SQL time + 30 ms); "
        f"goal ≤ {SQL_GOAL}×, at most 10 queries)\n\n"
        + table(headers, rows, right={1, 2, 3, 4, 5})
    )


def throughput_section(scales):
    figures = [f for s in scales for f in s["figures"] if f.rps]
    if not figures:
        return ""
    rows = [
        [
            f"{figure.case}: {figure.label}",
            f"{figure.scale:,}",
            f"{figure.rps:,.1f}",
            f"{figure.baseline_rps:,.0f}",
            f"{figure.rps / figure.baseline_rps:.1%}",
            ""  # the bare page is a yardstick; a page built afresh is shown beside
            if figure.bare or not figure.goal
            else "yes"
            if figure.rps >= THROUGHPUT_GOAL * figure.baseline_rps
            else "NO",
            f"{figure.rps / figure.bare_rps:.0%}" if figure.bare_rps else "",
        ]
        for figure in sorted(figures, key=lambda f: (f.case, f.label, f.scale))
    ]
    headers = [
        "page", "scale", "req/s", "/healthz req/s", "of /healthz",
        f"≥ {THROUGHPUT_GOAL:.0%}?", "of a bare page",
    ]  # fmt: skip
    return (
        "== Under gunicorn (3 sync workers on 127.0.0.1, 6 client threads, "
        "alternating windows; a bare page: signed in, the layout alone)\n\n"
        + table(headers, rows, right={1, 2, 3, 4, 6})
    )


def time_section(meta, scales):
    """Seconds each case took at each scale, so a case that eats the run shows."""
    names = list(dict.fromkeys(name for s in scales for name in s["case_seconds"]))
    rows = [["seeding", *(f"{s['seed_seconds']:.1f}" for s in scales)]]
    rows += [
        [name, *(f"{s['case_seconds'].get(name, 0):.1f}" for s in scales)]
        for name in names
    ]
    headers = ["seconds spent on", *(f"@{s['scale']:,}" for s in scales)]
    return f"== Where the {meta['seconds']:.0f} s of the run went\n\n" + table(
        headers, rows, right=set(range(1, len(scales) + 1))
    )


def render(meta, scales, errors):
    busy = ""
    if max(meta["load_before"], meta["load_after"]) > (meta["cpus"] or 1):
        busy = ": more than the CPUs, so other work competed with the bench"
    parts = [
        f"School logistics bench — {meta['database']} — Python {meta['python']}, "
        f"Django {meta['django']}, {meta['cpus']} CPUs"
        f"{' — quick' if meta['quick'] else ''}\n"
        f"Load average (1 min) at the start {meta['load_before']:.1f}, at the end "
        f"{meta['load_after']:.1f}{busy}.",
        "Times are server times through Django's test client (no network), the "
        "median of warm runs.\nRatios compare with baselines measured in this same "
        "run; wall-clock figures differ between machines, ratios much less.",
    ]
    parts += [scale_section(scale) for scale in scales]
    for small, large in zip(scales, scales[1:], strict=False):
        parts.append(comparison_section(small, large))
    for section in (
        own_baseline_section(scales),
        against_sql_section(scales),
        throughput_section(scales),
    ):
        if section:
            parts.append(section)
    if scales:
        parts.append(time_section(meta, scales))
    if errors:
        parts.append(
            "== Cases that failed\n\n"
            + "\n".join(
                f"{e['case']} "
                + (f"at {e['scale']:,}" if e["scale"] is not None else "on import")
                + f": {e['summary']}"
                for e in errors
            )
        )
    return "\n\n".join(parts) + "\n"


def write_json(path, meta, scales, errors):
    data = {
        **meta,
        "scales": [
            {
                key: value
                for key, value in scale.items()
                if key not in {"figures", "baseline"}
            }
            | {"baseline": asdict(scale["baseline"])}
            for scale in scales
        ],
        "figures": [asdict(f) for scale in scales for f in scale["figures"]],
        "errors": errors,
    }
    path.write_text(
        json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
