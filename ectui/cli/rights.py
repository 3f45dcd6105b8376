"""Who may do what on a PostgreSQL database: `ectui grant`, `ectui revoke` (db/postgres.py)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ectui.cli.common import EXIT_OK, EXIT_USAGE, Failure, load, out
from ectui.model import Catalog
from ectui.targets.lookup import find_region
from ectui.text import literal

if TYPE_CHECKING:
    from ectui.db.postgres import PostgresStore


def cmd_grant(args: argparse.Namespace) -> int:
    catalog, store = _open(args)
    if args.list:
        return _list(store)
    region, role = _region_and_role(args, catalog, "grant")
    if region is None:
        store.grant(role, None, [])
        out(f"{role} may read every figure at {store.path}")
        return EXIT_OK
    regions = catalog.descendants(region)
    store.grant(role, region, regions)
    below = f" and the {len(regions) - 1} region(s) below it" if len(regions) > 1 else ""
    out(f"{role} may add figures of {region}{below} at {store.path} (and read every figure)")
    return EXIT_OK


def cmd_revoke(args: argparse.Namespace) -> int:
    catalog, store = _open(args)
    region, role = _region_and_role(args, catalog, "revoke")
    n = store.revoke(role, region)
    if region is None:
        out(f"{role} may no longer read or write at {store.path}" + (f" ({n} region right(s) removed)" if n else ""))
    elif n:
        out(f"{role} may no longer add figures of {region} ({n} region(s)) at {store.path}; it still reads "
            f"(`ectui revoke --read {role}` takes that too)")
    else:
        raise Failure(f"{role} had no grant of {region} at {store.path}; `ectui grant --list` shows the grants")
    return EXIT_OK


def _open(args: argparse.Namespace) -> tuple[Catalog, PostgresStore]:
    ws, catalog = load(args)
    store = ws.open_store(catalog, seed=False)
    if store.engine != "postgresql":
        raise Failure(f"{ws.db_shown} is an SQLite file: its rights are the file's permissions (see `ectui init "
                      "--shared GROUP`); `ectui grant` is for a PostgreSQL database (`ectui init --postgres URL`)",
                      EXIT_USAGE)
    from ectui.db.postgres import PostgresStore
    assert isinstance(store, PostgresStore)
    return catalog, store


def _region_and_role(args: argparse.Namespace, catalog: Catalog, verb: str) -> tuple[str | None, str]:
    if args.read:
        role = args.role or args.region
        if not role or (args.role and args.region):
            raise Failure(f"usage: ectui {verb} --read ROLE", EXIT_USAGE)
        return None, role
    if not args.region or not args.role:
        raise Failure(f"usage: ectui {verb} REGION ROLE (or --read ROLE, or --list)", EXIT_USAGE)
    return find_region(catalog, args.region).id, args.role


def _list(store: PostgresStore) -> int:
    rights = store.rights()
    if not rights:
        out(f"{store.path}: only its owner may write; nobody else has been granted anything")
    for role, granted, regions in rights:
        if granted:
            below = f" (with {', '.join(literal(r) for r in regions if r != granted)})" if len(regions) > 1 else ""
            out(f"{role:<16} writes {literal(granted)}{below}")
        else:
            out(f"{role:<16} reads")
    return EXIT_OK
