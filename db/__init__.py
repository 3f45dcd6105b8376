"""The SQLite store (installed as ``ectui.db``): the only code that speaks SQL."""

from ectui.db.store import NewRevision, Store, StoreError, StoreReadOnly, open_store

__all__ = ["NewRevision", "Store", "StoreError", "StoreReadOnly", "open_store"]
