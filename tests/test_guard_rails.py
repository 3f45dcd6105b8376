"""The guard rails CI holds the code to, from the project's own configuration (pyproject.toml):
mypy over the installed package with zero errors, and import-linter's layer contracts.

Both read the installed package: in the source tree `db/` and `screens/` are top-level folders,
and only installing makes them `ectui.db` and `ectui.screens`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """ectui installed (no dependencies) into a folder of its own, and a pyproject.toml beside it:
    the tools find their configuration in the folder they run in."""
    site = tmp_path_factory.mktemp("installed")
    r = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                        "--target", str(site), str(ROOT)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    (site / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text(encoding="utf-8"), encoding="utf-8")
    return site


def _run(site: Path, *command: str) -> subprocess.CompletedProcess:
    # The installed copy first on the path; the environment's own packages (textual, rich) after it.
    env = {**os.environ, "PYTHONPATH": str(site), "MYPY_CACHE_DIR": str(site / ".mypy_cache")}
    return subprocess.run(command, capture_output=True, text=True, cwd=site, env=env, timeout=900)


def test_mypy_finds_no_errors(installed):
    r = _run(installed, sys.executable, "-m", "mypy", "-p", "ectui")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Success: no issues found" in r.stdout


def test_the_import_contracts_hold(installed):
    lint = Path(sys.executable).with_name("lint-imports")
    r = _run(installed, str(lint) if lint.is_file() else "lint-imports")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "0 broken" in r.stdout and "5 kept" in r.stdout, r.stdout
