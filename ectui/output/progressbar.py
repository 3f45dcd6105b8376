"""A progress bar on stderr for long imports; used as ``with ProgressBar(...) as advance``."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


class ProgressBar:
    def __init__(self, label: str, total: int):
        self.progress = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(),
                                 TimeRemainingColumn(), console=Console(file=sys.stderr),
                                 transient=True)
        self.task = self.progress.add_task(label, total=total)

    def __enter__(self):
        self.progress.start()
        return lambda done: self.progress.update(self.task, completed=done)

    def __exit__(self, *exc):
        self.progress.stop()
        return False
