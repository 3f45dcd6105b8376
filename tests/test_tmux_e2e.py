"""The installed `ectui` in a real terminal (tmux): open, navigate, record a figure, see another
process's write appear, drill through the league table and back, switch language, quit, and find
the language remembered on the next start."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid

import pytest

from tests.conftest import run_ectui

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")


# The test's own tmux server (-L): a client attached to another server, of another size, cannot
# resize its window; -f /dev/null: no user configuration.
SERVER = f"ectui-test-{uuid.uuid4().hex[:8]}"


def tmux(*args: str, check: bool = False) -> str:
    return subprocess.run(["tmux", "-L", SERVER, "-f", "/dev/null", *args], capture_output=True, text=True,
                          timeout=30, check=check).stdout


def wait_for(session: str, text: str, timeout: float = 20, gone: bool = False, also: tuple[str, ...] = (),
             absent: tuple[str, ...] = ()) -> str:
    """Wait until ``text`` is on the screen (or, with gone=True, no longer on it), with every
    string of ``also`` and none of ``absent``: a capture can catch a frame half drawn."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session)
        if ((text in screen) != gone and all(t in screen for t in also)
                and not any(t in screen for t in absent)):
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} {'still' if gone else 'not'} on screen (with {also}, without {absent}):\n{screen}")


def test_dashboard_in_tmux(workspace):
    session = f"ectui-{uuid.uuid4().hex[:8]}"
    command = f"{sys.executable} -m ectui -w {workspace}; echo EXITED-$?; sleep 5"
    tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", command, check=True)
    try:
        # the whole first frame: a capture can catch the panels drawn before the breadcrumb
        screen = wait_for(session, "全国", also=("总览", "q 退出", "地区：全国"))
        assert "ectui — ws/ectui.db" in screen
        tmux("send-keys", "-t", session, "2")
        wait_for(session, "指标")
        tmux("send-keys", "-t", session, "/")
        time.sleep(0.5)  # as a person would: keys sent before the box has focus go to the table's bindings
        tmux("send-keys", "-t", session, "-l", "ec_transactions")
        screen = wait_for(session, "泉州市", also=("电子商务交易额",), absent=("网络零售额",))
        assert screen.count("电子商务交易额") == 2  # 全国 and 泉州市: the filter keeps only those rows
        # a second shell records a figure; the open dashboard shows it within 2 seconds
        r = run_ectui("set", "quanzhou", "ec_transactions", "1,950亿元", "--year", "2015", "-w", workspace)
        assert r.returncode == 0
        wait_for(session, "已达成", timeout=4)
        tmux("send-keys", "-t", session, "Escape")
        time.sleep(0.5)  # ESC then q at once would read as Alt+q
        # the league table: China's provinces, then into Fujian (its cities), and back up
        tmux("send-keys", "-t", session, "3")
        wait_for(session, "甘肃省", also=("福建省", "落后"))
        tmux("send-keys", "-t", session, "Enter")
        screen = wait_for(session, "全国 › 福建省", also=("泉州市",))
        assert "✔" in screen  # Quanzhou's transactions, met with the figure just recorded
        tmux("send-keys", "-t", session, "BSpace")
        wait_for(session, "甘肃省", also=("地区：全国",))
        tmux("send-keys", "-t", session, "l")
        wait_for(session, "1 Overview", also=("Region: China",))
        tmux("send-keys", "-t", session, "q")
        wait_for(session, "EXITED-0")
        tmux("kill-session", "-t", session)
        # started again: in English, as left
        tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", command, check=True)
        wait_for(session, "1 Overview", also=("China",))
        tmux("send-keys", "-t", session, "q")
        wait_for(session, "EXITED-0")
    finally:
        tmux("kill-server")
