"""The benchmark's arithmetic and table (bench/report.py); the benchmark itself runs apart."""

from bench import report


def wrk_line(requests, p50_us=1000, p99_us=5000, bad=0):
    return {
        "requests": requests,
        "duration_us": 5_000_000,
        "ok": requests - bad,
        "bad": bad,
        "socket_errors": 0,
        "timeouts": 0,
        "p50_us": p50_us,
        "p99_us": p99_us,
        "statuses": {"200": requests - bad},
    }


def test_a_run_turns_wrk_counts_into_requests_per_second_and_milliseconds():
    run = report.wrk_run(wrk_line(2500, p50_us=12_345, p99_us=48_000))

    assert run["requests_per_second"] == 500
    assert (run["p50_ms"], run["p99_ms"]) == (12.3, 48.0)


def test_socket_errors_and_timeouts_count_as_failures():
    line = {**wrk_line(100), "socket_errors": 2, "timeouts": 1}

    assert report.wrk_run(line)["bad"] == 3


def test_summary_takes_the_median_run_and_its_latencies():
    runs = [
        report.wrk_run(wrk_line(5000, p99_us=90_000)),
        report.wrk_run(wrk_line(1000, p99_us=10_000)),
        report.wrk_run(wrk_line(3000, p99_us=30_000)),
    ]

    summary = report.summarise_runs(runs)

    assert summary["requests_per_second"] == 600
    assert summary["p99_ms"] == 30.0
    assert summary["runs"] == [1000, 200, 600]


def test_ratios_are_shares_of_the_bare_view():
    pages = [
        {"page": "bare view", "requests_per_second": 800.0},
        {"page": "catalogue", "requests_per_second": 400.0},
    ]

    assert [row["ratio"] for row in report.with_ratios(pages)] == ["100%", "50%"]


def test_ratios_are_of_the_median_bare_view_when_it_was_loaded_again():
    pages = [
        {"page": "bare view", "requests_per_second": 800.0},
        {"page": "catalogue", "requests_per_second": 400.0},
    ]

    rows = report.with_ratios(pages, bare_checks=[800.0, 1000.0, 600.0])

    assert [row["ratio"] for row in rows] == ["100%", "50%"]
    rows = report.with_ratios(pages, bare_checks=[800.0, 1000.0, 1000.0])
    assert [row["ratio"] for row in rows] == ["80%", "40%"]


def test_table_aligns_numbers_right_and_marks_missing_values():
    rows = [{"page": "catalogue", "requests_per_second": 1234.5, "queries": 5}]

    lines = report.table(rows, [*report.COLUMNS[:3], report.COLUMNS[5]]).splitlines()

    assert lines[0] == "| Page      | req/s | p50 ms | SQL |"
    assert lines[1] == "|-----------|------:|-------:|----:|"
    assert lines[2] == "| catalogue | 1,234 |      - |   5 |"
