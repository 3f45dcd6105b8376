"""The wheel holds every subpackage and the bundled targets.toml, and works on its own."""

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile

from tests.conftest import BUNDLED_TARGETS, ROOT


def test_wheel_contains_and_imports_every_subpackage(tmp_path):
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                        "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    [wheel] = list(tmp_path.glob("ectui-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("ectui/__init__.py", "ectui/cli/__init__.py", "ectui/targets.toml", "ectui/db/__init__.py",
                     "ectui/db/store.py", "ectui/screens/__init__.py"):
        assert required in names, required
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = ("import ectui, ectui.db, ectui.db.store, ectui.screens, ectui.cli, ectui.output.report, ectui.recording.workspace;"
            "from pathlib import Path; import sys;"
            "assert Path(ectui.__file__).resolve().is_relative_to(Path(sys.argv[1]).resolve()), ectui.__file__;"
            "print(len(ectui.recording.workspace.bundled_targets_text()))")
    # -P: do not put the current folder first; the extracted wheel goes first on the path
    r = subprocess.run([sys.executable, "-c", code, str(site)], capture_output=True, text=True, timeout=120,
                       env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert int(r.stdout) == len((ROOT / "targets.toml").read_text(encoding="utf-8"))

    # The command is the entry point, and the script pip makes of it runs a report.
    entry_points = zipfile.ZipFile(wheel).read("ectui-0.1.0.dist-info/entry_points.txt").decode()
    assert "[console_scripts]\nectui = ectui.cli:main" in entry_points
    target = tmp_path / "installed"
    r = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--target", str(target),
                        str(wheel)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    ws = tmp_path / "ws"
    ws.mkdir()
    shutil.copy(BUNDLED_TARGETS, ws / "targets.toml")
    dependencies = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    env = {"PYTHONPATH": os.pathsep.join([str(target), *dependencies]), "PATH": "/usr/bin:/bin",
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path)}
    r = subprocess.run([str(target / "bin" / "ectui"), "report", "--format", "json", "--region", "quanzhou",
                        "-w", str(ws)], capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert '"region": "quanzhou"' in r.stdout and r.stderr == ""
    r = subprocess.run([str(target / "bin" / "ectui"), "report", "--plan", "nonesuch", "-w", str(ws)],
                       capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert r.returncode == 2 and r.stderr.startswith("ectui: unknown plan 'nonesuch'"), r.stderr
