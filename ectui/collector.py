"""Keeping Python's cyclic garbage collector off large sets of figures.

Rows, tuples and dicts of figures hold no reference cycles, yet the collector scans them again
and again: as they pile up (a third of a national import's time, a quarter of a national
report's), and, in the dashboard, at every full pass while they are held. Reference counting
still frees them as usual.

    >>> with collector_paused():
    ...     rows = [(n, str(n)) for n in range(1_000_000)]
    >>> freeze_long_lived()  # rows stay: later full passes skip them
"""

from __future__ import annotations

import gc
from typing import Literal


class collector_paused:
    """Context manager: the collector is off inside, and back to its former state after."""

    def __enter__(self) -> None:
        self._was_enabled = gc.isenabled()  # a caller that turned it off keeps it off
        gc.disable()

    def __exit__(self, *exc: object) -> Literal[False]:  # never swallows an exception
        if self._was_enabled:
            gc.enable()
        return False


def freeze_long_lived(collect: bool = True) -> None:
    """Leave every object alive now out of the collector's later passes (``gc.freeze``).

    For a program that holds a large data set while it keeps making small objects: with the
    national gap table open the dashboard holds 650,000 container objects, a full pass over them
    took 0.25 s, and Textual's rendering set one off every score or so of key presses. Frozen
    objects are still freed by reference counting when dropped. ``collect`` first runs one full
    pass, so that no garbage cycle is frozen for good; without it, freezing costs nothing.
    ``thaw`` undoes every freeze."""
    if collect:
        gc.unfreeze()
        gc.collect()
    gc.freeze()


def thaw() -> None:
    """Frozen objects back in the collector's oldest generation (``gc.unfreeze``)."""
    gc.unfreeze()
