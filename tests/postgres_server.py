"""A PostgreSQL server for the tests: the one $ECTUI_TEST_POSTGRES names (`.ci/run` starts one), else
a throwaway cluster started here under a temporary folder on a free local port, else none (the
tests that need it skip, saying why).

$ECTUI_TEST_POSTGRES is the URL of a superuser, e.g. ``postgresql://ectui_admin@127.0.0.1:5433/postgres``.
Each test gets a database of its own, owned by a role that is not a superuser (as a real
deployment's owner would be) but may create roles.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

SUPERUSER = "ectui_admin"
OWNER = "ectui_owner"


def _binaries() -> str | None:
    found = shutil.which("initdb")
    if found:
        return os.path.dirname(os.path.realpath(found))
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return os.path.dirname(versions[-1]) if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user() -> list[str]:
    """initdb and postgres refuse to run as root: run them as the postgres user if we are root."""
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser")
    try:
        import pwd
        pwd.getpwnam("postgres")
    except KeyError:
        raise RuntimeError("running as root and there is no 'postgres' user to run the server as") from None
    if not runuser:
        raise RuntimeError("running as root and runuser is missing")
    return [runuser, "-u", "postgres", "--"]


@contextmanager
def throwaway_cluster() -> Iterator[str]:
    """Start a cluster under a temporary folder; yields a superuser's URL; stops and removes it."""
    binaries = _binaries()
    if binaries is None:
        raise RuntimeError("PostgreSQL's initdb is not installed (Debian: apt-get install postgresql)")
    prefix = _as_server_user()
    folder = tempfile.mkdtemp(prefix="ectui-pg-")
    if prefix:
        shutil.chown(folder, "postgres")
    data, port = os.path.join(folder, "data"), _free_port()
    try:
        subprocess.run([*prefix, f"{binaries}/initdb", "-D", data, "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
                        "--locale=C.UTF-8", "--no-sync"], check=True, capture_output=True, cwd=folder)
        subprocess.run([*prefix, f"{binaries}/pg_ctl", "-D", data, "-l", os.path.join(folder, "log"), "-w",
                        "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                              "-c synchronous_commit=off -c full_page_writes=off", "start"],
                       check=True, capture_output=True, cwd=folder)
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"could not start PostgreSQL: {exc.stderr.decode(errors='replace').strip()[-300:]}") from None
    try:
        yield f"postgresql://{SUPERUSER}@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*prefix, f"{binaries}/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"],
                       capture_output=True, cwd=folder)
        shutil.rmtree(folder, ignore_errors=True)


class Server:
    """A running server reached as a superuser: makes a database per test, and roles."""

    _numbers = itertools.count(1)

    def __init__(self, admin_url: str):
        import psycopg
        self.admin_url = admin_url
        self.made: list[str] = []
        self.base = admin_url.rsplit("/", 1)[0].replace(f"//{SUPERUSER}@", "//", 1)
        deadline = time.monotonic() + 30
        while True:
            try:
                self.admin = psycopg.connect(admin_url, autocommit=True)
                break
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        self.role(OWNER, "LOGIN CREATEROLE")

    def role(self, name: str, options: str = "LOGIN") -> str:
        exists = self.admin.execute("SELECT count(*) FROM pg_roles WHERE rolname = %s", (name,)).fetchone()[0]
        if not exists:
            self.admin.execute(f'CREATE ROLE "{name}" {options}')
        return name

    def database(self) -> str:
        """A new, empty database owned by OWNER; returns its name."""
        name = f"ectui_test_{os.getpid()}_{next(self._numbers)}"
        self.admin.execute(f'CREATE DATABASE "{name}" OWNER "{OWNER}"')
        self.made.append(name)
        return name

    def url(self, database: str, role: str = OWNER) -> str:
        return self.base.replace("//", f"//{role}@", 1) + f"/{database}"

    def close(self) -> None:
        """Drop the databases the tests made (a developer's own server keeps nothing of them)."""
        for name in self.made:
            self.admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.close()
