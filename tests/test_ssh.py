"""`ssh host ectui report` with no terminal: a clean table, no escape codes, LANG=C works.

Needs a reachable sshd on localhost with key login (.ci/run starts one of its own on port
$ECTUI_TEST_SSH_PORT, with the client key $ECTUI_TEST_SSH_KEY); skipped with the reason otherwise.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys

import pytest
from rich.cells import cell_len

PORT = os.environ.get("ECTUI_TEST_SSH_PORT", "22")
KEY = os.environ.get("ECTUI_TEST_SSH_KEY")  # .ci/run's own client key; else the user's
# Host keys are neither checked nor remembered: the server is localhost, and ~/.ssh stays as it was.
SSH = ["ssh", "-p", PORT, "-o", "BatchMode=yes", "-o", "ConnectTimeout=5", "-o", "StrictHostKeyChecking=no",
       "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
       *(["-i", KEY, "-o", "IdentitiesOnly=yes"] if KEY else []), "localhost"]


def _ssh_works() -> str | None:
    if shutil.which("ssh") is None:
        return "no ssh client"
    try:
        r = subprocess.run(SSH + ["true"], capture_output=True, timeout=20)
    except subprocess.TimeoutExpired:
        return "ssh localhost timed out"
    return None if r.returncode == 0 else f"ssh localhost -p {PORT} failed: {r.stderr.decode(errors='replace').strip()}"


REASON = _ssh_works()
pytestmark = pytest.mark.skipif(REASON is not None, reason=f"no key-based ssh to localhost ({REASON})")


def remote(workspace, env: str = "") -> subprocess.CompletedProcess:
    # The remote shell starts afresh: the test's own cache folder is passed on, so nothing is
    # written under the user's ~/.cache.
    cache = shlex.quote(os.environ.get("XDG_CACHE_HOME", str(workspace / ".cache")))
    command = (f"cd {shlex.quote(str(workspace))} && XDG_CACHE_HOME={cache} {env} "
               f"{shlex.quote(sys.executable)} -m ectui report")
    return subprocess.run(SSH + [command], capture_output=True, timeout=120)


def test_report_over_ssh_without_a_terminal(workspace):
    r = remote(workspace)
    out = r.stdout.decode("utf-8")
    assert r.returncode == 0, r.stderr
    assert "\x1b" not in out
    assert max(cell_len(line) for line in out.splitlines()) <= 80
    assert "泉州市" in out and "1,800亿元" in out


@pytest.mark.parametrize("env", ["LANG=C LC_ALL=C", "LANG=C TERM=dumb", "PYTHONIOENCODING=ascii"])
def test_report_over_ssh_with_a_poor_locale(workspace, env):
    r = remote(workspace, env)
    assert r.returncode == 0, r.stderr
    assert b"Traceback" not in r.stderr and b"\x1b" not in r.stdout
    assert len(r.stdout.splitlines()) > 50
