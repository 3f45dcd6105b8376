"""A Rich console that behaves over SSH, in pipes and under NO_COLOR / TERM=dumb / LANG=C."""

from __future__ import annotations

import os
import sys
from typing import IO, Literal

from rich.console import Console

DEFAULT_WIDTH = 80


def make_console(color: str = "auto", width: int | None = None, file: IO[str] | None = None,
                 record: bool = False) -> Console:
    """``color`` is auto|always|never. Without a terminal: no escape codes, 80 columns
    unless COLUMNS or ``width`` says otherwise."""
    file = file or sys.stdout
    is_tty = hasattr(file, "isatty") and file.isatty()
    no_color = "NO_COLOR" in os.environ and os.environ["NO_COLOR"] != ""
    force_terminal: bool | None
    color_system: Literal["auto", "standard"] | None
    if color == "always":
        force_terminal, color_system = True, "standard"
    elif color == "never" or (color == "auto" and (no_color or not is_tty)):
        force_terminal, color_system = False, None
    else:
        force_terminal, color_system = None, "auto"
    if os.environ.get("TERM") == "dumb" and color != "always":
        color_system = None
    if width is None:
        try:
            width = int(os.environ["COLUMNS"])
        except (KeyError, ValueError):
            width = None
    if width is None and not is_tty:
        width = DEFAULT_WIDTH
    return Console(file=file, force_terminal=force_terminal, color_system=color_system,
                   width=width, no_color=color_system is None, highlight=False, markup=False,
                   emoji=False, soft_wrap=False, record=record, legacy_windows=False)
