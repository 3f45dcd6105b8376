"""The SQLite store (installed as ``ectui.db``): the only code that speaks SQL (docs/store.md)."""

from ectui.db.store import Store, StoreError, StoreReadOnly, StoreUnusable, current_user, open_store, utc_now, writable

__all__ = ["Store", "StoreError", "StoreReadOnly", "StoreUnusable", "current_user", "open_store", "utc_now",
           "writable"]
