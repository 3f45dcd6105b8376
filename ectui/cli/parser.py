"""The ``ectui`` command line: every option kept as data once, and the argparse parser built from it.

    >>> args = build_parser().parse_args(["-w", "ws", "report", "--format=json", "-r", "fj"])
    >>> args.command, args.workspace, args.region
    ('report', 'ws', ['fj'])
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple, Protocol

from ectui import __version__

FORMATS = ("table", "markdown", "json", "csv", "html", "xlsx")
EXTENSIONS = {".md": "markdown", ".markdown": "markdown", ".json": "json", ".csv": "csv",
              ".html": "html", ".htm": "html", ".txt": "table", ".xlsx": "xlsx"}


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
    flag: bool = False  # takes no value: true when given


# Accepted before the command and after it.
GLOBAL_OPTIONS = (
    Option(("--workspace", "-w"), "workspace", metavar="DIR",
           help="workspace folder (default: $ECTUI_HOME, then the current folder and its parents, "
                "then the per-user default)"),
    Option(("--targets",), "targets", "use this targets.toml", metavar="FILE"),
    Option(("--db",), "db", "use this database: a file, or a PostgreSQL URL postgresql://user@host/dbname (default: $ECTUI_DB, else the workspace's ectui.toml, else ectui.db)", metavar="FILE|URL"),
)

REPORT_OPTIONS = (
    Option(("--plan", "-p"), "plan", "only this plan (id or title); repeat for several", metavar="PLAN",
           repeat=True),
    Option(("--region", "-r"), "region", "only this region and the regions under it; repeat for several",
           metavar="REGION", repeat=True),
    Option(("--status",), "status", metavar="STATUS[,STATUS]",
           help="only rows with these statuses (met, on_track, moderate, insufficient, moving_away, "
                "missed, awaiting_final, not_started, insufficient_data, no_data)"),
    Option(("--as-of",), "as_of", "evaluate as if only figures up to YEAR existed", metavar="YEAR",
           convert=int),
    Option(("--vintage",), "vintage", metavar="DATE",
           help="what had been published by then (2013 = end of 2013, 2016-06, 2016-06-30); evaluated as "
                "of that year unless --as-of says otherwise"),
    Option(("--recorded-by",), "recorded_by", metavar="DATETIME",
           help="use only revisions typed in by then (e.g. 2026-03-31 or 2026-03-31T18:00; local time "
                "unless an offset or Z is given)"),
    Option(("--format", "-f"), "format", "output format (default: table, or from the -o file extension)",
           choices=FORMATS),
    Option(("--lang",), "lang", "language of names and headers", choices=("zh", "en"), default="zh"),
    Option(("--excel",), "excel", "with --format csv: a CSV for people (UTF-8 with BOM for Excel, headers in "
           "the report's language, percents as 39.3%%)", flag=True),
    Option(("--columns",), "columns", metavar="COL[,COL]",
           help="the table's columns, in order (indicator, baseline, latest, target, progress, schedule, gap, "
                "required, status); default: all that fit the width"),
    Option(("--width",), "width", "table width in columns (default: terminal, or 80)", metavar="N",
           convert=int),
    Option(("--color",), "color", "colour (auto: only on a terminal and when NO_COLOR is unset)",
           choices=("auto", "always", "never"), default="auto"),
    Option(("--fail-on",), "fail_on", metavar="STATUS[,STATUS]",
           help="exit with code 3 when any row has one of these statuses (for cron alerts)"),
    Option(("--output", "-o"), "output", "write to FILE; the format follows its extension", metavar="FILE"),
)


class _TakesArguments(Protocol):
    """An argparse parser, or a group of its arguments."""

    def add_argument(self, *flags: str, **settings: Any) -> Any: ...


def add_options(parser: _TakesArguments, options: Sequence[Option], suppress_defaults: bool = False) -> None:
    """Add the options to an argparse parser (or argument group). ``suppress_defaults``: an
    option not given leaves the namespace alone (a subcommand's copy of a global option)."""
    for option in options:
        if option.flag:
            parser.add_argument(*option.flags, dest=option.dest, action="store_true",
                                default=argparse.SUPPRESS if suppress_defaults else False, help=option.help)
            continue
        extra: dict = {"choices": option.choices} if option.choices else {}
        if option.convert is not None:
            extra["type"] = option.convert
        parser.add_argument(*option.flags, dest=option.dest, action="append" if option.repeat else "store",
                            default=argparse.SUPPRESS if suppress_defaults else option.default,
                            metavar=option.metavar, help=option.help, **extra)


def _globals(suppress: bool) -> argparse.ArgumentParser:
    """A parent parser of the global options (``suppress``: as a subcommand's copy of them)."""
    parser = argparse.ArgumentParser(add_help=False)
    add_options(parser.add_argument_group("workspace"), GLOBAL_OPTIONS, suppress_defaults=suppress)
    return parser


def build_parser(commands: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line: the global options, accepted before the command and after it, and
    each command's own. ``commands``: only these commands' parsers (see ``parse_command_line``)."""
    parser = argparse.ArgumentParser(
        prog="ectui", parents=[_globals(suppress=False)],
        description="Track e-commerce development plan targets against actual figures. "
                    "Without a command, opens the dashboard (or prints the report when not on a terminal).",
        epilog="Exit codes: 0 ok, 1 a command failed (e.g. a rejected value), 2 usage or "
               "configuration error, 3 report --fail-on matched.")
    parser.add_argument("--version", action="version", version=f"ectui {__version__}")
    after_command = _globals(suppress=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, description, add_arguments) in COMMAND_LINES.items():
        if commands is None or name in commands:
            p = sub.add_parser(name, help=help_text, description=description or help_text, parents=[after_command])
            add_arguments(p)
    return parser


def parse_command_line(argv: Sequence[str]) -> argparse.Namespace:
    """``build_parser().parse_args(argv)``, building only the parser of the command argv names.

    Each subcommand's parser costs argparse about half a millisecond (mostly gettext looking for
    translations on disk), a fifth of a one-region report; the result is the same (tests check
    it). Without a known command word (``ectui``, ``ectui -h``, a typo), every command's parser is
    built, so that help and errors list them all."""
    finder = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    add_options(finder, GLOBAL_OPTIONS)
    finder.add_argument("-h", "--help", action="store_true")  # before the command: the top-level help
    finder.add_argument("command", nargs="?")
    finder.add_argument("rest", nargs=argparse.REMAINDER)
    try:
        found = finder.parse_known_args(argv)[0]
        command = None if found.help else found.command
    except argparse.ArgumentError:  # e.g. -w without a folder: the whole parser says so
        command = None
    return build_parser([command] if command in COMMAND_LINES else None).parse_args(argv)


PERIOD_HELP = ("the part of the year the figure covers: 1-9月, 上半年, 一季度, 9月, M01-M09, H1, Q1 "
               "(default: the whole year; annual targets are judged on annual figures only)")
FORCE_HELP = ("record a value more than 100× away from the series' previous figure, or a share above 100%%, "
              "which are otherwise refused as likely mistakes (a unit or a decimal point)")


def _set_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("region", help="region id or name (e.g. quanzhou, 泉州市, Quanzhou)")
    p.add_argument("indicator", help="indicator id or name (e.g. ec_transactions, 电子商务交易额)")
    p.add_argument("value", help="the figure, e.g. \"1,950亿元\"")
    p.add_argument("--year", "-y", required=True, help="the year the figure is for")
    p.add_argument("--source", "-s", default="", help="where the figure comes from (e.g. 2015年统计公报)")
    p.add_argument("--note", "-n", default="", help="a note kept with the revision")
    p.add_argument("--publisher", default="", help="who published the figure (e.g. 国家统计局, 商务部)")
    p.add_argument("--published", default="", metavar="DATE",
                   help="when it was published: 2016, 2016-05 or 2016-05-18 (default: counts as today)")
    p.add_argument("--unofficial", action="store_true",
                   help="a non-official figure (a research firm's): it counts only where no official one exists")
    p.add_argument("--url", default="", help="where the figure can be read")
    p.add_argument("--period", default="", help=PERIOD_HELP)
    p.add_argument("--force", action="store_true", help=FORCE_HELP)


def _import_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="CSV (comma or tab separated) or .xlsx file, or - for standard input")
    p.add_argument("--sheet", default=None, help="the sheet of an .xlsx file to read (default: the first)")
    p.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    p.add_argument("--source", "-s", default="", help="source for rows whose source column is empty")
    p.add_argument("--force", action="store_true", help=FORCE_HELP)


def _history_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("region")
    p.add_argument("indicator")
    p.add_argument("--format", "-f", choices=("table", "json"), default="table")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of names and headers")


def _retract_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("region")
    p.add_argument("indicator")
    p.add_argument("--year", "-y", required=True)
    p.add_argument("--period", default="", help="the part of the year, for a part-year figure (1-9月, H1)")
    p.add_argument("--note", "-n", default="", help="why the figure is withdrawn")


def _check_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--list", action="store_true", help="also list regions, indicators and plans")
    p.add_argument("--full", action="store_true",
                   help="SQLite's full integrity check (every index against its table) instead of the quick one")


def _backup_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="the new backup file (never overwritten); with --verify, the backup to check")
    p.add_argument("--verify", action="store_true",
                   help="check an existing backup (integrity, schema, append-only triggers) instead of writing one")


def _export_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--revisions", action="store_true", required=True,
                   help="export every revision with author and time (the only export so far)")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")


def _init_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", nargs="?", help="the folder to create or complete (with --postgres: default the "
                                          "workspace in use)")
    p.add_argument("--shared", metavar="GROUP", help="OS group whose members may write")
    p.add_argument("--postgres", metavar="URL",
                   help="keep the figures on a PostgreSQL server (postgresql://owner@host/dbname): create the "
                        "schema and the database's group roles ectui_DB_reader and ectui_DB_editor there, and write the URL into the "
                        "workspace's ectui.toml; run it as the role that will own the database")
    p.add_argument("--empty", action="store_true",
                   help="create the database without the document figures (to restore an export into)")


def _grant_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("region", nargs="?", help="region id or name: the role may add figures of it and of every "
                                             "region below it")
    p.add_argument("role", nargs="?", help="the PostgreSQL role (it must exist: CREATE ROLE name LOGIN)")
    p.add_argument("--read", action="store_true", help="reading only: `ectui grant --read ROLE` (revoke: "
                                                       "every right of ROLE)")
    p.add_argument("--list", action="store_true", help="list who may read and who may write which regions")


def _extract_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="UTF-8 text file, or - for standard input")
    p.add_argument("--plan-id", default="new-plan", help="plan id to put in the output")
    p.add_argument("--region", "-r", default="REGION", help="region id to put in the output")
    p.add_argument("--format", "-f", choices=("toml", "json"), default="toml")
    p.add_argument("--period", metavar="YYYY-YYYY",
                   help="the plan's years (2016-2020) when its title does not say them; a target with no year "
                        "of its own is then due at the end, flagged")


def _serve_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1, this machine only; there is no login)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")


def _report_arguments(p: argparse.ArgumentParser) -> None:
    add_options(p, REPORT_OPTIONS)


# name -> (help, description, adds the options)
COMMAND_LINES = {
    "set": ("record one actual figure",
            "Record one actual figure as a new revision. VALUE may carry a magnitude, unit and "
            "qualifier: 1,950亿元, 18万亿, 90%, 超过7万家, １８００亿元.", _set_arguments),
    "import": ("record figures from a CSV file (all or nothing)",
               "Record figures from CSV or .xlsx with header region,indicator,year,value and any of "
               "unit,source,note,period,publisher,published,official,url (or 地区,指标,年份,数值,单位,来源,备注,"
               "期间,发布机构,发布日期,是否官方,链接). If any row is bad nothing is written and every bad row "
               "is listed.", _import_arguments),
    "history": ("show every revision of one region's indicator", "", _history_arguments),
    "retract": ("withdraw a recorded figure (kept in history)", "", _retract_arguments),
    "check": ("validate targets.toml and the store", "", _check_arguments),
    "where": ("print the workspace, targets.toml and database in use", "", lambda p: None),
    "backup": ("write a consistent copy of the database while others keep working", "", _backup_arguments),
    "export": ("write every revision as CSV (import it to restore)", "", _export_arguments),
    "init": ("create a workspace (shared by an OS group, or with its figures on a PostgreSQL server)",
             "Create a workspace from the bundled targets.toml. With --shared GROUP the folder is setgid "
             "and group-writable, so every member of GROUP can record figures and nobody leaves files "
             "the others cannot use. With --postgres URL the figures are kept on a PostgreSQL server: "
             "run it as the database's owner; it creates the schema and the roles, and `ectui grant` "
             "then gives rights per region.", _init_arguments),
    "grant": ("let a PostgreSQL role read, or add figures of a region and those below it",
              "On a PostgreSQL database (see `ectui init --postgres`), as its owner: `ectui grant REGION ROLE` "
              "lets ROLE add figures of REGION and every region below it (the database refuses the others, "
              "to ectui and to psql alike); `ectui grant --read ROLE` lets ROLE read; `ectui grant --list` "
              "shows every right. Nobody may change or delete a stored revision.", _grant_arguments),
    "revoke": ("take back what `ectui grant` gave",
               "`ectui revoke REGION ROLE` takes back one region grant; `ectui revoke --read ROLE` every right "
               "of ROLE.", _grant_arguments),
    "extract": ("find candidate targets and figures in a plan's text (prints TOML to review)",
                "Read a plan's Chinese text and print the targets and reported figures it finds, each with "
                "the sentence it came from, its offset and a confidence, for a person to review and paste.",
                _extract_arguments),
    "serve": ("serve the dashboard to a web browser (textual-serve; no login: use an SSH tunnel)",
              "Serve the dashboard of this workspace at http://localhost:PORT. It listens on 127.0.0.1 unless --host "
              "is given; there is no login, so reach it from another machine through an SSH tunnel: "
              "ssh -L 8000:localhost:8000 SERVER ectui serve", _serve_arguments),
    "report": ("print progress against targets (table, markdown, json, csv, html)",
               "Print, for every target, the latest figure, percent achieved against time elapsed, "
               "gap to target and status.", _report_arguments),
}


def default_report_args(args: argparse.Namespace) -> argparse.Namespace:
    """A report with every option at its default, in the workspace ``args`` names (the
    dashboard prints it when not on a terminal)."""
    report = build_parser().parse_args(["report"])
    for option in GLOBAL_OPTIONS:
        setattr(report, option.dest, getattr(args, option.dest, None))
    return report
