"""The ``ectui`` command line: record figures, show history, check files, print reports.

Imports stay light where they cost seconds, not milliseconds: textual is imported only when the
dashboard opens, Rich only by the formats drawn with it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_ALERT = 0, 1, 2, 3


class Failure(Exception):
    """A command failed in a way the user can fix; carries the exit code."""

    def __init__(self, message: str, code: int = EXIT_FAILED):
        super().__init__(message)
        self.code = code


# ── helpers ──────────────────────────────────────────────────────────────────────────
def _out(text: str = "") -> None:
    print(text)


def _err(text: str) -> None:
    print(f"ectui: {text}", file=sys.stderr)


def _workspace(args):
    from ectui.workspace import WorkspaceError, resolve
    try:
        return resolve(args.workspace, args.targets, args.db)
    except WorkspaceError as exc:
        raise Failure(str(exc), EXIT_USAGE) from None


def _load(args, subtrees=None, regions=None):
    """(workspace, catalog); a bad targets.toml is a configuration error (exit 2)."""
    from ectui.model import TargetsError
    ws = _workspace(args)
    try:
        return ws, ws.load(subtrees, regions)
    except TargetsError as exc:
        raise Failure(str(exc), EXIT_USAGE) from None


def _store(ws, catalog, readonly=None):
    from ectui.db import StoreError
    try:
        return ws.open_store(catalog, readonly)
    except StoreError as exc:
        raise Failure(str(exc), EXIT_USAGE) from None


def _write(store, revisions, **kw) -> int:
    from ectui.db import StoreError
    try:
        return store.record(revisions, **kw)
    except StoreError as exc:
        raise Failure(str(exc)) from None


def _guard_editors(catalog, regions) -> None:
    """Fails unless the OS user may record figures of every one of ``regions`` (region ids)."""
    from ectui.db.store import current_user
    from ectui.recording import InputError, check_editor
    user = current_user()
    for region in sorted(regions):
        try:
            check_editor(catalog, region, user)
        except InputError as exc:
            raise Failure(str(exc)) from None


# ── commands ─────────────────────────────────────────────────────────────────────────
def cmd_set(args) -> int:
    from ectui.numbers import format_number
    from ectui.recording import InputError, prepare
    ws, catalog = _load(args)
    try:
        rev = prepare(catalog, args.region, args.indicator, args.year, args.value,
                      source=args.source, note=args.note)
    except InputError as exc:
        raise Failure(f"rejected: {exc}") from None
    _guard_editors(catalog, [rev.region])
    store = _store(ws, catalog)
    _write(store, [rev])
    ind = catalog.indicators[rev.indicator]
    q = f"{rev.qualifier} " if rev.qualifier else ""
    _out(f"recorded {rev.region} {rev.indicator} {rev.year}: {q}{format_number(rev.value, ind.unit)} "
         f"(source: {_lit(rev.source)})")
    return EXIT_OK


def _lit(s: str) -> str:
    from ectui.text import literal
    return literal(s)


def cmd_import(args) -> int:
    from ectui.importer import ImportFileError, read_csv
    ws, catalog = _load(args)
    name = "<stdin>" if args.file == "-" else args.file
    try:
        raw = sys.stdin.buffer.read() if args.file == "-" else open(args.file, "rb").read()
    except OSError as exc:
        raise Failure(f"{name}: cannot read ({exc.strerror}); check the path", EXIT_USAGE) from None
    # The rows after the header, for the progress bar: exact unless a quoted cell holds a line break.
    expected_rows = raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1) - 1
    try:
        with _progress_bar("checking", expected_rows) as advance:
            result = read_csv(raw, name, catalog, progress=advance, default_source=args.source)
    except ImportFileError as exc:
        raise Failure(str(exc)) from None
    _check_result(result, name)
    if result.restored is not None:
        return _restore(args, ws, catalog, result, name)
    if not result.good:
        raise Failure(f"{name}: no data rows after the header; nothing imported")
    _guard_editors(catalog, {r.region for r in result.revisions})
    if args.dry_run:
        _out(f"dry run: {result.good} row(s) ok, nothing written")
        return EXIT_OK
    n = _record_in_process(_store(ws, catalog), result.revisions)
    _out(f"imported {n} figure(s) from {name}")
    return EXIT_OK


def _check_result(result, name: str) -> None:
    """A note on a non-UTF-8 file; every bad row's line and reason, if any."""
    if result.encoding != "utf-8":
        _err(f"note: {name} read as {result.encoding.upper()} (not UTF-8)")
    if result.errors:
        shown = result.errors[:50]
        lines = [f"{name}:{line}: {_lit(reason)}" for line, reason in shown]
        if len(result.errors) > len(shown):
            lines.append(f"… and {len(result.errors) - len(shown)} more bad rows")
        lines.append(f"nothing imported: {len(result.errors)} bad row(s) of "
                     f"{len(result.errors) + result.good}; fix them and run the import again")
        raise Failure("\n".join(lines))


def _restore(args, ws, catalog, result, name: str) -> int:
    from ectui.db import StoreError
    good = result.good
    _guard_editors(catalog, {r.region for r, _, _ in result.restored})
    if args.dry_run:
        _out(f"dry run: revisions export with {good} revision(s) ok, nothing written")
        return EXIT_OK
    store = _store(ws, catalog)
    try:
        n = store.restore(result.restored)
    except StoreError as exc:
        raise Failure(str(exc)) from None
    skipped = good - n
    _out(f"restored {n} revision(s) from {name}, with their original authors and times"
         + (f"; {skipped} already present, skipped" if skipped else ""))
    return EXIT_OK


def _record_in_process(store, revisions) -> int:
    from ectui.collector import collector_paused
    with _progress_bar("writing", len(revisions)) as advance, collector_paused():
        return _write(store, revisions, progress=advance)


class _NoProgress:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def _progress_bar(label: str, total: int):
    """A Rich progress bar on stderr for long work, only when stderr is a terminal."""
    if total < 20000 or not sys.stderr.isatty():
        return _NoProgress()
    from ectui.progressbar import ProgressBar
    return ProgressBar(label, total)


def cmd_history(args) -> int:
    from ectui.lookup import NotFound, find_indicator, find_region
    ws, catalog = _load(args)
    try:
        reg, ind = find_region(catalog, args.region), find_indicator(catalog, args.indicator)
    except NotFound as exc:
        raise Failure(str(exc)) from None
    store = _store(ws, catalog)
    revisions = store.history(reg.id, ind.id)
    if args.format == "json":
        import json
        _out(json.dumps({"region": reg.id, "indicator": ind.id, "unit": ind.unit,
                         "revisions": [r._asdict() for r in revisions]}, ensure_ascii=False, indent=2))
        return EXIT_OK
    from ectui.history_view import history_table
    from ectui.console import make_console
    console = make_console()
    console.print(history_table(reg, ind, revisions))
    return EXIT_OK


def cmd_retract(args) -> int:
    from ectui.db import NewRevision
    from ectui.lookup import NotFound, find_indicator, find_region
    from ectui.recording import InputError, parse_year
    ws, catalog = _load(args)
    try:
        reg, ind = find_region(catalog, args.region), find_indicator(catalog, args.indicator)
        year = parse_year(args.year)
    except (NotFound, InputError) as exc:
        raise Failure(str(exc)) from None
    _guard_editors(catalog, [reg.id])
    store = _store(ws, catalog)
    current = [o for o in store.current(regions=[reg.id]).get((reg.id, ind.id), []) if o.year == year]
    if not current:
        raise Failure(f"nothing to retract: {reg.id} {ind.id} has no current figure for {year} "
                      f"(see `ectui history {reg.id} {ind.id}`)")
    _write(store, [NewRevision(reg.id, ind.id, year, None, source="retraction", note=args.note)])
    _out(f"retracted {reg.id} {ind.id} {year} (history keeps every earlier revision)")
    return EXIT_OK


def cmd_check(args) -> int:
    ws, catalog = _load(args)
    _out(f"{ws.targets_path}: ok — {len(catalog.regions)} regions, {len(catalog.indicators)} "
         f"indicators, {len(catalog.plans)} plans, {len(catalog.targets)} targets, "
         f"{len(catalog.figures)} document figures")
    store = _store(ws, catalog)
    problems = []
    if not store.integrity_ok():
        problems.append(f"{ws.db_path}: integrity check failed; restore from a backup")
    for region, indicator, count in store.unknown_keys(set(catalog.regions), set(catalog.indicators)):
        problems.append(f"{ws.db_path}: {count} revision(s) for {_lit(region)}/{_lit(indicator)}, "
                        "which targets.toml does not define (restore the definition in targets.toml)")
    mode = "read-only" if store.readonly else "writable"
    _out(f"{ws.db_path}: {'ok' if not problems else 'PROBLEMS'} — {store.count()} revisions, "
         f"schema v{store.schema_version}, {mode}")
    if args.list:
        for r in catalog.region_order():
            reg = catalog.regions[r]
            _out(f"  region    {'  ' * catalog.depth(r)}{reg.id:<12} {reg.name_zh} / {reg.name_en}")
        for i in catalog.indicators.values():
            _out(f"  indicator {i.id:<28} {i.unit:<6} {i.name_zh} / {i.name_en}")
        for p in catalog.plans.values():
            _out(f"  plan      {p.id:<14} {p.start}–{p.end} {p.title}")
    if problems:
        raise Failure("\n".join(problems))
    return EXIT_OK


def cmd_where(args) -> int:
    ws = _workspace(args)
    from ectui.db.store import _writable
    _out(f"workspace: {ws.root}  ({ws.found_by})")
    _out(f"targets:   {ws.targets_path}{'' if os.path.exists(ws.targets_path) else '  (missing)'}")
    if os.path.exists(ws.db_path):
        _out(f"database:  {ws.db_path}{'' if _writable(ws.db_path) else '  (read-only)'}")
    else:
        _out(f"database:  {ws.db_path}  (created on first use)")
    return EXIT_OK


def cmd_report(args) -> int:
    from ectui.collector import collector_paused
    from ectui.report_command import regions_asked, run_report
    with collector_paused():  # a national report makes millions of objects, none in a cycle
        ws, catalog = _load(args, args.region, regions_asked(args.region) if args.region else None)
        store = _store(ws, catalog)
        return run_report(args, catalog, store, fail=Failure)


def cmd_dashboard(args) -> int:
    if not (sys.stdout.isatty() and sys.stdin.isatty()):
        _err("not a terminal: printing the report instead (run `ectui report` for its options)")
        from ectui.command_line import default_report_args
        return cmd_report(default_report_args(args))
    ws, catalog = _load(args)
    store = _store(ws, catalog)
    try:
        from ectui.screens.app import run_dashboard
    except ImportError as exc:  # pragma: no cover - textual is a dependency
        raise Failure(f"the dashboard needs textual ({exc}); run `pip install textual`", EXIT_USAGE)
    return run_dashboard(ws, catalog, store)


def cmd_backup(args) -> int:
    from ectui.db import StoreError
    ws, catalog = _load(args)
    store = _store(ws, catalog)
    try:
        store.backup(args.file)
    except StoreError as exc:
        raise Failure(str(exc)) from None
    _out(f"backed up {store.count()} revisions to {args.file}")
    return EXIT_OK


def cmd_export(args) -> int:
    from ectui.revisions_csv import export_csv
    ws, catalog = _load(args)
    store = _store(ws, catalog)
    text = export_csv(store.revisions())
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        except OSError as exc:
            raise Failure(f"-o {args.output}: cannot write ({exc.strerror})") from None
        print(f"exported {text.count(chr(10)) - 1} revisions to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_extract(args) -> int:
    from ectui.extract import extract
    from ectui.extract_output import to_json, to_toml
    from ectui.targets import TargetsError
    name = "<stdin>" if args.file == "-" else args.file
    try:
        raw = sys.stdin.buffer.read() if args.file == "-" else open(args.file, "rb").read()
        text = raw.decode("utf-8-sig")
    except OSError as exc:
        raise Failure(f"{name}: cannot read ({exc.strerror})", EXIT_USAGE) from None
    except UnicodeDecodeError:
        raise Failure(f"{name}: not UTF-8 text; convert it first (e.g. iconv -f GBK -t UTF-8)", EXIT_USAGE) from None
    try:  # map phrases to the workspace's indicators when there is one
        catalog = _workspace(args).load()
    except (Failure, TargetsError):
        catalog = None
    candidates = extract(text, catalog)
    out = to_json(candidates) if args.format == "json" else to_toml(candidates, catalog, args.plan_id, args.region, name)
    sys.stdout.write(out if out.endswith("\n") else out + "\n")
    return EXIT_OK


def cmd_init(args) -> int:
    from ectui.shared import SharingError, init_workspace
    try:
        ws, notes = init_workspace(args.dir, args.shared, args.empty)
    except SharingError as exc:
        raise Failure(str(exc), EXIT_USAGE) from None
    for note in notes:
        _out(note)
    return EXIT_OK


COMMANDS = {"set": cmd_set, "import": cmd_import, "history": cmd_history, "retract": cmd_retract,
            "check": cmd_check, "where": cmd_where, "report": cmd_report, "backup": cmd_backup,
            "export": cmd_export, "init": cmd_init, "extract": cmd_extract}


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        try:  # never a UnicodeEncodeError on a LANG=C or ascii terminal
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass
    argv = sys.argv[1:] if argv is None else list(argv)
    from ectui.command_line import build_parser
    args = build_parser().parse_args(argv)
    handler = COMMANDS.get(args.command, cmd_dashboard)
    try:
        code = handler(args)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at the interpreter's exit
        return code
    except Failure as exc:
        _err(str(exc))
        return exc.code
    except KeyboardInterrupt:
        _err("interrupted; nothing half-written (every write is one transaction)")
        return 130
    except BrokenPipeError:  # the reader left (`ectui report | head`): not an error
        _discard_stdout()
        return EXIT_OK
    except OSError as exc:
        import errno
        if exc.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):  # a full disk, when writing
            raise  # anything else: a bug, keep its traceback
        _discard_stdout()
        _err(f"cannot write the output ({exc.strerror})")
        return EXIT_FAILED


def _discard_stdout() -> None:
    """Send what standard output still buffers nowhere: the interpreter flushes it once more at
    exit, and that flush would fail again with a warning of its own."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):  # not a file descriptor (a test's capture)
        sys.stdout = open(os.devnull, "w")


if __name__ == "__main__":
    sys.exit(main())
