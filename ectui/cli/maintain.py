"""Keeping a workspace: `ectui init`, `ectui backup`, `ectui export`."""

from __future__ import annotations

import argparse
import sys

from ectui.cli.common import EXIT_OK, Failure, load, out
from ectui.recording.revisions_csv import export_csv
from ectui.recording.sharing import init_workspace


def cmd_init(args: argparse.Namespace) -> int:
    _, notes = init_workspace(args.dir, args.shared, args.empty)
    for note in notes:
        out(note)
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    ws, catalog = load(args)
    store = ws.open_store(catalog)
    store.backup(args.file)
    out(f"backed up {store.count()} revisions to {args.file}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    ws, catalog = load(args)
    revisions = ws.open_store(catalog).revisions()
    text = export_csv(revisions)
    if not args.output:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        with open(args.output, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    except OSError as exc:
        raise Failure(f"-o {args.output}: cannot write ({exc.strerror})") from None
    print(f"exported {len(revisions)} revisions to {args.output}", file=sys.stderr)
    return EXIT_OK
