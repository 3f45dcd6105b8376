"""Recording figures: `ectui set`, `ectui import`, `ectui retract`."""

from __future__ import annotations

import argparse

from ectui.cli.common import (
    EXIT_OK,
    Failure,
    err,
    guard_editors,
    load,
    note_document_figures,
    out,
    progress_bar,
    read_input,
)
from ectui.collector import collector_paused
from ectui.db import current_user
from ectui.errors import InputError
from ectui.model import Catalog, NewRevision
from ectui.numbers import format_number
from ectui.recording.csv_import import ImportResult, read_csv
from ectui.recording.entry import check_figure, parse_year
from ectui.recording.workspace import Workspace
from ectui.targets.lookup import find_indicator, find_region
from ectui.text import literal

ERRORS_SHOWN = 50  # bad rows listed one by one; the rest are counted


def cmd_set(args: argparse.Namespace) -> int:
    ws, catalog = load(args)
    try:
        rev = check_figure(catalog, args.region, args.indicator, args.year, args.value, current_user(),
                           source=args.source, note=args.note, publisher=args.publisher,
                           published=args.published, official=not args.unofficial, url=args.url)
    except InputError as exc:
        raise Failure(f"rejected: {exc}") from None
    store, added = ws.open_for_writing(catalog)
    note_document_figures(added)
    store.record([rev])
    unit = catalog.indicators[rev.indicator].unit
    q = f"{rev.qualifier} " if rev.qualifier else ""
    out(f"recorded {rev.region} {rev.indicator} {rev.year}: {q}{format_number(rev.value, unit)} "
        f"(source: {literal(rev.source)})")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    ws, catalog = load(args)
    name, raw = read_input(args.file)
    # The rows after the header, for the progress bar: exact unless a quoted cell holds a line break.
    expected_rows = raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1) - 1
    with progress_bar("checking", expected_rows) as advance:
        result = read_csv(raw, name, catalog, progress=advance, default_source=args.source, sheet=args.sheet)
    _refuse_bad_rows(result, name)
    if result.restored is not None:
        return _restore(args, ws, catalog, result, name)
    if not result.good:
        raise Failure(f"{name}: no data rows after the header; nothing imported")
    guard_editors(catalog, (r.region for r in result.revisions))
    if args.dry_run:
        out(f"dry run: {result.good} row(s) ok, nothing written")
        return EXIT_OK
    store, added = ws.open_for_writing(catalog)
    note_document_figures(added)
    with progress_bar("writing", len(result.revisions)) as advance, collector_paused():
        n = store.record(result.revisions, progress=advance, skip_stored=True)
    skipped = len(result.revisions) - n
    out(f"imported {n} figure(s) from {name}" + (f"; {skipped} already stored, skipped" if skipped else ""))
    return EXIT_OK


def _refuse_bad_rows(result: ImportResult, name: str) -> None:
    """A note on a non-UTF-8 file; every bad row's line and reason, if any."""
    if result.encoding not in ("utf-8", "xlsx"):
        err(f"note: {name} read as {result.encoding.upper()} (not UTF-8)")
    if result.errors:
        lines = [f"{name}:{line}: {literal(reason)}" for line, reason in result.errors[:ERRORS_SHOWN]]
        if len(result.errors) > ERRORS_SHOWN:
            lines.append(f"… and {len(result.errors) - ERRORS_SHOWN} more bad rows")
        lines.append(f"nothing imported: {len(result.errors)} bad row(s) of "
                     f"{len(result.errors) + result.good}; fix them and run the import again")
        raise Failure("\n".join(lines))


def _restore(args: argparse.Namespace, ws: Workspace, catalog: Catalog, result: ImportResult, name: str) -> int:
    """A revisions export (`ectui export --revisions`) imported back, authors and times kept."""
    restored = result.restored or []
    guard_editors(catalog, (r.region for r, _, _ in restored))
    if args.dry_run:
        out(f"dry run: revisions export with {result.good} revision(s) ok, nothing written")
        return EXIT_OK
    n = ws.open_store(catalog).restore(restored)
    skipped = result.good - n
    out(f"restored {n} revision(s) from {name}, with their original authors and times"
        + (f"; {skipped} already present, skipped" if skipped else ""))
    return EXIT_OK


def cmd_retract(args: argparse.Namespace) -> int:
    ws, catalog = load(args)
    reg, ind = find_region(catalog, args.region), find_indicator(catalog, args.indicator)
    year = parse_year(args.year)
    guard_editors(catalog, [reg.id])
    store, added = ws.open_for_writing(catalog)
    note_document_figures(added)
    figures = store.current(regions=[reg.id]).get((reg.id, ind.id))
    if figures is None or figures.find(year) is None:
        raise Failure(f"nothing to retract: {reg.id} {ind.id} has no current figure for {year} "
                      f"(see `ectui history {reg.id} {ind.id}`)")
    store.record([NewRevision(reg.id, ind.id, year, None, source="retraction", note=args.note)])
    out(f"retracted {reg.id} {ind.id} {year} (history keeps every earlier revision)")
    return EXIT_OK
