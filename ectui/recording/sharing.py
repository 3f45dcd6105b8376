"""`ectui init [--shared GROUP] DIR`: a workspace that several OS users can write;
`ectui init --postgres URL [DIR]`: a workspace whose database is on a PostgreSQL server.

The OS permissions are the real boundary: the folder is setgid and group-writable so that files
created in it belong to GROUP, and the database is group-writable. SQLite creates its journal with
the database file's permissions, so one user's write never leaves a file the others cannot use.
"""

from __future__ import annotations

import grp
import os
import stat
from pathlib import Path

from ectui.errors import SharingError
from ectui.model import TargetsError
from ectui.recording.workspace import (
    CONFIG_NAME,
    DB_NAME,
    TARGETS_NAME,
    Workspace,
    bundled_targets_text,
    seed_revisions,
)

DIR_MODE = 0o2775  # rwxrwsr-x: setgid, group-writable
FILE_MODE = 0o664


def _group_id(group: str) -> int:
    try:
        return grp.getgrnam(group).gr_gid
    except KeyError:
        raise SharingError(f"unknown group {group!r}: create it (groupadd {group}) and add the analysts "
                           f"(usermod -aG {group} USER), then run this again") from None


def _share(path: Path, gid: int, mode: int) -> None:
    try:
        os.chown(path, -1, gid)
        os.chmod(path, mode)
    except PermissionError:
        raise SharingError(f"cannot give {path} to the group: you must own it or be root "
                           f"(currently mode {stat.filemode(path.stat().st_mode)})") from None


def init_workspace(directory: str | Path, group: str | None = None,
                   empty: bool = False) -> tuple[Workspace, list[str]]:
    """Create or complete a workspace; ``empty`` leaves a new database without the document
    figures (a target for restoring an export)."""
    root = Path(directory)
    gid = _group_id(group) if group else None
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SharingError(f"cannot create {root}: {exc.strerror}") from None
    notes = []
    if gid is not None:
        _share(root, gid, DIR_MODE)
    targets = root / TARGETS_NAME
    if not targets.exists():
        targets.write_text(bundled_targets_text(), encoding="utf-8")
        notes.append(f"created {targets} from the bundled targets")
    db_path = root / DB_NAME
    ws = Workspace(str(root), str(targets), str(db_path), "ectui init")
    try:
        catalog = ws.load()
    except TargetsError as exc:
        raise SharingError(str(exc)) from None
    existed = db_path.exists()
    store = ws.open_store(catalog, seed=not empty)
    notes.append(f"{'using' if existed else 'created'} {ws.db_path} ({store.count()} revisions)")
    store.close()
    if gid is not None:
        for path in (targets, db_path):
            _share(path, gid, FILE_MODE)
        notes.append(f"shared with group {group}: folder {stat.filemode(root.stat().st_mode)}, "
                     f"database {stat.filemode(db_path.stat().st_mode)}; members of {group} can record, "
                     "others can read reports")
    return ws, notes


def init_postgres(directory: str | Path, url: str, empty: bool = False) -> tuple[Workspace, list[str]]:
    """Create the schema and roles on a PostgreSQL server (as its owner), store the document
    figures there (unless ``empty``), and point the workspace at it (its ectui.toml)."""
    from ectui.db.postgres import open_postgres, shown
    root = Path(directory)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SharingError(f"cannot create {root}: {exc.strerror}") from None
    notes = []
    targets = root / TARGETS_NAME
    if not targets.exists():
        targets.write_text(bundled_targets_text(), encoding="utf-8")
        notes.append(f"created {targets} from the bundled targets")
    ws = Workspace(str(root), str(targets), url, "ectui init", "--postgres")
    try:
        catalog = ws.load()
    except TargetsError as exc:
        raise SharingError(str(exc)) from None
    store = open_postgres(url, create=True)
    if store.created and not empty:
        store.record(seed_revisions(catalog))
    notes.append(f"{'created' if store.created else 'using'} the ectui database at {store.path} "
                 f"(schema v{store.schema_version}, {store.count()} revisions; owner {store.role})")
    if store.created:
        notes.append(f"roles: {store.reader} reads, {store.editor} may add figures of the regions granted to it; "
                     "grant them with `ectui grant --read ROLE` and `ectui grant REGION ROLE`")
    store.close()
    config = root / CONFIG_NAME
    line = f'[store]\nurl = "{shown(url)}"\n'
    if not config.exists():
        config.write_text("# Where this workspace's figures are kept (ectui init --postgres). Passwords belong in\n"
                          "# ~/.pgpass or $PGPASSWORD, never here.\n" + line, encoding="utf-8")
        notes.append(f"wrote {config}: commands in {root} now use {shown(url)}")
    elif shown(url) not in config.read_text(encoding="utf-8"):
        notes.append(f"note: {config} exists and names another database; left as it is "
                     f"(set [store] url = \"{shown(url)}\" there to use this one)")
    return ws, notes
