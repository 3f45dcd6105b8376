"""A per-user cache of parsed targets.toml files.

A national targets.toml (64,000 targets) takes seconds to parse and validate; the cached
catalog loads in a hundredth of that. The cache lives in the user's own cache folder (never in the
shared workspace), is keyed by the file's path, size, times (and bytes, when small) and ectui's
version, and is only a speed-up: any problem reading or writing it falls back to parsing the file.

The file holds the catalog without its targets, then the targets one region per chunk, so that
a report on one region reads that region's targets and not the country's. Everything is kept
as plain tuples in ``marshal`` format: it loads twice as fast as pickle, and importing pickle
alone cost a report 2.5 ms.

    load_catalog("targets.toml")                                      # everything
    load_catalog("targets.toml", regions=lambda c: c.descendants("fj"))  # Fujian's targets only
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import accumulate
from operator import itemgetter

from ectui import __version__
from ectui.model import Catalog, Document, Figure, Indicator, Plan, Region, Target

CACHE_FORMAT = 6
PYTHON_VERSION = sys.hexversion  # marshal's format belongs to one Python version

RegionChoice = Callable[[Catalog], Iterable[str] | None]


def cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "ectui")


# File times tick every few milliseconds: a script can rewrite a small file twice in one tick
# with the same size. Files below this size are also known by a checksum of their bytes.
CHECKSUM_BELOW_BYTES = 4 << 20


def _key(path: str) -> tuple:
    st = os.stat(path)
    if st.st_size < CHECKSUM_BELOW_BYTES:
        with open(path, "rb") as fh:
            checksum = zlib.crc32(fh.read())
    else:
        checksum = None
    return (os.path.realpath(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, checksum,
            __version__, CACHE_FORMAT, PYTHON_VERSION)


def _cache_file(key: tuple) -> str:
    # Named by a checksum of the path (hashlib costs start-up time); the key inside is what counts.
    return os.path.join(cache_dir(), f"catalog-{zlib.crc32(key[0].encode()):08x}.marshal")


def load_catalog(path: str | os.PathLike, regions: RegionChoice | None = None) -> Catalog:
    """Like load_targets, from the cache when targets.toml has not changed since it was parsed.

    ``regions`` is given the catalog before its targets are read (regions, indicators and plans
    are all there) and names the regions whose targets are wanted, or None for all; the other
    targets are then left out. Without a cache every target is loaded."""
    path = os.fspath(path)
    try:
        key = _key(path)
        with open(_cache_file(key), "rb") as fh:
            head = marshal.loads(fh.read(int.from_bytes(fh.read(8), "little")))
            if head[0] == key:
                catalog, chunks = _catalog(head)
                wanted = regions(catalog) if regions is not None else None
                _read_targets(fh, catalog, chunks, None if wanted is None else set(wanted))
                return catalog
    except Exception:  # missing, stale, unreadable or from another version: parse instead
        pass
    from ectui.targets import load_targets  # parsing needs tomllib and the validators; a hit does not
    catalog = load_targets(path)
    _write(path, catalog)  # whatever the size: parsing even the bundled file costs a report 30 ms, the cache 2
    return catalog


# Records from their stored tuples, in C: Target._make checks the length in Python, per target.
_target = partial(tuple.__new__, Target)


def _by_id(record_type, rows: list[tuple]) -> dict:
    return dict(zip(map(itemgetter(0), rows), map(partial(tuple.__new__, record_type), rows)))


# A column of text (the regions' ids, names, parents) is stored as one string, the cells joined
# by NUL: marshal then decodes one string instead of making an object per cell, and a split in C
# makes the cells. With the chunks below, a one-region report went from 41.6 to 40.4 ms.
_SEP = "\0"


def _columns(rows: list[tuple]) -> list:
    """The table by columns: text (str, or None in places) as (joined, positions of None),
    anything else, or text holding a NUL, as a list."""
    out: list = []
    for column in zip(*rows):
        if all(type(v) is str or v is None for v in column):
            joined = _SEP.join(v or "" for v in column)
            if joined.count(_SEP) == len(column) - 1:
                out.append((joined, [i for i, v in enumerate(column) if v is None]))
                continue
        out.append(list(column))
    return out


def _rows(columns: list) -> Iterator[tuple]:
    """The rows of a table stored by ``_columns``."""
    cells = []
    for column in columns:
        if type(column) is tuple:
            joined, nones = column
            column = joined.split(_SEP)
            for i in nones:
                column[i] = None
        cells.append(column)
    return zip(*cells)


class _Chunks:
    """Where each region's targets are in the file: the regions' ids (joined by NUL) and the
    chunks' offsets as one array (one entry more: the end). A dict of 3,215 (offset, size) pairs
    took 0.6–1.1 ms to load."""

    def __init__(self, ids: str, offsets: bytes):
        self.ids = ids.split(_SEP) if ids else []
        self.offsets = array("q")
        self.offsets.frombytes(offsets)

    @staticmethod
    def stored(sizes: dict[str, int]) -> tuple[str, bytes]:
        ids = _SEP.join(sizes)
        if ids.count(_SEP) != max(len(sizes) - 1, 0):
            raise ValueError("a region id holds a NUL")  # then not cached: parsed at every load
        return ids, array("q", accumulate(sizes.values(), initial=0)).tobytes()

    def spans(self, regions: Iterable[str] | None = None) -> Iterator[tuple[str, int, int]]:
        """(region, start, end) of the given regions that have targets (None: all)."""
        offsets = self.offsets
        if regions is None:
            return zip(self.ids, offsets, offsets[1:])
        at = dict(zip(self.ids, range(len(self.ids))))
        return ((r, offsets[at[r]], offsets[at[r] + 1]) for r in regions if r in at)


def _catalog(head: tuple) -> tuple[Catalog, _Chunks]:
    """The catalog (without targets) and the target chunks, from the stored header."""
    _, path, regions, indicators, documents, plans, figures, maps, chunk_ids, offsets = head
    catalog = Catalog(path, _by_id(Region, list(_rows(regions))), _by_id(Indicator, indicators),
                      _by_id(Document, documents), _by_id(Plan, plans), [],
                      list(map(partial(tuple.__new__, Figure), figures)))
    catalog.adopt_region_maps(maps)
    return catalog, _Chunks(chunk_ids, offsets)


def _header(key: tuple, catalog: Catalog, sizes: dict[str, int]) -> tuple:
    # Maps derived from the targets are left out (a load may read some regions' targets only).
    return (key, catalog.path, _columns([tuple(r) for r in catalog.regions.values()]),
            *([tuple(r) for r in table.values()] for table in (catalog.indicators, catalog.documents, catalog.plans)),
            [tuple(f) for f in catalog.figures], catalog.region_maps(), *_Chunks.stored(sizes))


def _read_targets(fh, catalog: Catalog, chunks: _Chunks, wanted: set[str] | None) -> None:
    """Give the catalog the targets of the wanted regions (None: all), in targets.toml order."""
    start = fh.tell()
    by_region: dict[str, list[tuple[int, Target]]] = {}
    if wanted is None:
        data = memoryview(fh.read())
        for region, begin, end in chunks.spans():
            numbers, rows = marshal.loads(data[begin:end])
            by_region[region] = list(zip(numbers, map(_target, rows)))
    else:
        for region, begin, end in chunks.spans(wanted):
            fh.seek(start + begin)
            numbers, rows = marshal.loads(fh.read(end - begin))
            by_region[region] = list(zip(numbers, map(_target, rows)))
    found = sorted(item for items in by_region.values() for item in items)  # positions are unique
    catalog.targets = [target for _, target in found]
    if wanted is None:  # positions are those of catalog.targets only when nothing was left out
        catalog.adopt_region_index(by_region)


def _write(path: str, catalog: Catalog) -> None:
    by_region: dict[str, tuple[list[int], list[tuple]]] = {}
    for n, t in enumerate(catalog.targets):
        numbers, rows = by_region.setdefault(t.region, ([], []))
        numbers.append(n)
        rows.append(tuple(t))
    import tempfile  # writing only: a read should not import it
    try:
        blobs, sizes = [], {}
        for region, chunk in by_region.items():
            blob = marshal.dumps(chunk)
            sizes[region] = len(blob)
            blobs.append(blob)
        key = _key(path)
        head = marshal.dumps(_header(key, catalog, sizes))
        folder = cache_dir()
        os.makedirs(folder, mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".catalog-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(len(head).to_bytes(8, "little"))
            fh.write(head)
            fh.writelines(blobs)
        os.replace(tmp, _cache_file(key))
    except (OSError, ValueError):  # ValueError: a value marshal cannot store; the cache is only a speed-up
        pass
