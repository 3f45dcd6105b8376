"""The store (installed as ``ectui.db``): the only code that speaks SQL (docs/store.md).

Two engines behind one interface (``db/base.py``): an SQLite file, the embedded default
(``db/store.py``), and a PostgreSQL server (``db/postgres.py``) when ``--db`` is a
``postgresql://`` URL. ``open_store`` chooses by what it is given.
"""

from __future__ import annotations

import os
import sys

from ectui.db.base import (
    RevisionStore,
    StoreDamaged,
    StoreError,
    StoreReadOnly,
    StoreUnusable,
    current_user,
    utc_now,
)
from ectui.db.store import Store, explain, writable

SCHEMES = ("postgresql://", "postgres://")  # db/postgres.py's; here so that SQLite never imports psycopg


def is_url(location: str | os.PathLike) -> bool:
    """Whether a database location names a PostgreSQL server rather than a file."""
    return isinstance(location, str) and location.startswith(SCHEMES)


def writer_of(location: str | os.PathLike) -> str:
    """Who a write to ``location`` is recorded as: the OS user for a file; for a PostgreSQL URL the
    role it logs in as (the URL's user, else $PGUSER, else the OS user, as libpq chooses)."""
    if is_url(location):
        from urllib.parse import unquote, urlsplit
        user = unquote(urlsplit(os.fspath(location)).username or "")
        return user or os.environ.get("PGUSER") or current_user()
    return current_user()


def open_store(location: str | os.PathLike, readonly: bool | None = None) -> RevisionStore:
    """The store at ``location``: a PostgreSQL URL, else an SQLite file (created if missing)."""
    if is_url(location):
        try:
            from ectui.db.postgres import open_postgres
        except ImportError:
            raise StoreUnusable(f"{location}: PostgreSQL needs psycopg, which is not installed: "
                                "pip install 'ectui[postgres]'") from None
        return open_postgres(os.fspath(location), readonly)
    return Store(location, readonly)


def as_store_error(exc: BaseException) -> StoreError | None:
    """A database error that escaped a read (a damaged page met by a report, a server gone) as
    what it means; None for anything else."""
    from ectui.db import store
    found = store.as_store_error(exc)
    if found is None and "psycopg" in sys.modules:
        import psycopg

        from ectui.db import postgres
        if isinstance(exc, psycopg.Error):
            return postgres.explain(exc, "the database", writing=False)
    return found


__all__ = ["RevisionStore", "Store", "StoreDamaged", "StoreError", "StoreReadOnly", "StoreUnusable", "as_store_error",
           "current_user", "explain", "is_url", "open_store", "utc_now", "writable", "writer_of"]
