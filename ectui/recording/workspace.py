"""Find the workspace (targets.toml + database) and open it.

Search order (docs/workspace.md): ``--workspace DIR`` / ``$ECTUI_HOME``; the current folder and its
parents (the first holding a targets.toml); a per-user default workspace created on first
run from the bundled targets.toml. ``--targets`` and ``--db`` override one file each.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import NamedTuple

from ectui.db import Store, open_store
from ectui.errors import WorkspaceError
from ectui.model import Catalog, NewRevision
from ectui.targets.cache import load_catalog

TARGETS_NAME = "targets.toml"
DB_NAME = "ectui.db"


class Workspace(NamedTuple):
    """The files a command works on, and how they were found."""

    root: str
    targets_path: str
    db_path: str
    found_by: str  # how the workspace was chosen, for `ectui where`

    def load(self, regions: Sequence[str] | None = None) -> Catalog:
        """The catalog; ``regions`` may narrow it to what a report on them shows (see load_catalog)."""
        return load_catalog(self.targets_path, regions)

    def open_store(self, catalog: Catalog | None = None, readonly: bool | None = None,
                   seed: bool = True) -> Store:
        """Open the database; a new one is seeded with the figures the documents report."""
        store = open_store(self.db_path, readonly)
        if seed and store.created and not store.readonly:
            catalog = catalog or self.load()
            store.record(seed_revisions(catalog))
        return store

    def open_for_writing(self, catalog: Catalog) -> tuple[Store, list[NewRevision]]:
        """Open the database to record figures, first storing the document figures of
        targets.toml that are not stored yet (added to the file since): (store, those added)."""
        store = self.open_store(catalog)
        if store.readonly:
            return store, []
        return store, store.record_missing(seed_revisions(catalog))


def seed_revisions(catalog: Catalog) -> list[NewRevision]:
    return [NewRevision(f.region, f.indicator, f.year, f.value, unit=catalog.indicators[f.indicator].unit,
                        qualifier=f.qualifier, entered=f.entered, source=f.source, note=f.note,
                        publisher=f.publisher, published=f.published, url=f.url)
            for f in catalog.figures]


def bundled_targets_text() -> str:
    """The targets.toml shipped with ectui (from the wheel, or the source checkout)."""
    from importlib import resources
    try:
        return resources.files("ectui").joinpath(TARGETS_NAME).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))  # ectui/
        checkout = os.path.dirname(package)
        with open(os.path.join(checkout, TARGETS_NAME), encoding="utf-8") as fh:
            return fh.read()


def default_home() -> str:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(base, "ectui")


def _parents(folder: str):
    """The folder, then each folder above it up to the root."""
    while True:
        yield folder
        above = os.path.dirname(folder)
        if above == folder:
            return
        folder = above


def resolve(workspace: str | os.PathLike | None = None, targets: str | os.PathLike | None = None,
            db: str | os.PathLike | None = None, cwd: str | os.PathLike | None = None) -> Workspace:
    found_by = ""
    root: str | None = None
    if workspace:
        root, found_by = os.fspath(workspace), "--workspace"
    elif os.environ.get("ECTUI_HOME"):
        root, found_by = os.environ["ECTUI_HOME"], "$ECTUI_HOME"
    if root is not None:
        if not os.path.isdir(root):
            raise WorkspaceError(f"workspace folder {root} ({found_by}) does not exist: create it "
                                 "or point to an existing folder")
        if not os.path.exists(os.path.join(root, TARGETS_NAME)) and not targets:
            _create(root)
            found_by += ", created from the bundled targets.toml"
    else:
        for folder in _parents(os.path.realpath(os.fspath(cwd) if cwd else os.getcwd())):
            if os.path.isfile(os.path.join(folder, TARGETS_NAME)):
                root, found_by = folder, "found in the current folder or a parent"
                break
    if root is None:
        root = default_home()
        found_by = "per-user default workspace"
        if not os.path.exists(os.path.join(root, TARGETS_NAME)):
            _create(root)
            found_by += " (created now from the bundled targets.toml)"
    return Workspace(
        root=root,
        targets_path=os.fspath(targets) if targets else os.path.join(root, TARGETS_NAME),
        db_path=os.fspath(db) if db else os.path.join(root, DB_NAME),
        found_by=found_by,
    )


def _create(root: str) -> None:
    try:
        os.makedirs(root, exist_ok=True)
        with open(os.path.join(root, TARGETS_NAME), "w", encoding="utf-8") as fh:
            fh.write(bundled_targets_text())
    except OSError as exc:
        raise WorkspaceError(f"cannot create a workspace in {root}: {exc.strerror}; "
                             "use --workspace DIR with a folder you can write") from None
