"""The benchmark: ``make bench`` (or ``python -m bench.run``). See README, "Benchmark".

Seeds the large data set into its own database (once), measures SQL queries and compressed
sizes per page and the admin's application list with the test client, then serves the portal
with gunicorn and loads every page with wrk. Prints one table and writes bench/results/latest.json.
"""

import datetime
import gzip
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.cookiejar import CookieJar
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results" / "latest.json"
LUA_DIR = BENCH_DIR / "lua"

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
sys.path.insert(0, str(ROOT))

# Two cores: wrk and PostgreSQL need some of them. Three sync workers keep both cores busy
# with Python while one of them waits on the database; more only queue behind the same cores.
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
WARMUP_SECONDS = int(os.environ.get("BENCH_WARMUP_SECONDS", "2"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
# Some pages only, by name ("training detail,application POST"), beside the bare view; the
# table is printed but not written to the results file.
ONLY = {name.strip() for name in os.environ.get("BENCH_PAGES", "").split(",") if name.strip()}
ADMIN_REPEATS = 5
# The pages loaded again while applications arrive ("rush" in BENCH_PAGES: these alone), and
# applications a second posted meanwhile.
RUSH_PAGES = ["home", "catalogue", "catalogue, near + filters"]
RUSH_RATE = float(os.environ.get("BENCH_RUSH_RATE", "5"))
LOAD_EMAIL_DOMAIN = "bench.example"


def main():
    ensure_wrk()
    import django

    django.setup()
    from bench.database import prepare
    from bench.seed import counts

    prepare()
    wanted = ONLY | {"bare view"} | (set(RUSH_PAGES) if "rush" in ONLY else set())
    pages = [page for page in page_list() if not ONLY or page["page"] in wanted]
    print("Measuring SQL queries and sizes with the test client...", flush=True)
    for page in pages:
        page.update(measure_in_process(page))
    admin = measure_admin()
    remove_load_applications()

    load_before = os.getloadavg()
    print(f"Loading each page with wrk: {CONNECTIONS} connections, {RUNS} x {SECONDS} s.")
    bare = pages[0]
    with gunicorn():
        for page in pages:
            if page.get("uncached_only"):
                continue
            page.update(load(page))
            print(f"  {page['page']}: {page['requests_per_second']:.0f} req/s", flush=True)
        rushed = rush(pages) if not ONLY or "rush" in ONLY else []
        # The machine's speed drifts over minutes: the bare view is loaded again in the middle
        # and at the end, and every share is of the median of the three.
        bare_checks = [bare["requests_per_second"], load(bare)["requests_per_second"]]
    # The same pages rendered on every request: what the page cache saves.
    uncached = [
        {**page, "page": f"{page['page']}, no cache", "queries_cached": None}
        for page in pages
        if page.get("uncached_row") or page.get("uncached_only")
    ]
    with gunicorn(DJANGO_PAGE_CACHE="0"):
        for page in uncached:
            page.update(load(page))
            print(f"  {page['page']}: {page['requests_per_second']:.0f} req/s", flush=True)
        bare_checks.append(load(bare)["requests_per_second"])
    print("  bare view, again: " + ", ".join(f"{rate:.0f}" for rate in bare_checks[1:]) + " req/s")
    pages = [page for page in pages if not page.get("uncached_only")] + uncached + rushed
    remove_load_applications()

    from bench import report

    rows = report.with_ratios(pages, bare_checks=bare_checks)
    results = {
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cores": os.cpu_count(),
            "gunicorn_sync_workers": WORKERS,
            # Other programs on the machine slow every figure down; this says how busy it was.
            "load_average_before": load_before,
            "load_average_after": os.getloadavg(),
        },
        "load": {"connections": CONNECTIONS, "seconds": SECONDS, "runs": RUNS},
        "data": counts(),
        "pages": rows,
        # req/s of the bare view at the start, in the middle and at the end of the run.
        "bare_view_checks": bare_checks,
        "admin_changelist": admin,
    }
    print()
    print(report.table(rows))
    print(
        "Shares are of the median of the bare view's three loads in this run: "
        + ", ".join(f"{rate:,.0f}" for rate in bare_checks)
        + " req/s."
    )
    for row in rows:
        if "rush_sent" in row:
            print(
                f"{row['page']}: {row['rush_sent']:,} applications sent at "
                f"{row['rush_rate']:.1f}/s, {row['rush_ok']:,} confirmed, {row['rush_bad']:,} "
                f"refused or failed; {row['vs_quiet']:.0%} of the page's req/s without them, "
                f"p99 {row['p99_vs_quiet']:.1f}x its own."
            )
        if "confirmed" in row:
            print(
                f"{row['page']}: {row['confirmed']:,} confirmed (warm-up included), "
                f"{row['stored']:,} stored, {row['lost']:,} lost."
            )
    print()
    print(report.table(admin, report.ADMIN_COLUMNS))
    if not ONLY:
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(json.dumps(results, indent=2) + "\n")
        print(f"\nWritten to {RESULTS.relative_to(ROOT)}")
    failed = [
        row["page"] for row in rows if row.get("bad") or row.get("lost") or row.get("rush_bad")
    ]
    if failed:
        sys.exit(f"Unexpected responses, or lost submissions, on: {', '.join(failed)}")


def ensure_wrk():
    if shutil.which("wrk"):
        return
    if os.geteuid() != 0:
        sys.exit("wrk is missing: install it with `apt-get install -y wrk` (as root).")
    print("Installing wrk from Debian's packages...", flush=True)
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True)


def page_list():
    """The pages to load, with real addresses from the data set."""
    from django.db.models import Q

    from trainings.models import Training

    detail = Training.objects.open_for_applications().order_by("starts_on", "pk").first()
    # The load sends answers only: trainings of tracks that ask for a document (the Clinical
    # Track's CV and degree copy, also through the online module that opens it) are left out.
    asks_for_files = Q(track__document_requirements__is_required=True) | Q(
        track__opens__document_requirements__is_required=True
    )
    open_forms = [
        f"/trainings/{slug}/apply/"
        for slug in Training.objects.open_for_applications()
        .exclude(asks_for_files)
        .order_by("pk")
        .values_list("slug", flat=True)[:20]
    ]
    plain_forms = [
        path.replace("/trainings/", "/bench/plain-form/").removesuffix("apply/")
        for path in open_forms
    ]
    return [
        {"page": "bare view", "path": "/bench/bare/"},
        {"page": "home", "path": "/"},
        {"page": "catalogue", "path": "/trainings/", "uncached_row": True},
        {
            "page": "catalogue, near + filters",
            "path": "/trainings/?near=Nairobi&format=in_person&language=en",
            "uncached_row": True,
        },
        {"page": "training detail", "path": detail.get_absolute_url(), "uncached_row": True},
        {"page": "faculty", "path": "/faculty/"},
        {"page": "FAQ", "path": "/faq/"},
        {"page": "FAQ search", "path": "/faq/?q=fees"},
        {"page": "application POST", "path": open_forms[0], "post_to": open_forms},
        # A yardstick for it: the same answers, stored as they come by a plain model form.
        {
            "page": "plain form POST",
            "path": plain_forms[0],
            "post_to": plain_forms,
            "csrf_from": open_forms[0],
        },
        # Yardsticks for the pages rendered without the cache, loaded only in that pass: the
        # portal's layout around a page of text with no query, and a plain list of twelve
        # trainings with their count (bench/urls.py).
        {"page": "privacy notice (layout alone)", "path": "/privacy/", "uncached_only": True},
        {"page": "plain listing", "path": "/bench/plain-listing/", "uncached_only": True},
    ]


def measure_in_process(page):
    """SQL queries of one request (rendered, and from the page cache), and the compressed size
    of the page's HTML."""
    import brotli
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if "post_to" in page:
        # The first form sent in a process reads what the next ones find kept (the training).
        client.post(page["path"], application_form(f"inprocess-{uuid.uuid4().hex}"))
        with CaptureQueriesContext(connection) as queries:
            response = client.post(page["path"], application_form(f"inprocess-{uuid.uuid4().hex}"))
        assert response.status_code == 302, response.status_code
        return {"queries": len(queries)}
    client.get(page["path"])  # the first request of a process loads templates and caches
    with CaptureQueriesContext(connection) as cached:
        client.get(page["path"])
    with override_settings(PAGE_CACHE_ENABLED=False), CaptureQueriesContext(connection) as queries:
        response = client.get(page["path"])
    assert response.status_code == 200, (page["path"], response.status_code)
    body = response.content
    return {
        "queries": len(queries),
        "queries_cached": len(cached),
        "html_bytes": len(body),
        "gzip_bytes": len(gzip.compress(body, 6)),
        "br_bytes": len(brotli.compress(body, quality=5)),
    }


def application_form(tag):
    return {
        "name": "Load Tester",
        "email": f"{tag}@{LOAD_EMAIL_DOMAIN}",
        "country": "KE",
        "city": "Nairobi",
        "language": "en",
        "profession": "Psychotherapist",
        "degree_level": "master",
        "degree_field": "psychology",
        "degree_year": "2010",
        "has_licence": "yes",
        "licence_country": "KE",
        "years_of_practice": "5",
        "motivation": "I work with couples and want to learn the dialogue.",
        "attended_workshop": "no",
        "heard_from": "colleague",
        "wants_financial_assistance": "no",
        "privacy_consent": "on",
        "policy_consent": "on",
        "submission_key": str(uuid.uuid4()),
    }


def measure_admin():
    """Server time of the admin's application list: default, filtered and searched."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from applicants.models import Application

    staff, _ = get_user_model().objects.get_or_create(
        username="bench-staff", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(staff)
    sample = Application.objects.order_by("pk")[1000]
    views = [
        ("default", ""),
        ("filtered by status", "?status__exact=waitlisted"),
        ("searched by e-mail", f"?q={sample.email}"),
        ("searched by name", f"?q={sample.name.split()[-1]}"),
    ]
    rows = []
    for name, query in views:
        url = f"/admin/applicants/application/{query}"
        client.get(url)
        times = []
        for _ in range(ADMIN_REPEATS):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        rows.append(
            {
                "view": name,
                "query": query,
                "median_ms": round(statistics.median(times), 1),
                "max_ms": round(max(times), 1),
                "queries": len(queries),
            }
        )
    return rows


def rush(pages):
    """The pages people refresh while a cohort fills: each loaded with wrk while applications
    arrive at ``RUSH_RATE`` a second for the training whose page is loaded, then that training's
    page alone for comparison. Every confirmed application must be in the database."""
    target = next(page for page in page_list() if page["page"] == "application POST")
    form = target["post_to"][0]
    training_page = form.removesuffix("apply/")
    quiet_training = {"page": "training applied to", "path": training_page}
    quiet_training.update(load(quiet_training))
    print(f"  {quiet_training['page']}: {quiet_training['requests_per_second']:.0f} req/s")
    quiet = {page["page"]: page for page in pages if "requests_per_second" in page}
    quiet[quiet_training["page"]] = quiet_training
    rows = [quiet_training]
    for name in [*RUSH_PAGES, "training applied to"]:
        if name not in quiet:
            continue
        page = {"page": f"{name}, rush {RUSH_RATE:g}/s", "path": quiet[name]["path"]}
        stream = ApplicationStream(f"http://127.0.0.1:{PORT}{form}", RUSH_RATE)
        stored_before = rush_applications()
        stream.start()
        started = time.monotonic()
        try:
            page.update(load(page))
        finally:
            stream.finish()
        page.update(stream.summary(time.monotonic() - started))
        page["lost"] = max(page["rush_ok"] - (rush_applications() - stored_before), 0)
        page["p99_vs_quiet"] = page["p99_ms"] / quiet[name]["p99_ms"]
        page["vs_quiet"] = page["requests_per_second"] / quiet[name]["requests_per_second"]
        rows.append(page)
        print(f"  {page['page']}: {page['requests_per_second']:.0f} req/s", flush=True)
    return rows


def rush_applications():
    from applicants.models import Application

    return Application.objects.filter(email__startswith="rush-").count()


class ApplicationStream(threading.Thread):
    """Applications posted to one form at a steady rate, each in a thread of its own so that a
    slow answer never delays the next, until :meth:`finish`."""

    def __init__(self, url, rate):
        super().__init__(daemon=True)
        self.url, self.interval = url, 1 / rate
        self.cookie, self.token = csrf_pair(url)
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.posts = []
        self.sent = self.ok = self.bad = 0

    def run(self):
        next_at = time.monotonic()
        while not self.stopping.is_set():
            post = threading.Thread(target=self.post, daemon=True)
            post.start()
            self.posts.append(post)
            next_at += self.interval
            self.stopping.wait(max(0.0, next_at - time.monotonic()))

    def post(self):
        form = {
            **application_form(f"rush-{uuid.uuid4().hex}"),
            "csrfmiddlewaretoken": self.token,
        }
        request = urllib.request.Request(
            self.url,
            urllib.parse.urlencode(form).encode(),
            headers={"Cookie": f"csrftoken={self.cookie}"},
        )
        opener = urllib.request.build_opener(NoRedirect())
        ok = False
        try:
            opener.open(request, timeout=30)
        except urllib.error.HTTPError as response:
            ok = response.code == 302 and "/received/" in response.headers.get("Location", "")
        except OSError:
            ok = False
        with self.lock:
            self.sent += 1
            self.ok += ok
            self.bad += not ok

    def finish(self):
        self.stopping.set()
        self.join()
        for post in self.posts:
            post.join(timeout=60)

    def summary(self, seconds):
        return {
            "rush_sent": self.sent,
            "rush_ok": self.ok,
            "rush_bad": self.bad,
            "rush_rate": self.sent / seconds,
        }


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def remove_load_applications():
    """Take the benchmark's own submissions out again, so every run sees the same data."""
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from applicants.models import Application

    removed, _ = Application.objects.filter(email__endswith=f"@{LOAD_EMAIL_DOMAIN}").delete()
    DBTaskResult.objects.all().delete()
    if removed:
        # And their dead rows, as autovacuum would in time: thousands of them at the newest end
        # of the admin list's indexes doubled its timings (filtered by status: 298 ms, 146 ms
        # once vacuumed).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) applicants_application, applicants_event")


class gunicorn:
    """The portal under gunicorn's sync workers on the loopback interface, for a ``with``."""

    def __init__(self, **environment):
        self.environment = environment

    def __enter__(self):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "PYTHONPATH": str(ROOT),
            **self.environment,
        }
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "imago_site.wsgi",
                "--workers",
                str(WORKERS),
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--preload",
                "--backlog",
                "2048",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1):
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("gunicorn did not answer within 30 seconds")

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def load(page):
    """wrk against one page: a warm-up, then RUNS runs; fails on any unexpected response."""
    from bench import report

    url = f"http://127.0.0.1:{PORT}{page['path']}"
    script, arguments = LUA_DIR / "statuses.lua", []
    if "post_to" in page:
        script = LUA_DIR / "apply.lua"
        cookie, token = csrf_pair(f"http://127.0.0.1:{PORT}{page.get('csrf_from', page['path'])}")
        arguments = [cookie, token, *page["post_to"]]
    stored_before = load_applications()
    warmup = wrk(url, script, arguments, WARMUP_SECONDS)
    runs = [wrk(url, script, arguments, SECONDS) for _ in range(RUNS)]
    summary = report.summarise_runs(runs)
    summary["ok"] = sum(run["ok"] for run in runs)
    summary["bad"] = sum(run["bad"] for run in runs)
    summary["statuses"] = merge_statuses(run["statuses"] for run in runs)
    if "post_to" in page:
        summary.update(stored_submissions(warmup["ok"] + summary["ok"], stored_before))
    return summary


def stored_submissions(confirmed, stored_before=0):
    """Of the submissions the portal confirmed, how many are in the database (beyond the
    ``stored_before`` of earlier loads): every one must be. More may be stored than confirmed,
    sent as wrk stopped and answered after."""
    stored = load_applications() - stored_before
    return {"confirmed": confirmed, "stored": stored, "lost": max(confirmed - stored, 0)}


def load_applications():
    from applicants.models import Application

    return Application.objects.filter(email__endswith=f"@{LOAD_EMAIL_DOMAIN}").count()


def wrk(url, script, arguments, seconds):
    from bench import report

    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s"]
    command += ["-s", str(script), url]
    if arguments:
        # Each warm-up and run submits under its own id, so e-mail addresses never repeat.
        command += ["--", uuid.uuid4().hex[:8], *arguments]
    output = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "BENCH_LUA_DIR": str(LUA_DIR)},
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    return report.wrk_run(json.loads(line.removeprefix("BENCH ")))


def merge_statuses(many):
    merged = {}
    for statuses in many:
        for status, count in statuses.items():
            merged[status] = merged.get(status, 0) + count
    return merged


def csrf_pair(url):
    """A CSRF cookie and a form token from one GET of the form, reused by every submission."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(url, timeout=60).read().decode()
    token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    cookie = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    return cookie, token


if __name__ == "__main__":
    socket.setdefaulttimeout(30)
    main()
