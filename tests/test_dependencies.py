"""A production install (``npm ci --omit=dev``) fetches what the pages serve, never the test
tools; every version is pinned exactly."""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_test_tools_are_development_dependencies_only():
    package = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]

    assert "axe-core" in package["devDependencies"]
    assert "axe-core" not in package.get("dependencies", {})
    assert lock["node_modules/axe-core"].get("dev") is True
    assert not lock["node_modules/bootstrap"].get("dev")


def test_npm_versions_are_exact():
    package = json.loads((ROOT / "package.json").read_text())
    versions = {**package.get("dependencies", {}), **package.get("devDependencies", {})}

    assert all(version[0].isdigit() for version in versions.values()), versions
