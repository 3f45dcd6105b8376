"""Packages the top-level targets.toml into the ``ectui`` package at build time: the one thing
pyproject.toml cannot say (package data must live inside a package's folder).

targets.toml stays the single source at the repository's top level (the design card); the
wheel gets it as ``ectui/targets.toml`` so that new workspaces can be created from it.
"""

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


setup(cmdclass={"build_py": BuildWithTargets})
