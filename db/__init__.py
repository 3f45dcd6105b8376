"""The SQLite store (installed as ``ectui.db``): the only code that speaks SQL (docs/store.md)."""

from ectui.db.store import (
    Store,
    StoreDamaged,
    StoreError,
    StoreReadOnly,
    StoreUnusable,
    as_store_error,
    current_user,
    explain,
    open_store,
    utc_now,
    writable,
)

__all__ = ["Store", "StoreDamaged", "StoreError", "StoreReadOnly", "StoreUnusable", "as_store_error", "current_user", "explain",
           "open_store", "utc_now", "writable"]
