"""A workspace shared by an OS group, with real separate users.

Needs root (to create users and a group) and a Python the other users can run (Debian's
/usr/bin/python3); skipped, saying why, elsewhere. The installed ectui and its dependencies are
copied to a world-readable folder so the other users run the same code.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

GROUP, ALICE, BOB, CAROL = "ectui-test-editors", "ectui-test-alice", "ectui-test-bob", "ectui-test-carol"
SYSTEM_PYTHON = "/usr/bin/python3"


def _why_not() -> str | None:
    if os.geteuid() != 0:
        return "needs root to create test users"
    for tool in ("useradd", "groupadd", "runuser"):
        if shutil.which(tool) is None:
            return f"no {tool}"
    if not os.access(SYSTEM_PYTHON, os.X_OK):
        return f"no {SYSTEM_PYTHON} that other users can run"
    version = subprocess.run([SYSTEM_PYTHON, "-c", "import sys; print(sys.version_info[:2])"],
                             capture_output=True, text=True).stdout.strip()
    if version != str(tuple(sys.version_info[:2])):
        return f"{SYSTEM_PYTHON} is {version}, tests run on {sys.version_info[:2]}"
    return None


REASON = _why_not()
pytestmark = pytest.mark.skipif(REASON is not None, reason=f"multi-user test skipped: {REASON}")


@pytest.fixture(scope="module")
def users():
    subprocess.run(["groupadd", "-f", GROUP], check=True)
    for user, groups in ((ALICE, GROUP), (BOB, GROUP), (CAROL, None)):
        if subprocess.run(["id", user], capture_output=True).returncode != 0:
            cmd = ["useradd", "-M", "-s", "/bin/sh", user] + (["-G", groups] if groups else [])
            subprocess.run(cmd, check=True)
    yield
    for user in (ALICE, BOB, CAROL):
        subprocess.run(["userdel", user], capture_output=True)
    subprocess.run(["groupdel", GROUP], capture_output=True)


@pytest.fixture(scope="module")
def runtime():
    """ectui (from a wheel) and its dependencies in a folder every user can read."""
    base = Path(tempfile.mkdtemp(prefix="ectui-runtime-", dir="/tmp"))
    os.chmod(base, 0o755)
    site = Path(sysconfig.get_paths()["purelib"])
    skip = {"pip", "setuptools", "_pytest", "pytest", "hypothesis", "syrupy", "ectui", "wheel", "build"}
    for entry in site.iterdir():
        name = entry.name.split("-")[0].split(".")[0]
        if name in skip or entry.name.startswith(("__editable__", "_ectui", "ectui")) or entry.suffix == ".pth":
            continue
        if entry.is_dir():
            shutil.copytree(entry, base / entry.name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(entry, base / entry.name)
    wheel_dir = base / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(wheel_dir), str(ROOT)], check=True, capture_output=True)
    import zipfile
    zipfile.ZipFile(next(wheel_dir.glob("*.whl"))).extractall(base)
    for dirpath, dirnames, filenames in os.walk(base):
        for d in dirnames:
            os.chmod(Path(dirpath) / d, 0o755)
        for f in filenames:
            os.chmod(Path(dirpath) / f, 0o644)
    yield base
    shutil.rmtree(base, ignore_errors=True)


def as_user(user: str, runtime: Path, *args: str, umask: str = "022") -> subprocess.CompletedProcess:
    command = f"umask {umask}; cd /tmp && exec {SYSTEM_PYTHON} -m ectui " + " ".join(_quote(a) for a in args)
    return subprocess.run([shutil.which("runuser"), "-u", user, "--", "sh", "-c", command], capture_output=True, text=True,
                          timeout=120, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(runtime), "HOME": "/tmp",
                                            "LANG": "C.UTF-8"})


def _quote(s: str) -> str:
    import shlex
    return shlex.quote(str(s))


@pytest.fixture
def shared(users, runtime):
    parent = Path(tempfile.mkdtemp(prefix="ectui-shared-", dir="/tmp"))
    os.chmod(parent, 0o755)
    ws = parent / "ws"
    r = subprocess.run([sys.executable, "-m", "ectui", "init", "--shared", GROUP, str(ws)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    yield ws
    shutil.rmtree(parent, ignore_errors=True)


def count(ws: Path) -> int:
    with sqlite3.connect(ws / "ectui.db") as conn:
        return conn.execute("SELECT count(*) FROM revisions").fetchone()[0]


def test_init_shared_sets_group_permissions(shared):
    import grp
    mode = shared.stat().st_mode
    assert mode & stat.S_ISGID and mode & stat.S_IWGRP
    assert grp.getgrgid(shared.stat().st_gid).gr_name == GROUP
    db = shared / "ectui.db"
    assert db.stat().st_mode & stat.S_IWGRP and grp.getgrgid(db.stat().st_gid).gr_name == GROUP


def test_group_members_write_in_turn_even_with_a_strict_umask(shared, runtime):
    before = count(shared)
    r = as_user(ALICE, runtime, "set", "quanzhou", "ec_transactions", "1,200亿元", "-y", "2014", "-w", shared, umask="077")
    assert r.returncode == 0, r.stderr
    r = as_user(BOB, runtime, "set", "quanzhou", "ec_transactions", "1,950亿元", "-y", "2015", "-w", shared)
    assert r.returncode == 0, r.stderr
    r = as_user(ALICE, runtime, "set", "shanxi", "netizens", "1800万人", "-y", "2014", "-w", shared, umask="077")
    assert r.returncode == 0, r.stderr
    assert count(shared) == before + 3
    with sqlite3.connect(shared / "ectui.db") as conn:
        authors = [a for (a,) in conn.execute("SELECT author FROM revisions ORDER BY id DESC LIMIT 3")]
    assert authors == [ALICE, BOB, ALICE]
    leftovers = [p.name for p in shared.iterdir() if p.name not in ("targets.toml", "ectui.db")]
    assert leftovers == []


def test_outsider_reads_but_cannot_write(shared, runtime):
    before = count(shared)
    r = as_user(CAROL, runtime, "report", "--format", "json", "-w", shared)
    assert r.returncode == 0, r.stderr
    assert '"schema": 1' in r.stdout
    r = as_user(CAROL, runtime, "set", "quanzhou", "ec_transactions", "1", "-y", "2015", "-w", shared)
    assert r.returncode == 1
    assert "read-only" in r.stderr and CAROL in r.stderr and "Traceback" not in r.stderr
    assert count(shared) == before


def test_editors_list_guards_a_region(shared, runtime):
    text = (shared / "targets.toml").read_text(encoding="utf-8")
    text = text.replace('name_en = "Quanzhou"', f'name_en = "Quanzhou"\neditors = ["{ALICE}"]', 1)
    (shared / "targets.toml").write_text(text, encoding="utf-8")
    r = as_user(BOB, runtime, "set", "quanzhou", "ec_transactions", "5亿元", "-y", "2014", "-w", shared)
    assert r.returncode == 1 and "not an editor of region 'quanzhou'" in r.stderr
    r = as_user(BOB, runtime, "set", "shanxi", "netizens", "1800万人", "-y", "2014", "-w", shared)
    assert r.returncode == 0, r.stderr
    r = as_user(ALICE, runtime, "set", "quanzhou", "ec_transactions", "5亿元", "-y", "2014", "-w", shared)
    assert r.returncode == 0, r.stderr
