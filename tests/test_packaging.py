"""The wheel holds every subpackage and the bundled targets.toml, and works on its own."""

import subprocess
import sys
import zipfile

from tests.conftest import ROOT


def test_wheel_contains_and_imports_every_subpackage(tmp_path):
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                        "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    [wheel] = list(tmp_path.glob("ectui-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("ectui/__init__.py", "ectui/cli.py", "ectui/targets.toml", "ectui/db/__init__.py",
                     "ectui/db/store.py", "ectui/screens/__init__.py"):
        assert required in names, required
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = ("import ectui, ectui.db, ectui.db.store, ectui.screens, ectui.cli, ectui.report, ectui.workspace;"
            "from pathlib import Path; import sys;"
            "assert Path(ectui.__file__).resolve().is_relative_to(Path(sys.argv[1]).resolve()), ectui.__file__;"
            "print(len(ectui.workspace.bundled_targets_text()))")
    # -P: do not put the current folder first; the extracted wheel goes first on the path
    r = subprocess.run([sys.executable, "-c", code, str(site)], capture_output=True, text=True, timeout=120,
                       env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert int(r.stdout) == len((ROOT / "targets.toml").read_text(encoding="utf-8"))
