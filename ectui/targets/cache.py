"""A per-user cache of parsed targets.toml files.

A national targets.toml (64,000 targets) takes seconds to parse and validate; the cached catalog
loads in a tenth of a second, and the part of it one region's report needs in a millisecond. The
cache lives in the user's own cache folder (never in the shared workspace), is keyed by the
file's path, size, times (and bytes, when small) and ectui's version, and is only a speed-up: a
missing or stale cache means parsing the file, and one that cannot be read is noted and replaced.

A cache file is one plain structure, in ``marshal`` format (plain tuples and lists):

- a header: the key, then the catalog without its regions' targets (indicators, documents,
  plans, figures), then its regions in hierarchy order (``Catalog.region_order``: a region and
  the regions under it are neighbours), each with where its parent is, where the regions under
  it end, and where its targets are;
- after the header, the targets of each region, in the same order.

    load_catalog("targets.toml")                  # everything
    load_catalog("targets.toml", regions=["fj"])  # Fujian, the regions under it and above it
"""

from __future__ import annotations

import marshal
import os
import sys
import warnings
from collections.abc import Sequence
from typing import BinaryIO, NamedTuple

from ectui import __version__
from ectui.model import Catalog, Document, Figure, Indicator, Plan, Region, Target

CACHE_FORMAT = 10
# marshal's format belongs to one Python version; files below this size are also known by their
# bytes (file times tick every few milliseconds: a script can rewrite a small file twice in one
# tick with the same size).
KEY_BYTES_BELOW = 4 << 20
LENGTH_BYTES = 8  # the header's length, before it
PYTHON_VERSION = sys.hexversion


class CacheWarning(UserWarning):
    """A cache file that could not be read: targets.toml was parsed instead."""


class Header(NamedTuple):
    key: tuple
    path: str
    indicators: list[tuple]
    documents: list[tuple]
    plans: list[tuple]
    figures: list[tuple]
    regions: list[tuple]  # in hierarchy order
    file_rows: list[int]  # where targets.toml lists each region
    parents: list[int]  # the parent's position, -1 for none
    ends: list[int]  # the position after the last region under each one
    target_offsets: list[int]  # each region's targets at [offsets[i], offsets[i + 1]) after the header


def cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "ectui")


def load_catalog(path: str | os.PathLike, regions: Sequence[str] | None = None) -> Catalog:
    """Like load_targets, from the cache when targets.toml has not changed since it was parsed.

    ``regions``: region ids. The catalog then holds only what a report on them shows: those
    regions, every region under them and above them, and the targets of the regions and those
    under them (indicators, documents, plans and figures whole). If one is not a region's id (a
    name, say), or without ``regions``, everything."""
    path = os.fspath(path)
    key = _key(path)
    cached = _read(path, key, regions)
    if cached is not None:
        return cached
    from ectui.targets.loader import load_targets  # the TOML parser, only when the cache cannot answer
    catalog = load_targets(path)
    _write(key, catalog)
    return catalog


def _key(path: str) -> tuple:
    try:
        st = os.stat(path)
    except OSError:
        return ()  # no cache for a file that cannot be read: load_targets says why
    content = None
    if st.st_size < KEY_BYTES_BELOW:
        with open(path, "rb") as fh:
            content = fh.read()
    return (os.path.realpath(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, content,
            __version__, CACHE_FORMAT, PYTHON_VERSION)


def cache_file(key: tuple) -> str:
    """The cache file of a targets.toml: its real path mirrored under the cache folder, as
    Python's ``pycache_prefix`` mirrors sources (``/srv/zj/targets.toml`` →
    ``~/.cache/ectui/catalogs/srv/zj/targets.toml.marshal``), so one can see whose cache it is."""
    return os.path.join(cache_dir(), "catalogs", key[0].lstrip(os.sep) + ".marshal")


def _read(path: str, key: tuple, regions: Sequence[str] | None) -> Catalog | None:
    """The cached catalog, or None when there is no cache for this very file."""
    if not key:
        return None
    try:
        with open(cache_file(key), "rb") as fh:
            size = int.from_bytes(fh.read(LENGTH_BYTES), "little")
            if size > os.fstat(fh.fileno()).st_size:
                raise ValueError(f"a header of {size} bytes in a shorter file")
            stored = marshal.loads(fh.read(size))
            if not (isinstance(stored, tuple) and len(stored) == len(Header._fields)):
                raise ValueError("not a catalog cache of this format")
            header = Header(*stored)
            if header.key != key:
                return None  # stale: targets.toml changed, or another version wrote it
            return _catalog(header, fh, regions)
    except FileNotFoundError:
        return None
    except (OSError, EOFError, ValueError, TypeError, IndexError) as exc:  # damaged, cut short, not ours
        warnings.warn(CacheWarning(f"the cache of {path} could not be read ({type(exc).__name__}: {exc}); "
                                   "parsed targets.toml instead"), stacklevel=3)
        return None


def _catalog(header: Header, fh: BinaryIO, regions: Sequence[str] | None) -> Catalog:
    at = {row[0]: n for n, row in enumerate(header.regions)}
    if regions and all(r in at for r in regions):
        inside = {p for r in regions for p in range(at[r], header.ends[at[r]])}
        above = {a for p in inside for a in _ancestors(header.parents, p)} - inside
        kept = sorted(inside | above)
        with_targets = sorted(inside)
    else:
        kept = with_targets = list(range(len(header.regions)))
    base = fh.tell()
    numbered: list[tuple[int, Target]] = []
    for p in with_targets:
        begin, end = header.target_offsets[p], header.target_offsets[p + 1]
        if begin != end:
            fh.seek(base + begin)
            numbers, rows = marshal.loads(fh.read(end - begin))
            numbered.extend(zip(numbers, map(Target._make, rows)))
    numbered.sort(key=lambda item: item[0])  # targets.toml's order
    chosen = sorted(kept, key=header.file_rows.__getitem__)
    return Catalog(header.path,
                   regions={header.regions[p][0]: Region._make(header.regions[p]) for p in chosen},
                   indicators={row[0]: Indicator._make(row) for row in header.indicators},
                   documents={row[0]: Document._make(row) for row in header.documents},
                   plans={row[0]: Plan._make(row) for row in header.plans},
                   targets=[t for _, t in numbered],
                   figures=[Figure._make(row) for row in header.figures])


def _ancestors(parents: list[int], position: int) -> list[int]:
    out = []
    position = parents[position]
    while position >= 0:
        out.append(position)
        position = parents[position]
    return out


def _write(key: tuple, catalog: Catalog) -> None:
    if not key:
        return
    order = catalog.region_order()
    at = {region_id: n for n, region_id in enumerate(order)}
    parents = [at.get(catalog.regions[r].parent or "", -1) for r in order]
    ends = [n + 1 for n in range(len(order))]  # each region's subtree follows it in order
    for n in range(len(order) - 1, -1, -1):
        if parents[n] >= 0:
            ends[parents[n]] = max(ends[parents[n]], ends[n])
    by_region: dict[str, tuple[list[int], list[tuple]]] = {}
    for n, t in enumerate(catalog.targets):
        numbers, rows = by_region.setdefault(t.region, ([], []))
        numbers.append(n)
        rows.append(tuple(t))
    blobs = [marshal.dumps(by_region[r]) if r in by_region else b"" for r in order]
    offsets = [0]
    for blob in blobs:
        offsets.append(offsets[-1] + len(blob))
    file_rows = {region_id: n for n, region_id in enumerate(catalog.regions)}
    indicator_rows, document_rows, plan_rows = ([tuple(row) for row in table.values()]
                                                for table in (catalog.indicators, catalog.documents, catalog.plans))
    header = Header(key, catalog.path, indicator_rows, document_rows, plan_rows,
                    [tuple(f) for f in catalog.figures], [tuple(catalog.regions[r]) for r in order],
                    [file_rows[r] for r in order], parents, ends, offsets)
    head = marshal.dumps(tuple(header))
    target = cache_file(key)
    # Written beside the cache and renamed over it, so that a reader sees a whole file or none;
    # named by our pid, which no live process shares.
    tmp = f"{target}.{os.getpid()}.tmp"
    try:
        os.makedirs(cache_dir(), mode=0o700, exist_ok=True)  # private: it names the user's workspaces
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(len(head).to_bytes(LENGTH_BYTES, "little"))
            fh.write(head)
            fh.writelines(blobs)
        os.replace(tmp, target)
    except OSError:  # a read-only home, a full disk: every load parses, as without a cache
        try:
            os.unlink(tmp)
        except OSError:
            pass
