"""Find the workspace (targets.toml + database) and open it.

Search order (docs/workspace.md): ``--workspace DIR`` / ``$ECTUI_HOME``; the current folder and its
parents (the first holding a targets.toml); a per-user default workspace created on first
run from the bundled targets.toml. ``--targets`` overrides the targets file; the database is
``--db``, else ``$ECTUI_DB``, else the workspace's ``ectui.toml`` (``[store] url = "…"``), else
``ectui.db`` in the workspace. A database may be a file or a ``postgresql://`` URL.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import NamedTuple

from ectui.db import RevisionStore, is_url, open_store
from ectui.errors import WorkspaceError
from ectui.model import Catalog, NewRevision
from ectui.targets.cache import load_catalog

TARGETS_NAME = "targets.toml"
DB_NAME = "ectui.db"
CONFIG_NAME = "ectui.toml"  # a workspace's settings: [store] url


class Workspace(NamedTuple):
    """The files a command works on, and how they were found."""

    root: str
    targets_path: str
    db_path: str
    found_by: str  # how the workspace was chosen, for `ectui where`
    db_found_by: str = ""  # how the database was chosen ("" = beside targets.toml)

    @property
    def db_shown(self) -> str:
        """The database to name in messages: a file's path, or a server's URL without its password."""
        if is_url(self.db_path):
            from ectui.db.postgres import shown
            return shown(self.db_path)
        return self.db_path

    def load(self, regions: Sequence[str] | None = None) -> Catalog:
        """The catalog; ``regions`` may narrow it to what a report on them shows (see load_catalog)."""
        return load_catalog(self.targets_path, regions)

    def open_store(self, catalog: Catalog | None = None, readonly: bool | None = None,
                   seed: bool = True) -> RevisionStore:
        """Open the database; a new one is seeded with the figures the documents report."""
        store = open_store(self.db_path, readonly)
        if seed and store.created and not store.readonly:
            catalog = catalog or self.load()
            store.record(seed_revisions(catalog))
        return store

    def open_for_writing(self, catalog: Catalog) -> tuple[RevisionStore, list[NewRevision]]:
        """Open the database to record figures, first storing the document figures of
        targets.toml that are not stored yet (added to the file since): (store, those added)."""
        store = self.open_store(catalog)
        if store.readonly or not store.keeps_documents:
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
    db_path, db_found_by = _database(root, db)
    return Workspace(
        root=root,
        targets_path=os.fspath(targets) if targets else os.path.join(root, TARGETS_NAME),
        db_path=db_path,
        found_by=found_by,
        db_found_by=db_found_by,
    )


def _database(root: str, db: str | os.PathLike | None) -> tuple[str, str]:
    """(the database, how it was chosen): --db, $ECTUI_DB, the workspace's ectui.toml, ectui.db."""
    if db:
        return os.fspath(db), "--db"
    if os.environ.get("ECTUI_DB"):
        return os.environ["ECTUI_DB"], "$ECTUI_DB"
    config = os.path.join(root, CONFIG_NAME)
    if os.path.isfile(config):
        import tomllib
        try:
            with open(config, "rb") as fh:
                url = tomllib.load(fh).get("store", {}).get("url", "")
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise WorkspaceError(f"{config}: cannot be read ({exc}); fix it or remove it") from None
        if not isinstance(url, str):
            raise WorkspaceError(f"{config}: [store] url must be text, such as \"postgresql://user@host/ectui\"")
        if url:
            return (url if is_url(url) else os.path.join(root, url)), f"{CONFIG_NAME} [store] url"
    return os.path.join(root, DB_NAME), ""


def _create(root: str) -> None:
    try:
        os.makedirs(root, exist_ok=True)
        with open(os.path.join(root, TARGETS_NAME), "w", encoding="utf-8") as fh:
            fh.write(bundled_targets_text())
    except OSError as exc:
        raise WorkspaceError(f"cannot create a workspace in {root}: {exc.strerror}; "
                             "use --workspace DIR with a folder you can write") from None
