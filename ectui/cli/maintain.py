"""Keeping a workspace: `ectui init`, `ectui backup`, `ectui export`."""

from __future__ import annotations

import argparse
import os
import sys

from ectui.cli.common import EXIT_OK, EXIT_USAGE, Failure, load, out, workspace, write_output
from ectui.db import is_url, open_store
from ectui.recording.revisions_csv import export_csv
from ectui.recording.sharing import init_postgres, init_workspace


def cmd_init(args: argparse.Namespace) -> int:
    if args.postgres:
        if args.shared:
            raise Failure("--shared is for an SQLite file; on PostgreSQL, rights are granted with `ectui grant`",
                          EXIT_USAGE)
        if not is_url(args.postgres):
            raise Failure(f"--postgres {args.postgres}: not a PostgreSQL URL (postgresql://owner@host/dbname)",
                          EXIT_USAGE)
        _, notes = init_postgres(args.dir or workspace(args).root, args.postgres, args.empty)
    elif not args.dir:
        raise Failure("ectui init needs a folder: ectui init DIR (or --postgres URL)", EXIT_USAGE)
    else:
        _, notes = init_workspace(args.dir, args.shared, args.empty)
    for note in notes:
        out(note)
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    if args.verify:
        return verify_backup(args.file)
    ws, catalog = load(args)
    count = ws.open_store(catalog).backup(args.file)
    out(f"backed up {count} revisions to {args.file} (checked)")
    return EXIT_OK


def verify_backup(path: str) -> int:
    """`ectui backup --verify FILE`: whether FILE is a sound ectui database, in one line."""
    if not os.path.isfile(path):
        raise Failure(f"{path}: no such file", EXIT_USAGE)
    with open(path, "rb") as fh:
        dumped = fh.read(5) == b"PGDMP"  # a PostgreSQL backup (`ectui backup` there runs pg_dump)
    if dumped:
        from ectui.db.postgres import verify_dump
        out(verify_dump(path))
        return EXIT_OK
    store = open_store(path, readonly=True)
    problems = store.problems(full=True)
    if problems:
        raise Failure(f"{path}: NOT a sound backup — {'; '.join(problems)}")
    out(f"{path}: ok — {store.count()} revisions, schema v{store.schema_version}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    ws, catalog = load(args)
    revisions = ws.open_store(catalog).revisions()
    to_terminal = not args.output and sys.stdout.isatty()
    text = export_csv(revisions, catalog, for_terminal=to_terminal)
    write_output(args.output, lambda out: out.write(text), newline="")
    if args.output:
        print(f"exported {len(revisions)} revisions to {args.output}", file=sys.stderr)
    return EXIT_OK
