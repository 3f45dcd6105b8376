"""Shared fixtures: temporary workspaces and ways to run the CLI (in-process and as a subprocess)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ectui.cli import main

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_TARGETS = ROOT / "targets.toml"
# The bundled file begins with the five source documents (../shared/seeds) and goes on with the
# national plans users watch now. Tests that pin the five documents' figures, rows and screens
# read only that first part, cut from the bundled file itself, so that a plan added to the
# bundle does not move them; tests of the whole bundle read BUNDLED_TARGETS.
NATIONAL_PLANS_MARK = "# ══ National plans watched now"


def five_documents_text() -> str:
    text = BUNDLED_TARGETS.read_text(encoding="utf-8")
    assert NATIONAL_PLANS_MARK in text, "targets.toml lost the line that starts its national plans"
    return text[:text.index(NATIONAL_PLANS_MARK)]


def write_five_documents(path: Path) -> Path:
    path.write_text(five_documents_text(), encoding="utf-8")
    return path

MINI_TARGETS = """
[[regions]]
id = "r"
name_zh = "测试区"
name_en = "Testland"

[[regions]]
id = "child"
name_zh = "子区"
name_en = "Child"
parent = "r"

[[indicators]]
id = "money"
name_zh = "交易额"
name_en = "Turnover"
unit = "亿元"

[[indicators]]
id = "share"
name_zh = "比重"
name_en = "Share"
unit = "%"
kind = "percent"

[[indicators]]
id = "rate"
name_zh = "费率"
name_en = "Rate"
unit = "%"
kind = "percent"

[[indicators]]
id = "zero"
name_zh = "从零开始"
name_en = "From zero"
unit = "个"
kind = "count"

[[indicators]]
id = "down"
name_zh = "下降"
name_en = "Down"
unit = "%"
kind = "percent"

[[plans]]
id = "p"
title = "测试规划"
title_en = "Test plan"
region = "r"
start = 2011
end = 2015
"""


# A level target of MINI_TARGETS' plan: 交易额 1800亿元 by 2015 from 482.53 in 2011 (method.md V1)
MONEY_TARGET = """
[[targets]]
plan = "p"
region = "r"
indicator = "money"
cmp = ">="
year = 2015
value = 1800
unit = "亿元"
baseline = { year = 2011, value = 482.53 }
"""


@pytest.fixture(autouse=True, scope="session")
def _own_cache_folder(tmp_path_factory):
    """ectui caches parsed targets.toml files per user; the tests keep theirs out of $HOME.
    Set in the environment so that ectui run as a subprocess uses it too."""
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if old is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = old


@pytest.fixture(autouse=True)
def _no_database_from_the_environment(monkeypatch):
    """A developer's $ECTUI_DB (their PostgreSQL server) must not replace the tests' databases."""
    monkeypatch.delenv("ECTUI_DB", raising=False)


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server (tests/postgres_server.py), or a skip saying why there is none."""
    from contextlib import ExitStack

    from tests.postgres_server import Server, throwaway_cluster
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (pip install -e '.[test]')")
    with ExitStack() as stack:
        url = os.environ.get("ECTUI_TEST_POSTGRES")
        if not url:
            try:
                url = stack.enter_context(throwaway_cluster())
            except RuntimeError as exc:
                pytest.skip(f"no PostgreSQL server for the tests: {exc}")
        server = Server(url)
        stack.callback(server.close)
        yield server


@pytest.fixture
def pg_url(pg_server) -> str:
    """The URL of a new, empty database, as its owner (not a superuser)."""
    return pg_server.url(pg_server.database())


@pytest.fixture(autouse=True)
def _own_config_folder(tmp_path_factory, monkeypatch):
    """The dashboard remembers language and theme in $XDG_CONFIG_HOME/ectui: each test has its own,
    so that one pressing `l` does not start the next in English (nor writes to $HOME)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))


# The engine the workspace fixtures' databases are on: "sqlite" (an ectui.db beside targets.toml,
# created on use), or "postgresql" (ECTUI_TEST_ENGINE=postgresql: each workspace gets a database of
# its own on the test server, made by `ectui init --postgres`, and an ectui.toml naming it). `.ci/run`
# runs the command-level tests a second time on PostgreSQL; a test of SQLite's own file (its bytes,
# its journal) is marked sqlite_only.
ENGINE = os.environ.get("ECTUI_TEST_ENGINE", "sqlite")


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: a test of SQLite's own file, not of the store's contract")


def pytest_collection_modifyitems(config, items):
    if ENGINE == "postgresql":
        skip = pytest.mark.skip(reason="a test of SQLite's own file (ECTUI_TEST_ENGINE=postgresql)")
        for item in items:
            if "sqlite_only" in item.keywords:
                item.add_marker(skip)


def on_engine(request, ws: Path) -> Path:
    """Put the workspace's database on the engine under test (see ENGINE)."""
    if ENGINE == "postgresql" and not (ws / "ectui.toml").exists():
        from ectui.recording.sharing import init_postgres
        server = request.getfixturevalue("pg_server")
        init_postgres(ws, server.url(server.database()))
    return ws


def store_of(ws: Path, readonly: bool | None = None):
    """The store of a workspace, on whichever engine it is."""
    from ectui.recording.workspace import resolve
    return resolve(ws).open_store(readonly=readonly, seed=False)


@pytest.fixture
def workspace(tmp_path: Path, request) -> Path:
    """A workspace holding the five source documents' part of the bundled targets.toml (the
    database is created on use)."""
    ws = tmp_path / "ws"
    ws.mkdir()
    write_five_documents(ws / "targets.toml")
    return on_engine(request, ws)


@pytest.fixture
def mini_workspace(tmp_path: Path, request):
    """A workspace with a small targets.toml; call it with the [[targets]] text to add."""

    def make(targets: str = "") -> Path:
        ws = tmp_path / "mini"
        ws.mkdir(exist_ok=True)
        (ws / "targets.toml").write_text(MINI_TARGETS + targets, encoding="utf-8")
        return on_engine(request, ws)

    return make


@pytest.fixture
def cli(capsys):
    """Run ectui in-process: cli(args...) -> (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def run_ectui(*args: str, cwd: Path | None = None, env: dict | None = None,
              input: bytes | None = None) -> subprocess.CompletedProcess:
    """Run the installed ectui in a subprocess, as a user would (no terminal)."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("ECTUI_HOME", "ECTUI_DB", "COLUMNS", "NO_COLOR")}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "ectui", *map(str, args)], cwd=cwd, env=full_env,
                          input=input, capture_output=True, timeout=120)
