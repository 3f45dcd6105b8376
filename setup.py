"""Packages the top-level targets.toml into the ``ectui`` package at build time, and installs
the ``ectui`` command.

targets.toml stays the single source at the repository's top level (the design card); the
wheel gets it as ``ectui/targets.toml`` so that new workspaces can be created from it.
"""

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithTargets(build_py):
    def run(self):
        super().run()
        source = Path(__file__).parent / "targets.toml"
        dest = Path(self.build_lib) / "ectui" / "targets.toml"
        dest.parent.mkdir(parents=True, exist_ok=True)
        self.copy_file(str(source), str(dest))


# The command is bin/ectui, a plain script: the wrapper pip writes for a console-scripts entry
# point imports `re` first (5 ms of every start). Windows needs the entry point's .exe launcher,
# so a wheel for Windows must be built on Windows (`pip install .` there does).
if sys.platform == "win32":
    COMMAND = {"entry_points": {"console_scripts": ["ectui = ectui.cli:main"]}}
else:
    COMMAND = {"scripts": ["bin/ectui"]}

setup(cmdclass={"build_py": BuildWithTargets}, **COMMAND)
