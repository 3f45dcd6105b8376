"""How the ectui process ends: without the interpreter's teardown (ectui.cli.exit_now), yet with
all of its output written, its exit code kept, and a clear line when the output cannot be written."""

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


def _python(code: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # output buffered, as usual
    return subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, timeout=60)


def test_exit_now_writes_everything_and_keeps_the_code():
    r = _python("import sys\nfrom ectui.cli import exit_now\n"
                "for _ in range(1000): sys.stdout.write('x' * 299)\n"  # small writes: the last ones wait in a buffer
                "print('on stderr', file=sys.stderr, end='')\nexit_now(3)")
    assert (r.returncode, len(r.stdout), r.stderr) == (3, 299000, b"on stderr")


class _FullDisk:
    def write(self, text):
        return len(text)

    def flush(self):
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("code, expected", [(0, 1), (3, 1), (2, 2)])
def test_exit_now_says_when_the_output_could_not_be_written(monkeypatch, capsys, code, expected):
    """Unless the command failed already (and said why), an output that never arrived fails it."""
    from ectui import cli
    ended = []

    def end(status):
        ended.append(status)
        raise SystemExit  # os._exit would end the test run
    monkeypatch.setattr(cli.os, "_exit", end)
    monkeypatch.setattr(cli.sys, "stdout", _FullDisk())
    with pytest.raises(SystemExit):
        cli.exit_now(code)
    assert ended == [expected]
    said = capsys.readouterr().err
    assert said == ("ectui: cannot write the output (No space left on device)\n" if expected != code else "")


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
