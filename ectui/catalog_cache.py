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
from collections.abc import Callable, Iterable
from functools import partial
from operator import itemgetter

from ectui import __version__
from ectui.model import Catalog, Document, Figure, Indicator, Plan, Region, Target

CACHE_FORMAT = 5
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


def _catalog(head: tuple) -> tuple[Catalog, dict[str, tuple[int, int]]]:
    """The catalog (without targets) and the target chunks, from the stored header."""
    _, path, regions, indicators, documents, plans, figures, maps, chunks = head
    catalog = Catalog(path, _by_id(Region, regions), _by_id(Indicator, indicators), _by_id(Document, documents),
                      _by_id(Plan, plans), [], list(map(partial(tuple.__new__, Figure), figures)))
    catalog.adopt_region_maps(maps)
    return catalog, chunks


def _header(key: tuple, catalog: Catalog, chunks: dict[str, tuple[int, int]]) -> tuple:
    # Maps derived from the targets are left out (a load may read some regions' targets only).
    return (key, catalog.path, *([tuple(r) for r in table.values()] for table in (
        catalog.regions, catalog.indicators, catalog.documents, catalog.plans)),
        [tuple(f) for f in catalog.figures], catalog.region_maps(), chunks)


def _read_targets(fh, catalog: Catalog, chunks: dict[str, tuple[int, int]], wanted: set[str] | None) -> None:
    """Give the catalog the targets of the wanted regions (None: all), in targets.toml order."""
    start = fh.tell()
    by_region: dict[str, list[tuple[int, Target]]] = {}
    if wanted is None:
        data = memoryview(fh.read())
        for region, (offset, size) in chunks.items():
            numbers, rows = marshal.loads(data[offset:offset + size])
            by_region[region] = list(zip(numbers, map(_target, rows)))
    else:
        for region in wanted & chunks.keys():
            offset, size = chunks[region]
            fh.seek(start + offset)
            numbers, rows = marshal.loads(fh.read(size))
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
        blobs, chunks, offset = [], {}, 0
        for region, chunk in by_region.items():
            blob = marshal.dumps(chunk)
            chunks[region] = (offset, len(blob))
            blobs.append(blob)
            offset += len(blob)
        key = _key(path)
        head = marshal.dumps(_header(key, catalog, chunks))
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
