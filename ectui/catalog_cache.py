"""A per-user cache of parsed targets.toml files.

A national targets.toml (64,000 targets) takes seconds to parse and validate; its pickled
catalog loads in a tenth of that. The cache lives in the user's own cache folder (never in the
shared workspace), is keyed by the file's path, size, times (and bytes, when small) and ectui's
version, and is only a speed-up: any problem reading or writing it falls back to parsing the file.

The file holds the catalog without its targets, then the targets one region per chunk, so that
a report on one region reads that region's targets and not the country's:

    load_catalog("targets.toml")                                      # everything
    load_catalog("targets.toml", regions=lambda c: c.descendants("fj"))  # Fujian's targets only
"""

from __future__ import annotations

import os
import pickle
import zlib
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from ectui import __version__
from ectui.model import Catalog, Target

CACHE_FORMAT = 4

RegionChoice = Callable[[Catalog], Iterable[str] | None]


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ectui"


# File times tick every few milliseconds: a script can rewrite a small file twice in one tick
# with the same size. Files below this size are also known by a checksum of their bytes.
CHECKSUM_BELOW_BYTES = 4 << 20


def _key(path: Path) -> tuple:
    st = path.stat()
    checksum = zlib.crc32(path.read_bytes()) if st.st_size < CHECKSUM_BELOW_BYTES else None
    return (str(path.resolve()), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, checksum,
            __version__, CACHE_FORMAT)


def _cache_file(key: tuple) -> Path:
    # Named by a checksum of the path (hashlib costs start-up time); the key inside is what counts.
    return cache_dir() / f"catalog-{zlib.crc32(key[0].encode()):08x}.pickle"


def load_catalog(path: str | Path, regions: RegionChoice | None = None) -> Catalog:
    """Like load_targets, from the cache when targets.toml has not changed since it was parsed.

    ``regions`` is given the catalog before its targets are read (regions, indicators and plans
    are all there) and names the regions whose targets are wanted, or None for all; the other
    targets are then left out. Without a cache every target is loaded."""
    path = Path(path)
    try:
        key = _key(path)
        with open(_cache_file(key), "rb") as fh:
            stored_key, catalog, chunks = pickle.load(fh)
            if stored_key == key:
                wanted = regions(catalog) if regions is not None else None
                _read_targets(fh, catalog, chunks, None if wanted is None else set(wanted))
                return catalog
    except Exception:  # missing, stale, unreadable or from another version: parse instead
        pass
    from ectui.targets import load_targets  # parsing needs tomllib and the validators; a hit does not
    catalog = load_targets(path)
    _write(path, catalog)  # whatever the size: parsing even the bundled file costs a report 30 ms, the cache 2
    return catalog


# A Target from its stored tuple, in C: Target._make checks the length in Python, per target.
_target = partial(tuple.__new__, Target)


def _read_targets(fh, catalog: Catalog, chunks: dict[str, tuple[int, int]], wanted: set[str] | None) -> None:
    """Give the catalog the targets of the wanted regions (None: all), in targets.toml order."""
    start = fh.tell()
    by_region: dict[str, list[tuple[int, Target]]] = {}
    if wanted is None:
        data = memoryview(fh.read())
        for region, (offset, size) in chunks.items():
            numbers, rows = pickle.loads(data[offset:offset + size])
            by_region[region] = list(zip(numbers, map(_target, rows)))
    else:
        for region in wanted & chunks.keys():
            offset, size = chunks[region]
            fh.seek(start + offset)
            numbers, rows = pickle.loads(fh.read(size))
            by_region[region] = list(zip(numbers, map(_target, rows)))
    found = sorted(item for items in by_region.values() for item in items)  # positions are unique
    catalog.targets = [target for _, target in found]
    if wanted is None:  # positions are those of catalog.targets only when nothing was left out
        catalog.adopt_region_index(by_region)


def _write(path: Path, catalog: Catalog) -> None:
    by_region: dict[str, tuple[list[int], list[tuple]]] = {}
    for n, t in enumerate(catalog.targets):
        numbers, rows = by_region.setdefault(t.region, ([], []))
        numbers.append(n)
        rows.append(tuple(t))
    blobs, chunks, offset = [], {}, 0
    for region, chunk in by_region.items():
        blob = pickle.dumps(chunk, protocol=pickle.HIGHEST_PROTOCOL)
        chunks[region] = (offset, len(blob))
        blobs.append(blob)
        offset += len(blob)
    import copy  # writing only: a read should not import these
    import tempfile
    head = copy.copy(catalog)
    # Maps derived from the targets are left out (a load may read some regions' targets only).
    head.__dict__ = {k: v for k, v in catalog.__dict__.items() if not k.startswith("_")} | catalog.region_maps()
    head.targets = []
    try:
        key = _key(path)
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".catalog-")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((key, head, chunks), fh, protocol=pickle.HIGHEST_PROTOCOL)
            fh.writelines(blobs)
        os.replace(tmp, _cache_file(key))
    except OSError:
        pass
