"""A plain `ectui report …` line is read without argparse (start-up time): it must be read
exactly as argparse reads it, and every line argparse would judge differently left to argparse."""

import contextlib
import io
import random

import pytest

from ectui.command_line import build_parser
from ectui.options import GLOBAL_OPTIONS, REPORT_OPTIONS, default_report_args, quick_report_args


PARSER = build_parser()  # every command, as `ectui --help` builds it


def argparse_reading(argv):
    """argparse's namespace as a dict, or None when it refuses the line (or prints help)."""
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        try:
            return vars(PARSER.parse_args(argv))
        except SystemExit:
            return None


COMMON_LINES = [
    ["report"],
    ["report", "--format", "json", "--region", "p00-c000", "-w", "/srv/ectui"],
    ["-w", "ws", "report", "--format=json", "-r", "fj", "-r", "泉州市", "--lang", "en"],
    ["--db", "x.db", "--targets", "t.toml", "report", "-o", "r.md", "--as-of", "2015"],
    ["report", "--status", "missed,on_track", "--fail-on", "missed", "--vintage", "2026-03-31"],
    ["report", "--plan", "national-12th", "-p", "fj-12th", "--width", "100", "--color", "never"],
    ["-w", "report", "report", "-f", "csv"],  # a workspace named "report"
    ["-w", "a", "report", "-w", "b", "--workspace=c"],  # the last one counts, as with argparse
]


@pytest.mark.parametrize("argv", COMMON_LINES)
def test_common_report_lines_are_read_without_argparse_and_as_argparse_reads_them(argv):
    quick = quick_report_args(argv)
    assert quick is not None, "left to argparse: the fast path is not taken"
    assert vars(quick) == argparse_reading(argv)


@pytest.mark.parametrize("argv", [
    ["report", "--help"], ["report", "-h"], ["--version"], ["report", "--form", "json"],  # abbreviation
    ["report", "-fjson"], ["report", "-r"], ["report", "--region", "-x"], ["report", "--region="],
    ["report", "--format", "xml"], ["report", "--width", "wide"], ["report", "extra"],
    ["set", "a", "b", "1"], ["history", "report", "x"], ["-w", "ws"], [], ["report", "--", "-r"],
    ["report", "report"], ["report", "--width", "10", "--as-of", "1_9"],
])
def test_lines_argparse_must_judge_are_left_to_it(argv):
    quick = quick_report_args(argv)
    assert quick is None or vars(quick) == argparse_reading(argv)
    if argv[:1] == ["report"] and argv[1:2] in (["--help"], ["-h"], ["--form"], ["-fjson"], ["extra"]):
        assert quick is None


JUNK = ["report", "--", "-", "-h", "--help", "--form", "--reg", "set", "x", "", "-5", "007", "٣", "1_0",
        " 3", "json", "xml", "en", "auto", "--width=80", "--as-of=-1", "--db=", "-fjson", "-rfj", "--region="]
VALUES = ["ws", "fj", "泉州市", "2015", "-1", "0x10", "1_0", "٣", "", "json", "en", "never", "a=b", "report"]


def _random_line(rng: random.Random) -> list[str]:
    """Mostly well-formed lines (options with values, before and after the command), with a
    word of junk, a missing value or a wrong value now and then."""
    def pairs(options, n):
        out = []
        for _ in range(n):
            option = rng.choice(options)
            flag = rng.choice(option.flags)
            value = rng.choice([*(option.choices or ()), *VALUES]) if rng.random() < 0.8 else rng.choice(JUNK)
            out += [f"{flag}={value}"] if flag.startswith("--") and rng.random() < 0.2 else [flag, value]
        return out
    line = pairs(GLOBAL_OPTIONS, rng.randint(0, 2)) + ["report"] + pairs(GLOBAL_OPTIONS + REPORT_OPTIONS,
                                                                         rng.randint(0, 5))
    if rng.random() < 0.3:
        line.insert(rng.randint(0, len(line)), rng.choice(JUNK))
    if rng.random() < 0.1 and line:
        del line[rng.randrange(len(line))]
    return line


def test_random_lines_are_read_as_argparse_reads_them_or_left_to_it():
    """Thousands of lines from a vocabulary of options, values, abbreviations and junk."""
    rng = random.Random(20261123)
    taken = 0
    for _ in range(4000):
        argv = _random_line(rng)
        quick = quick_report_args(argv)
        if quick is not None:
            taken += 1
            assert vars(quick) == argparse_reading(argv), argv
    assert taken > 500  # the lines do reach the fast path (about one in five)


def test_the_dashboard_fallback_report_has_argparse_defaults():
    expected = argparse_reading(["-w", "ws", "report"])
    assert vars(default_report_args(build_parser().parse_args(["-w", "ws"]))) == expected
