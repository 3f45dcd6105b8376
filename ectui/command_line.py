"""The argparse parser of the ``ectui`` command line (built only when a line needs it:
``ectui.options.quick_report_args`` reads a plain report line without it)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from ectui import __version__
from ectui.options import GLOBAL_OPTIONS, REPORT_OPTIONS, add_options


def _globals(parser: argparse.ArgumentParser, suppress: bool) -> None:
    add_options(parser.add_argument_group("workspace"), GLOBAL_OPTIONS, suppress_defaults=suppress)


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, sized without importing shutil: argparse makes one for every
    option it adds, and shutil (with bz2 and lzma) was 5 ms of each start."""

    def __init__(self, prog: str, **kwargs):
        if kwargs.get("width") is None:
            kwargs["width"] = _terminal_columns() - 2
        super().__init__(prog, **kwargs)


def _terminal_columns() -> int:
    """shutil.get_terminal_size().columns: $COLUMNS, else the terminal, else 80."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with ``only``, that command alone (argparse spends milliseconds
    on each command and option, on every start; `ectui --help` builds them all)."""
    parser = argparse.ArgumentParser(
        prog="ectui",
        description="Track e-commerce development plan targets against actual figures. "
                    "Without a command, opens the dashboard (or prints the report when not on a terminal).",
        epilog="Exit codes: 0 ok, 1 a command failed (e.g. a rejected value), 2 usage or "
               "configuration error, 3 report --fail-on matched.",
        formatter_class=_HelpFormatter)
    parser.add_argument("--version", action="version", version=f"ectui {__version__}")
    _globals(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, description, add_arguments) in _COMMAND_LINES.items():
        if only is None or only == name:  # each parser costs argparse a few gettext look-ups
            p = sub.add_parser(name, help=help_text, description=description or help_text,
                               formatter_class=_HelpFormatter)
            _globals(p, suppress=True)
            add_arguments(p)
    return parser


def _set_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("region", help="region id or name (e.g. quanzhou, 泉州市, Quanzhou)")
    p.add_argument("indicator", help="indicator id or name (e.g. ec_transactions, 电子商务交易额)")
    p.add_argument("value", help="the figure, e.g. \"1,950亿元\"")
    p.add_argument("--year", "-y", required=True, help="the year the figure is for")
    p.add_argument("--source", "-s", default="", help="where the figure comes from (e.g. 2015年统计公报)")
    p.add_argument("--note", "-n", default="", help="a note kept with the revision")


def _import_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="CSV file, or - for standard input")
    p.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    p.add_argument("--source", "-s", default="", help="source for rows whose source column is empty")


def _history_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("region")
    p.add_argument("indicator")
    p.add_argument("--format", "-f", choices=("table", "json"), default="table")


def _retract_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("region")
    p.add_argument("indicator")
    p.add_argument("--year", "-y", required=True)
    p.add_argument("--note", "-n", default="", help="why the figure is withdrawn")


def _check_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--list", action="store_true", help="also list regions, indicators and plans")


def _backup_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="the new backup file (never overwritten)")


def _export_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--revisions", action="store_true", required=True,
                   help="export every revision with author and time (the only export so far)")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")


def _init_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", help="the folder to create or complete")
    p.add_argument("--shared", metavar="GROUP", help="OS group whose members may write")
    p.add_argument("--empty", action="store_true",
                   help="create the database without the document figures (to restore an export into)")


def _extract_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="UTF-8 text file, or - for standard input")
    p.add_argument("--plan-id", default="new-plan", help="plan id to put in the output")
    p.add_argument("--region", "-r", default="REGION", help="region id to put in the output")
    p.add_argument("--format", "-f", choices=("toml", "json"), default="toml")


def _report_arguments(p: argparse.ArgumentParser) -> None:
    add_options(p, REPORT_OPTIONS)


# name -> (help, description, adds the options)
_COMMAND_LINES = {
    "set": ("record one actual figure",
            "Record one actual figure as a new revision. VALUE may carry a magnitude, unit and "
            "qualifier: 1,950亿元, 18万亿, 90%, 超过7万家, １８００亿元.", _set_arguments),
    "import": ("record figures from a CSV file (all or nothing)",
               "Record figures from CSV with header region,indicator,year,value[,unit,source,note]. "
               "If any row is bad nothing is written and every bad row is listed.", _import_arguments),
    "history": ("show every revision of one region's indicator", "", _history_arguments),
    "retract": ("withdraw a recorded figure (kept in history)", "", _retract_arguments),
    "check": ("validate targets.toml and the store", "", _check_arguments),
    "where": ("print the workspace, targets.toml and database in use", "", lambda p: None),
    "backup": ("write a consistent copy of the database while others keep working", "", _backup_arguments),
    "export": ("write every revision as CSV (import it to restore)", "", _export_arguments),
    "init": ("create a workspace folder (optionally shared by an OS group)",
             "Create a workspace from the bundled targets.toml. With --shared GROUP the folder is setgid "
             "and group-writable, so every member of GROUP can record figures and nobody leaves files "
             "the others cannot use.", _init_arguments),
    "extract": ("find candidate targets and figures in a plan's text (prints TOML to review)",
                "Read a plan's Chinese text and print the targets and reported figures it finds, each with "
                "the sentence it came from, its offset and a confidence, for a person to review and paste.",
                _extract_arguments),
    "report": ("print progress against targets (table, markdown, json, csv, html)",
               "Print, for every target, the latest figure, percent achieved against time elapsed, "
               "gap to target and status.", _report_arguments),
}
_VALUE_OPTIONS = tuple(flag for option in GLOBAL_OPTIONS for flag in option.flags)  # they take a value


def command_named(argv: Sequence[str]) -> str | None:
    """The command in argv, as argparse will find it: the first word that is not an option or
    an option's value; None when there is none (the dashboard) or it is no command."""
    words = iter(argv)
    for word in words:
        if word in _VALUE_OPTIONS or (word.startswith("--") and len(word) > 2 and "=" not in word
                                        and any(o.startswith(word) for o in _VALUE_OPTIONS)):
            next(words, None)  # argparse also takes an abbreviation such as --work
            continue
        elif word.startswith("-") and word != "--":
            continue
        return word if word in _COMMAND_LINES else None
    return None
