"""Looking at what is stored and configured: `ectui history`, `ectui check`, `ectui where`."""

from __future__ import annotations

import argparse
import json
import os

from ectui.cli.common import EXIT_OK, Failure, describe_figures, load, out, workspace
from ectui.db import is_url, writable
from ectui.output.console import make_console
from ectui.output.history import history_table
from ectui.targets.lookup import find_indicator, find_region
from ectui.text import literal


def cmd_history(args: argparse.Namespace) -> int:
    ws, catalog = load(args)
    reg, ind = find_region(catalog, args.region), find_indicator(catalog, args.indicator)
    store = ws.open_store(catalog)
    revisions = store.history(reg.id, ind.id)
    counting = store.counting(revisions)
    if args.format == "json":
        out(json.dumps({"region": reg.id, "indicator": ind.id, "unit": ind.unit,
                        "revisions": [{**r._asdict(), "counts": r.id in counting} for r in revisions]},
                       ensure_ascii=False, indent=2))
    else:
        make_console().print(history_table(reg, ind, revisions, args.lang, counting))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    ws, catalog = load(args)
    out(f"{ws.targets_path}: ok — {len(catalog.regions)} regions, {len(catalog.indicators)} "
        f"indicators, {len(catalog.plans)} plans, {len(catalog.targets)} targets, "
        f"{len(catalog.figures)} document figures")
    store, added = ws.open_for_writing(catalog)
    if added:
        out(f"stored {len(added)} figure(s) that targets.toml's documents report and the database did not have yet:")
        for line in describe_figures(added):
            out(line)
    if store.engine == "postgresql":  # a region added below a granted one: its editors may write it too
        from ectui.db.postgres import PostgresStore
        assert isinstance(store, PostgresStore)
        changed = store.refresh_rights(catalog.descendants)
        if changed:
            out(f"brought the editors' rights up to date with targets.toml ({changed} region right(s) changed)")
    problems = [f"{store.path}: damaged — {problem}; restore it from a backup (`ectui backup --verify FILE` checks one)"
                for problem in store.problems(full=args.full)]
    for region, indicator, count in store.unknown_keys(set(catalog.regions), set(catalog.indicators)):
        problems.append(f"{store.path}: {count} revision(s) for {literal(region)}/{literal(indicator)}, "
                        "which targets.toml does not define (restore the definition in targets.toml)")
    mode = "read-only" if store.readonly else "writable"
    out(f"{store.path}: {'ok' if not problems else 'PROBLEMS'} — {store.count()} revisions, "
        f"schema v{store.schema_version}, {mode}")
    if args.list:
        for r in catalog.region_order():
            reg = catalog.regions[r]
            out(f"  region    {'  ' * catalog.depth(r)}{reg.id:<12} {literal(reg.name_zh)} / {literal(reg.name_en)}")
        for i in catalog.indicators.values():
            out(f"  indicator {i.id:<28} {literal(i.unit):<6} {literal(i.name_zh)} / {literal(i.name_en)}")
        for p in catalog.plans.values():
            out(f"  plan      {p.id:<14} {p.start}–{p.end} {literal(p.title)}")
    if problems:
        raise Failure("\n".join(problems))
    return EXIT_OK


def cmd_where(args: argparse.Namespace) -> int:
    ws = workspace(args)
    out(f"workspace: {literal(ws.root)}  ({ws.found_by})")
    out(f"targets:   {literal(ws.targets_path)}{'' if os.path.exists(ws.targets_path) else '  (missing)'}")
    chosen = f"  ({ws.db_found_by})" if ws.db_found_by else ""
    if is_url(ws.db_path):
        out(f"database:  PostgreSQL {literal(ws.db_shown)}{chosen}")
        store = ws.open_store(seed=False)
        rights = "read-only" if store.readonly else "owner" if store.keeps_documents else "editor"
        out(f"           role {literal(store.writer)} ({rights}), schema v{store.schema_version}, "
            f"{store.count()} revisions")
        store.close()
    elif os.path.exists(ws.db_path):
        out(f"database:  SQLite {literal(ws.db_path)}{chosen}{'' if writable(ws.db_path) else '  (read-only)'}")
    else:
        out(f"database:  SQLite {literal(ws.db_path)}{chosen}  (created on first use)")
    return EXIT_OK
