"""How the ectui process ends: with all of its output written, its exit code kept, and one clear
line (not a traceback or the interpreter's warning) when the output cannot be written."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys

import pytest

from tests.conftest import run_ectui

FULL_DEVICE = "/dev/full"  # every write fails with ENOSPC
needs_full_device = pytest.mark.skipif(not os.path.exists(FULL_DEVICE), reason="no /dev/full here")


class _FullDisk:
    def write(self, text):
        return len(text)

    def flush(self):
        raise OSError(errno.ENOSPC, "No space left on device")


def test_an_output_that_cannot_be_written_fails_the_command_with_one_line(monkeypatch, capsys, workspace):
    import ectui.cli as cli
    monkeypatch.setattr(cli.sys, "stdout", _FullDisk())
    assert cli.main(["where", "-w", str(workspace)]) == 1
    assert capsys.readouterr().err == "ectui: cannot write the output (No space left on device)\n"


def test_a_command_that_failed_already_keeps_its_code_and_message(monkeypatch, capsys, workspace):
    import ectui.cli as cli
    monkeypatch.setattr(cli.sys, "stdout", _FullDisk())
    assert cli.main(["report", "--plan", "nonesuch", "-w", str(workspace)]) == 2
    assert capsys.readouterr().err.startswith("ectui: unknown plan 'nonesuch'")


def test_the_command_writes_everything_and_keeps_an_alert_code(workspace):
    """Exit 3 of --fail-on, with a report larger than any pipe buffer written whole."""
    r = run_ectui("report", "--format", "json", "--fail-on", "no_data", "-w", workspace)
    assert r.returncode == 3 and json.loads(r.stdout)["rows"]
    assert r.stderr.decode().startswith("ectui: ") and "no_data" in r.stderr.decode()


@needs_full_device
@pytest.mark.parametrize("args", [("report", "--format", "json"), ("report",), ("report", "--format", "csv"),
                                  ("where",)])
def test_a_full_disk_is_one_line_and_exit_1(workspace, args):
    ws = workspace
    with open(FULL_DEVICE, "w") as full:
        r = subprocess.run([sys.executable, "-m", "ectui", *args, "-w", str(ws)], stdout=full,
                           stderr=subprocess.PIPE, timeout=120)
    lines = r.stderr.decode().splitlines()
    assert r.returncode == 1 and len(lines) == 1, lines
    assert lines[0] == "ectui: cannot write the output (No space left on device)"


def test_a_reader_that_leaves_early_is_not_an_error(workspace):
    """`ectui report | head -1`: exit 0 and nothing on stderr. The pipe is closed before ectui
    writes, so that its write fails whatever the size of the pipe's buffer."""
    ws = workspace
    proc = subprocess.Popen([sys.executable, "-m", "ectui", "report", "--format", "json", "-w", str(ws)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    assert proc.wait(timeout=120) == 0
    assert proc.stderr.read() == b""


def test_the_command_ends_with_its_report_whole(workspace):
    ws = workspace
    r = run_ectui("report", "--format", "json", "-w", ws)
    assert r.returncode == 0 and r.stderr == b""
    assert json.loads(r.stdout)["rows"]  # the check can fail: the whole object arrived
