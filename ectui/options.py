"""Command-line options kept as data.

argparse builds ectui's parser from these tables (``ectui.command_line``), and
``quick_report_args`` reads a plain ``ectui report …`` line from the same tables without
argparse: importing it, its gettext look-ups and building the parser were 6 ms of a 50 ms
report. Whatever it is not sure of (help, an abbreviation, a value argparse would refuse) it
leaves to argparse, which then answers as always:

    >>> vars(quick_report_args(["-w", "ws", "report", "--format=json", "-r", "fj"]))["region"]
    ['fj']
    >>> quick_report_args(["report", "--form", "json"]) is None  # an abbreviation: argparse's call
    True
"""

from __future__ import annotations

from typing import NamedTuple

from collections.abc import Callable, Sequence
from types import SimpleNamespace


FORMATS = ("table", "markdown", "json", "csv", "html")
EXTENSIONS = {".md": "markdown", ".markdown": "markdown", ".json": "json", ".csv": "csv",
              ".html": "html", ".htm": "html", ".txt": "table"}


class Option(NamedTuple):
    """One option that takes a value; ``repeat``: each use adds one (argparse's "append")."""

    flags: tuple[str, ...]
    dest: str
    help: str = ""
    metavar: str | None = None
    choices: tuple[str, ...] | None = None
    convert: Callable[[str], object] | None = None
    default: object = None
    repeat: bool = False


# Accepted before the command and after it.
GLOBAL_OPTIONS = (
    Option(("--workspace", "-w"), "workspace", metavar="DIR",
           help="workspace folder (default: $ECTUI_HOME, then the current folder and its parents, "
                "then the per-user default)"),
    Option(("--targets",), "targets", "use this targets.toml", metavar="FILE"),
    Option(("--db",), "db", "use this database file", metavar="FILE"),
)

REPORT_OPTIONS = (
    Option(("--plan", "-p"), "plan", "only this plan (id or title); repeat for several", metavar="PLAN",
           repeat=True),
    Option(("--region", "-r"), "region", "only this region and the regions under it; repeat for several",
           metavar="REGION", repeat=True),
    Option(("--status",), "status", metavar="STATUS[,STATUS]",
           help="only rows with these statuses (met, on_track, moderate, insufficient, moving_away, "
                "missed, insufficient_data, no_data)"),
    Option(("--as-of",), "as_of", "evaluate as if only figures up to YEAR existed", metavar="YEAR",
           convert=int),
    Option(("--vintage",), "vintage", metavar="DATETIME",
           help="use only revisions recorded by then (e.g. 2026-03-31 or 2026-03-31T18:00; local time "
                "unless an offset or Z is given)"),
    Option(("--format", "-f"), "format", "output format (default: table, or from the -o file extension)",
           choices=FORMATS),
    Option(("--lang",), "lang", "language of names and headers", choices=("zh", "en"), default="zh"),
    Option(("--width",), "width", "table width in columns (default: terminal, or 80)", metavar="N",
           convert=int),
    Option(("--color",), "color", "colour (auto: only on a terminal and when NO_COLOR is unset)",
           choices=("auto", "always", "never"), default="auto"),
    Option(("--fail-on",), "fail_on", metavar="STATUS[,STATUS]",
           help="exit with code 3 when any row has one of these statuses (for cron alerts)"),
    Option(("--output", "-o"), "output", "write to FILE; the format follows its extension", metavar="FILE"),
)


def add_options(parser, options: Sequence[Option], suppress_defaults: bool = False) -> None:
    """Add the options to an argparse parser (or argument group). ``suppress_defaults``: an
    option not given leaves the namespace alone (a subcommand's copy of a global option)."""
    import argparse
    for option in options:
        extra = {"choices": option.choices} if option.choices else {}
        if option.convert is not None:
            extra["type"] = option.convert
        parser.add_argument(*option.flags, dest=option.dest, action="append" if option.repeat else "store",
                            default=argparse.SUPPRESS if suppress_defaults else option.default,
                            metavar=option.metavar, help=option.help, **extra)


def _by_flag(options: Sequence[Option]) -> dict[str, Option]:
    return {flag: option for option in options for flag in option.flags}


_BEFORE_COMMAND = _by_flag(GLOBAL_OPTIONS)
_AFTER_REPORT = _by_flag(GLOBAL_OPTIONS + REPORT_OPTIONS)


def quick_report_args(argv: Sequence[str]) -> SimpleNamespace | None:
    """The arguments of a plain `ectui report …` line, as argparse reads them; None for any
    other line, and for any word argparse alone should judge: help, an abbreviation, a short
    option with its value attached, a value that starts with "-", one argparse would refuse."""
    values: dict[str, object] = {option.dest: option.default for option in GLOBAL_OPTIONS}
    flags = _BEFORE_COMMAND
    words = iter(argv)
    for word in words:
        if word == "report" and flags is _BEFORE_COMMAND:
            values["command"] = "report"
            values.update((option.dest, option.default) for option in REPORT_OPTIONS)
            flags = _AFTER_REPORT
            continue
        flag, attached, text = word.partition("=") if word.startswith("--") else (word, "", None)
        option = flags.get(flag)
        if option is None:
            return None
        if not attached:
            text = next(words, None)
        if not text or text.startswith("-"):
            return None
        if option.convert is not None:
            try:
                value = option.convert(text)
            except ValueError:
                return None
        else:
            value = text
        if option.choices is not None and value not in option.choices:
            return None
        if option.repeat:
            value = [*(values[option.dest] or ()), value]
        values[option.dest] = value
    if flags is _BEFORE_COMMAND:
        return None
    return SimpleNamespace(**values)


def default_report_args(args) -> SimpleNamespace:
    """A report with every option at its default, in the workspace ``args`` names (the
    dashboard prints it when not on a terminal)."""
    values = {option.dest: getattr(args, option.dest, None) for option in GLOBAL_OPTIONS}
    return SimpleNamespace(command="report", **values, **{option.dest: option.default for option in REPORT_OPTIONS})
