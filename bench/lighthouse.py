"""Lighthouse scores of the main pages: ``make lighthouse`` (optional, a few minutes).

Lighthouse 12.2.3 (npm, installed into .lighthouse/ on first use) drives Debian's Chromium with
its mobile profile: a mid-range phone on a slow 4G connection. Each page is audited three
times against the benchmark's database, served as in ``make bench``; the median of each
category is kept. Writes bench/results/lighthouse.json.
"""

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results" / "lighthouse.json"
PREFIX = ROOT / ".lighthouse"
LIGHTHOUSE = PREFIX / "node_modules" / ".bin" / "lighthouse"
VERSION = "12.2.3"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
sys.path.insert(0, str(ROOT))


def main():
    if not Path(CHROMIUM).exists():
        sys.exit(f"Chromium is missing at {CHROMIUM}: apt-get install chromium")
    if not LIGHTHOUSE.exists():
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(PREFIX),
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                f"lighthouse@{VERSION}",
            ],
            check=True,
        )
    import django

    django.setup()
    from bench import report
    from bench.database import prepare
    from bench.run import PORT, gunicorn, page_list

    prepare()
    paths = {page["page"]: page["path"] for page in page_list()}
    pages = {
        "home": "/",
        "catalogue": "/trainings/",
        "training detail": paths["training detail"],
        "FAQ": "/faq/",
        "application form": paths["application POST"],
    }
    rows = []
    with gunicorn():
        for name, path in pages.items():
            url = f"http://127.0.0.1:{PORT}{path}"
            runs = [audit(url) for _ in range(RUNS)]
            row = {"page": name, "path": path}
            for category in CATEGORIES:
                row[category] = round(statistics.median(run[category] for run in runs))
            rows.append(row)
            print(f"  {name}: {row}", flush=True)
    columns = [("page", "Page", "<"), *((c, c, ">") for c in CATEGORIES)]
    print()
    print(report.table(rows, columns))
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps({"lighthouse": VERSION, "runs": RUNS, "pages": rows}, indent=2) + "\n"
    )
    print(f"\nWritten to {RESULTS.relative_to(ROOT)}")


def audit(url, attempts=3):
    """One Lighthouse run (mobile profile): each category's score out of 100. Chromium
    sometimes fails to start on a busy machine: such a run is tried again."""
    for attempt in range(1, attempts + 1):
        try:
            return audit_once(url)
        except subprocess.CalledProcessError as failure:
            if attempt == attempts:
                sys.exit(f"Lighthouse failed on {url}:\n{failure.stderr[-2000:]}")
            print(f"  Lighthouse failed on {url}; trying again.", flush=True)


def audit_once(url):
    output = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            f"--chrome-path={CHROMIUM}",
            "--chrome-flags=--headless=new --no-sandbox --disable-dev-shm-usage",
            f"--only-categories={','.join(CATEGORIES)}",
            "--output=json",
            "--output-path=stdout",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    categories = json.loads(output)["categories"]
    return {name: categories[name]["score"] * 100 for name in CATEGORIES}


if __name__ == "__main__":
    main()
