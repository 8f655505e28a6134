"""The direction of imports between the apps and the shared building blocks is a contract in
pyproject.toml ([tool.importlinter]), checked by lint-imports in `make test`."""

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["imago_site", "trainings", "applicants", "faq"]
CONTRACT = "Apps import one way: applicants and faq build on trainings, never the reverse"


def lint_imports(folder):
    return subprocess.run(
        [str(ROOT / ".venv/bin/lint-imports"), "--no-cache", "--no-logo"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )


def copy_of_the_code(target):
    shutil.copy(ROOT / "pyproject.toml", target)
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, target / package, ignore=shutil.ignore_patterns("__pycache__")
        )


def test_the_code_keeps_the_import_contract():
    result = lint_imports(ROOT)

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{CONTRACT} KEPT" in result.stdout


def test_a_backward_import_breaks_the_contract_naming_the_rule(tmp_path):
    copy_of_the_code(tmp_path)
    tracks = tmp_path / "trainings/models/tracks.py"
    tracks.write_text(tracks.read_text() + "\nfrom applicants.models import Application\n")

    result = lint_imports(tmp_path)

    assert result.returncode == 1
    assert f"{CONTRACT} BROKEN" in result.stdout
    assert "trainings is not allowed to import applicants" in result.stdout
    assert "trainings.models.tracks -> applicants.models" in result.stdout


def test_a_shared_block_that_imports_an_app_breaks_the_contract(tmp_path):
    copy_of_the_code(tmp_path)
    mail = tmp_path / "imago_site/mail.py"
    mail.write_text(mail.read_text() + "\nimport faq.models\n")

    result = lint_imports(tmp_path)

    assert result.returncode == 1
    assert "imago_site is not allowed to import faq" in result.stdout
