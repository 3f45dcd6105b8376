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
from ectui.db import writer_of
from ectui.errors import InputError
from ectui.model import Catalog, NewRevision
from ectui.numbers import format_number
from ectui.periods import parse_period, period_label
from ectui.recording.csv_import import ImportResult, read_csv
from ectui.recording.entry import check_figure, parse_year
from ectui.recording.plausible import doubts, refuse_doubtful
from ectui.recording.workspace import Workspace
from ectui.targets.lookup import find_indicator, find_region
from ectui.text import literal

ERRORS_SHOWN = 50  # bad rows listed one by one; the rest are counted


def cmd_set(args: argparse.Namespace) -> int:
    ws, catalog = load(args)
    try:
        rev = check_figure(catalog, args.region, args.indicator, args.year, args.value, writer_of(ws.db_path),
                           source=args.source, note=args.note, publisher=args.publisher,
                           published=args.published, official=not args.unofficial, url=args.url,
                           period=args.period)
    except InputError as exc:
        raise Failure(f"rejected: {exc}") from None
    store, added = ws.open_for_writing(catalog)
    note_document_figures(added)
    store.require_writable()
    if not args.force:
        try:
            refuse_doubtful(rev, store.current(regions=[rev.region]), catalog)
        except InputError as exc:
            raise Failure(f"rejected: {literal(str(exc))}") from None
    store.record([rev])
    unit = catalog.indicators[rev.indicator].unit
    q = f"{rev.qualifier} " if rev.qualifier else ""
    part = f" {period_label(rev.period, 'zh')}" if rev.period else ""
    out(f"recorded {rev.region} {rev.indicator} {rev.year}{part}: {q}{format_number(rev.value, unit)} "
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
    guard_editors(catalog, (r.region for r in result.revisions), writer_of(ws.db_path))
    if args.dry_run:
        out(f"dry run: {result.good} row(s) ok, nothing written")
        return EXIT_OK
    store, added = ws.open_for_writing(catalog)
    note_document_figures(added)
    store.require_writable()
    regions = {r.region for r in result.revisions}
    # a country's worth of regions is read whole: cheaper than naming thousands
    stored = store.current(regions=regions if len(regions) <= 500 else None)
    with collector_paused():  # a national file's checks make millions of objects, none in a cycle
        _refuse_doubts(result, stored, catalog, name, args.force)
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


def _refuse_doubts(result: ImportResult, stored: dict, catalog: Catalog, name: str, force: bool) -> None:
    """Refuse rows of one file that disagree, and (unless ``force``) values that are probably a
    mistake (plausible.doubts), each with its line; nothing is written."""
    found = doubts(result.revisions, stored, catalog, row_name=lambda i: f"line {result.lines()[i]}")
    refused = [d for d in found if not (force and d.forcible)]
    if not refused:
        return
    lines = result.lines()
    shown = [f"{name}:{lines[d.row]}: {literal(d.message)}" for d in refused[:ERRORS_SHOWN]]
    if len(refused) > ERRORS_SHOWN:
        shown.append(f"… and {len(refused) - ERRORS_SHOWN} more")
    forcible = sum(d.forcible for d in refused)
    advice = "fix them and run the import again"
    if forcible:
        advice += f" ({forcible} of them may be recorded as they are with --force, if they are right)"
    shown.append(f"nothing imported: {len(refused)} doubtful row(s) of {len(result.revisions)}; {advice}")
    raise Failure("\n".join(shown))


def _restore(args: argparse.Namespace, ws: Workspace, catalog: Catalog, result: ImportResult, name: str) -> int:
    """A revisions export (`ectui export --revisions`) imported back, authors and times kept."""
    restored = result.restored or []
    guard_editors(catalog, (r.region for r, _, _ in restored), writer_of(ws.db_path))
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
    try:
        period = parse_period(args.period)
    except InputError as exc:
        raise Failure(str(exc)) from None
    guard_editors(catalog, [reg.id], writer_of(ws.db_path))
    store, added = ws.open_for_writing(catalog)
    note_document_figures(added)
    if period:
        parts = store.parts(regions=[reg.id]).get((reg.id, ind.id), [])
        held = any((p.year, p.period) == (year, period) for p in parts)
    else:
        figures = store.current(regions=[reg.id]).get((reg.id, ind.id))
        held = figures is not None and figures.find(year) is not None
    what = f"{year}" + (f" {period_label(period, 'zh')}" if period else "")
    if not held:
        raise Failure(f"nothing to retract: {reg.id} {ind.id} has no current figure for {what} "
                      f"(see `ectui history {reg.id} {ind.id}`)")
    store.record([NewRevision(reg.id, ind.id, year, None, source="retraction", note=args.note, period=period)])
    out(f"retracted {reg.id} {ind.id} {what} (history keeps every earlier revision)")
    return EXIT_OK
