"""What every command shares: writing to the user, finding the workspace, opening its store."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from ectui.db import current_user
from ectui.model import Catalog, NewRevision
from ectui.recording.entry import check_editor
from ectui.recording.workspace import Workspace, resolve

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_ALERT = 0, 1, 2, 3
PROGRESS_FROM_ROWS = 20_000  # shorter work needs no progress bar


class Failure(Exception):
    """A command failed in a way the user can fix; carries the exit code."""

    def __init__(self, message: str, code: int = EXIT_FAILED):
        super().__init__(message)
        self.code = code


def out(text: str = "") -> None:
    """A line for the user on stdout, shown literally like err's (it quotes names and paths)."""
    from ectui.text import literal  # not on the report's path, which prints through its own writers
    print("\n".join(literal(line) for line in text.split("\n")))


def err(text: str) -> None:
    """A message on stderr. Messages quote input (names, cells, paths), so each line is shown
    literally: a control sequence in a bad cell cannot reach the terminal."""
    from ectui.text import literal  # only when there is something to say
    print("ectui: " + "\n".join(literal(line) for line in text.split("\n")), file=sys.stderr)


def workspace(args: argparse.Namespace) -> Workspace:
    return resolve(args.workspace, args.targets, args.db)


def load(args: argparse.Namespace, regions: list[str] | None = None) -> tuple[Workspace, Catalog]:
    """The workspace and its catalog; ``regions`` (ids or names) may narrow the catalog to what a
    report on them shows (see targets.cache.load_catalog)."""
    ws = workspace(args)
    return ws, ws.load(regions)


def describe_figures(added: list[NewRevision]) -> list[str]:
    """One line per document figure just stored: region, indicator, year, value as written, source."""
    from ectui.text import literal  # not on the report's path (it imports unicodedata)
    return [f"  {literal(r.region)} {literal(r.indicator)} {r.year}: {literal(r.entered)} ({literal(r.source)})"
            for r in added]


def note_document_figures(added: list[NewRevision]) -> None:
    """Say on stderr which figures of targets.toml were stored before a command's own write."""
    if added:
        err(f"note: stored {len(added)} figure(s) that targets.toml's documents report and the "
            "database did not have yet:\n" + "\n".join(describe_figures(added)))


def guard_editors(catalog: Catalog, regions: Iterable[str], user: str | None = None) -> None:
    """Fails unless ``user`` (default: the OS user) may record figures of every one of ``regions``
    (region ids) by targets.toml's `editors`."""
    user = user or current_user()
    for region in sorted(set(regions)):
        check_editor(catalog, region, user)


def read_input(path: str) -> tuple[str, bytes]:
    """(the name to show, the bytes) of a file, or of standard input for "-"."""
    name = "<stdin>" if path == "-" else path
    try:
        with (nullcontext(sys.stdin.buffer) if path == "-" else open(path, "rb")) as fh:
            return name, fh.read()
    except OSError as exc:
        raise Failure(f"{name}: cannot read ({exc.strerror}); check the path", EXIT_USAGE) from None


def progress_bar(label: str, total: int) -> AbstractContextManager[Callable[[int], None] | None]:
    """A progress bar on stderr for long work, only when stderr is a terminal; entering it gives
    the function to call with the count done (None: nothing to report to)."""
    if total < PROGRESS_FROM_ROWS or not sys.stderr.isatty():
        return nullcontext()
    from ectui.output.progressbar import ProgressBar
    return ProgressBar(label, total)


def write_output(path: str | None, write: Callable[[Any], object], newline: str | None = None,
                 binary: bool = False) -> None:
    """Give ``write`` the file at ``path``, or standard output (None), whose failures main
    reports like any command's.

    A file is written beside its target under a temporary name, flushed to disk and renamed over
    it: a full disk, a quota or a kill leaves the target as it was (absent, or its old content),
    and a failure is one line, exit 1. ``binary``: ``write`` is given a file of bytes."""
    if path is None:
        if binary:
            write(sys.stdout.buffer)
            sys.stdout.buffer.flush()
            return
        write(sys.stdout)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, for main to report
        return
    folder = os.path.dirname(path) or "."
    temporary = os.path.join(folder, f".{os.path.basename(path)}.{os.getpid()}.partial")
    try:
        with (open(temporary, "wb") if binary else open(temporary, "w", encoding="utf-8", newline=newline)) as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        raise Failure(f"-o {path}: cannot write ({exc.strerror}); {'nothing written' if not os.path.exists(path) else 'the file is unchanged'}") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
