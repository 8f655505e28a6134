"""The benchmark's results as one table, and the figures derived from wrk's runs."""

import statistics


def median_run(runs):
    """Of several runs of one page, the one with the median requests per second."""
    ordered = sorted(runs, key=lambda run: run["requests_per_second"])
    return ordered[len(ordered) // 2]


def summarise_runs(runs):
    """One page's figures from its wrk runs: median req/s, and that run's latencies."""
    middle = median_run(runs)
    return {
        "requests_per_second": round(middle["requests_per_second"], 1),
        "p50_ms": middle["p50_ms"],
        "p99_ms": middle["p99_ms"],
        "runs": [round(run["requests_per_second"], 1) for run in runs],
    }


def wrk_run(line):
    """A run's figures from the ``BENCH {...}`` line of bench/lua/statuses.lua, parsed."""
    seconds = line["duration_us"] / 1e6
    return {
        "requests_per_second": line["requests"] / seconds if seconds else 0.0,
        "p50_ms": round(line["p50_us"] / 1000, 1),
        "p99_ms": round(line["p99_us"] / 1000, 1),
        "ok": line["ok"],
        "bad": line["bad"] + line["socket_errors"] + line["timeouts"],
        "statuses": line["statuses"],
    }


COLUMNS = [
    ("page", "Page", "<"),
    ("requests_per_second", "req/s", ">"),
    ("p50_ms", "p50 ms", ">"),
    ("p99_ms", "p99 ms", ">"),
    ("ratio", "vs bare", ">"),
    ("queries", "SQL", ">"),
    ("queries_cached", "SQL cached", ">"),
    ("gzip_bytes", "gzip B", ">"),
    ("br_bytes", "br B", ">"),
]


def with_ratios(pages, bare_name="bare view", bare_checks=()):
    """Each page's req/s as a share of the bare view's: of the median of ``bare_checks`` (the
    bare view loaded again later in the run) when given, else of the bare view's own row."""
    bare = next(page for page in pages if page["page"] == bare_name)["requests_per_second"]
    if bare_checks:
        bare = statistics.median(bare_checks)
    return [
        {**page, "ratio": f"{page['requests_per_second'] / bare:.0%}" if bare else "-"}
        for page in pages
    ]


def table(rows, columns=COLUMNS):
    """Rows (dicts) as a plain-text table, with "-" for what a row lacks; Markdown-ready."""
    cells = [[title for _key, title, _align in columns]]
    for row in rows:
        cells.append([format_cell(row.get(key)) for key, _title, _align in columns])
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]

    def render(line):
        aligned = (
            cell.ljust(width) if align == "<" else cell.rjust(width)
            for cell, width, (_key, _title, align) in zip(line, widths, columns, strict=True)
        )
        return "| " + " | ".join(aligned) + " |"

    rule = (
        "|"
        + "|".join(
            "-" * (width + 1) + (":" if align == ">" else "-")
            for width, (_key, _title, align) in zip(widths, columns, strict=True)
        )
        + "|"
    )
    return "\n".join([render(cells[0]), rule, *(render(line) for line in cells[1:])])


def format_cell(value):
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


ADMIN_COLUMNS = [
    ("view", "Admin application list (200,000)", "<"),
    ("median_ms", "median ms", ">"),
    ("max_ms", "max ms", ">"),
    ("queries", "SQL", ">"),
]
