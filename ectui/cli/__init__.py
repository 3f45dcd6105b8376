"""The ``ectui`` command: its parser (``parser``), one module per group of commands, and
``main``, which runs a command and turns what it raises into one line and an exit code.

    >>> main(["where", "-w", "ws"])          # doctest: +SKIP
    0
"""

from __future__ import annotations

import errno
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from ectui.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, Failure, err
from ectui.cli.parser import parse_command_line
from ectui.db import StoreError, StoreUnusable, as_store_error
from ectui.errors import ImportFileError, InputError, NotFound, SharingError, WorkspaceError
from ectui.model import TargetsError

# Each command's module (ectui.cli.<module>) and its handler, cmd_<command>. A module is imported
# when its command runs, so that `report --format json` never loads Rich and `set` never loads
# the extractor's rules.
COMMANDS: dict[str, str] = {
    "set": "record", "import": "record", "retract": "record",
    "history": "show", "check": "show", "where": "show",
    "report": "report", "dashboard": "dashboard",
    "init": "maintain", "backup": "maintain", "export": "maintain",
    "grant": "rights", "revoke": "rights",
    "extract": "extract", "serve": "serve",
}

# What a command may let through, and the exit code each means; the error's text is the message.
# (Failure carries its own code; the nearest class in an error's ancestry counts.)
EXIT_CODES: dict[type[Exception], int] = {
    TargetsError: EXIT_USAGE,      # a bad targets.toml
    WorkspaceError: EXIT_USAGE,    # no such workspace folder, or it cannot be created
    SharingError: EXIT_USAGE,      # init --shared: no such group, not the folder's owner
    StoreUnusable: EXIT_USAGE,     # not a database, written by a newer ectui, cannot be created
    StoreError: EXIT_FAILED,       # a write refused: read-only, locked, a constraint
    InputError: EXIT_FAILED,       # a value, year or user refused
    NotFound: EXIT_FAILED,         # an unknown region, indicator or plan
    ImportFileError: EXIT_FAILED,  # a CSV that cannot be read as a whole
}
EXIT_INTERRUPTED = 130
FULL_DISK = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def exit_code(error: Exception) -> int | None:
    """The exit code of an error a user can act on; None for anything else (a bug)."""
    if isinstance(error, Failure):
        return error.code
    return next((EXIT_CODES[kind] for kind in type(error).__mro__ if kind in EXIT_CODES), None)


def command_handler(command: str) -> Callable[..., int]:
    """The function that runs `ectui <command>`."""
    module = importlib.import_module(f"ectui.cli.{COMMANDS[command]}")
    return getattr(module, f"cmd_{command}")


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        try:  # never a UnicodeEncodeError on a LANG=C or ascii terminal
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    args = parse_command_line(sys.argv[1:] if argv is None else list(argv))
    handler = command_handler(args.command or "dashboard")
    try:
        code = handler(args)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at the interpreter's exit
        return code
    except KeyboardInterrupt:
        err("interrupted; nothing half-written (every write is one transaction)")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader left (`ectui report | head`): not an error
        _discard_stdout()
        return EXIT_OK
    except OSError as exc:
        if exc.errno not in FULL_DISK:
            raise  # anything else: a bug, keep its traceback
        _discard_stdout()
        err(f"cannot write the output ({exc.strerror})")
        return EXIT_FAILED
    except Exception as exc:
        store_error = as_store_error(exc)  # a damaged page or a full disk met outside a write
        if store_error is not None:
            exc = store_error
        known = exit_code(exc)
        if known is None:
            raise
        err(str(exc))
        return known


def _discard_stdout() -> None:
    """Send what standard output still buffers nowhere: the interpreter flushes it once more at
    exit, and that flush would fail again with a warning of its own."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):  # not a file descriptor (a test's capture)
        sys.stdout = open(os.devnull, "w")
