"""A per-user cache of parsed targets.toml files.

A national targets.toml (64,000 targets) takes seconds to parse and validate; the cached
catalog loads in a hundredth of that. The cache lives in the user's own cache folder (never in the
shared workspace), is keyed by the file's path, size, times (and bytes, when small) and ectui's
version, and is only a speed-up: any problem reading or writing it falls back to parsing the file.

The file holds the catalog without its regions and targets, then each region's record, then
each region's targets, the regions in hierarchy order (``Catalog.region_order``: a region and
everything under it are neighbours). A report on one region reads that region's part and not the
country's. Everything is kept as plain tuples in ``marshal`` format: it loads twice as fast as
pickle, and importing pickle alone cost a report 2.5 ms.

    load_catalog("targets.toml")                          # everything
    load_catalog("targets.toml", subtrees=["fj"])         # Fujian, under it and above it
    load_catalog("targets.toml", regions=lambda c: ["fj"])  # all regions, Fujian's targets only
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from array import array
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from itertools import accumulate

from ectui import __version__
from ectui.model import Catalog, Document, Figure, Indicator, Plan, Region, Target

CACHE_FORMAT = 7
PYTHON_VERSION = sys.hexversion  # marshal's format belongs to one Python version

RegionChoice = Callable[[Catalog], Iterable[str] | None]


def cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "ectui")


# File times tick every few milliseconds: a script can rewrite a small file twice in one tick
# with the same size. Files below this size are also known by their bytes, kept in the key.
BYTES_IN_KEY_BELOW = 4 << 20


def _key(path: str) -> tuple:
    st = os.stat(path)
    if st.st_size < BYTES_IN_KEY_BELOW:
        with open(path, "rb") as fh:
            content = fh.read()
    else:
        content = None
    return (os.path.realpath(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, content,
            __version__, CACHE_FORMAT, PYTHON_VERSION)


def _cache_file(key: tuple) -> str:
    """The cache file of a targets.toml, named by a hash of its path (the key inside is what counts)."""
    name = hashlib.sha256(key[0].encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return os.path.join(cache_dir(), f"catalog-{name}.marshal")


def load_catalog(path: str | os.PathLike, subtrees: Sequence[str] | None = None,
                 regions: RegionChoice | None = None) -> Catalog:
    """Like load_targets, from the cache when targets.toml has not changed since it was parsed.

    ``subtrees``: region ids. When each is a region's id, the catalog holds only what a report
    on them shows: those regions, every region under them and above them, and the targets of
    the regions and those under them (plans, indicators, documents and figures whole).

    Otherwise (or without ``subtrees``) the catalog has every region, and ``regions`` is given
    it before its targets are read; it names the regions whose targets are wanted, or None for
    all, and the other targets are left out. Without a cache everything is loaded."""
    path = os.fspath(path)
    try:
        key = _key(path)
        with open(_cache_file(key), "rb") as fh:
            head = marshal.loads(fh.read(int.from_bytes(fh.read(8), "little")))
            if head[0] == key:
                return _Stored(head, fh).catalog(subtrees, regions)
    except Exception:  # missing, stale, unreadable or from another version: parse instead
        pass
    from ectui.targets import load_targets  # parsing needs tomllib and the validators; a hit does not
    catalog = load_targets(path)
    _write(path, catalog)  # whatever the size: parsing even the bundled file costs a report 30 ms, the cache 2
    return catalog


# Records from their stored tuples, in C: Target._make checks the length in Python, per target.
_target = partial(tuple.__new__, Target)
_region = partial(tuple.__new__, Region)

# The regions' ids are stored as one string, joined by NUL: a lookup by id is a search in it,
# and no string is made per region unless every region is loaded.
_SEP = "\0"


class _Stored:
    """The cache file after its header: the regions in hierarchy order, each with where its
    parent is (-1: none), where the regions under it end, where targets.toml lists it, and
    where its record and its targets are in the file (one offset more at each end: the record of
    region i is at offsets[i]:offsets[i + 1], its targets at offsets[n + i]:offsets[n + i + 1])."""

    def __init__(self, head: tuple, fh):
        (_, self.path, self.indicators, self.documents, self.plans, self.figures,
         self.ids, parents, ends, file_rows, offsets) = head
        self.parents, self.ends, self.file_rows, self.offsets = (
            _ints("i", parents), _ints("i", ends), _ints("i", file_rows), _ints("q", offsets))
        self.count = len(self.file_rows)
        self.fh, self.start = fh, fh.tell()

    def catalog(self, subtrees: Sequence[str] | None, regions: RegionChoice | None) -> Catalog:
        inside = self.subtree_positions(subtrees) if subtrees else None
        if inside is not None:
            above = {a for p in inside for a in self.ancestors(p)} - inside
            catalog = self.empty_catalog(self.records(sorted(inside | above)))
            self.give_targets(catalog, sorted(inside))
            return catalog
        everything = range(self.count)
        # Every region. Every target at once, or (with ``regions``) the records section alone
        # first, then the targets wanted, one region at a time.
        data = memoryview(self.fh.read() if regions is None else self.fh.read(self.offsets[self.count]))
        catalog = self.empty_catalog(self.records(everything, data))
        catalog.adopt_region_order(self.ids.split(_SEP) if self.count else [])
        wanted = regions(catalog) if regions is not None else None
        if wanted is None:
            self.give_targets(catalog, everything, data if regions is None else None)
        else:
            at = dict(zip(catalog.region_order(), everything))
            self.give_targets(catalog, sorted(at[r] for r in set(wanted) if r in at))
        return catalog

    def subtree_positions(self, region_ids: Sequence[str]) -> set[int] | None:
        """The positions of these regions and all under them; None if one is not an id."""
        ids = _SEP + self.ids + _SEP
        out: set[int] = set()
        for region_id in region_ids:
            found = ids.find(_SEP + region_id + _SEP) if region_id and _SEP not in region_id else -1
            if found < 0:
                return None
            position = ids.count(_SEP, 0, found)
            out.update(range(position, self.ends[position]))
        return out

    def ancestors(self, position: int) -> Iterable[int]:
        parents = self.parents
        position = parents[position]
        while position >= 0:
            yield position
            position = parents[position]

    def _blobs(self, kind: int, positions: Sequence[int], data: memoryview | None) -> Iterable[object]:
        """The stored values at these positions; kind 0: records, 1: targets. From ``data`` (the
        file after the header) when given, else read one by one."""
        offsets, base = self.offsets, kind * self.count
        begins, ends = [offsets[base + p] for p in positions], [offsets[base + p + 1] for p in positions]
        if data is not None:  # in C: a Python loop per region cost a whole load 7 ms
            return map(marshal.loads, map(data.__getitem__, map(slice, begins, ends)))
        return (self._read(begin, end) for begin, end in zip(begins, ends))

    def _read(self, begin: int, end: int) -> object:
        self.fh.seek(self.start + begin)
        return marshal.loads(self.fh.read(end - begin))

    def records(self, positions: Iterable[int], data: memoryview | None = None) -> dict[int, Region]:
        return dict(zip(positions, map(_region, self._blobs(0, positions, data))))

    def empty_catalog(self, regions: dict[int, Region]) -> Catalog:
        """The catalog without targets; its regions in targets.toml's order."""
        rows = self.file_rows
        in_file_order = sorted(regions, key=rows.__getitem__)
        return Catalog(self.path, {regions[p].id: regions[p] for p in in_file_order},
                       _by_id(Indicator, self.indicators), _by_id(Document, self.documents),
                       _by_id(Plan, self.plans), [], list(map(partial(tuple.__new__, Figure), self.figures)))

    def give_targets(self, catalog: Catalog, positions: Sequence[int], data: memoryview | None = None) -> None:
        """Give the catalog the targets of the regions at these positions, in targets.toml order."""
        by_region: dict[str, list[tuple[int, Target]]] = {}
        offsets, base = self.offsets, self.count
        targeted = [p for p in positions if offsets[base + p] != offsets[base + p + 1]]
        for numbers, rows in self._blobs(1, targeted, data):
            by_region[rows[0][1]] = list(zip(numbers, map(_target, rows)))  # [1]: the targets' region
        found = sorted(item for items in by_region.values() for item in items)  # positions are unique
        catalog.targets = [target for _, target in found]
        if len(positions) == self.count:  # positions are those of catalog.targets only when nothing was left out
            catalog.adopt_region_index(by_region)


def _ints(code: str, stored: bytes) -> array:
    out = array(code)
    out.frombytes(stored)
    return out


def _by_id(record_type, rows: list[tuple]) -> dict:
    return {row[0]: tuple.__new__(record_type, row) for row in rows}


def _header(key: tuple, catalog: Catalog, order: list[str], sizes: list[int]) -> tuple:
    """``order``: the regions in hierarchy order; ``sizes``: of the records, then the targets."""
    ids = _SEP.join(order)
    if ids.count(_SEP) != max(len(order) - 1, 0):
        raise ValueError("a region id holds a NUL")  # then not cached: parsed at every load
    at = {region_id: n for n, region_id in enumerate(order)}
    parents = [at.get(catalog.regions[r].parent, -1) for r in order]
    under = [1] * len(order)  # each region and the regions under it, which follow it in order
    for n in range(len(order) - 1, 0, -1):
        if parents[n] >= 0:
            under[parents[n]] += under[n]
    file_rows = {region_id: n for n, region_id in enumerate(catalog.regions)}
    return (key, catalog.path,
            *([tuple(r) for r in table.values()] for table in (catalog.indicators, catalog.documents, catalog.plans)),
            [tuple(f) for f in catalog.figures], ids, array("i", parents).tobytes(),
            array("i", (n + count for n, count in enumerate(under))).tobytes(),
            array("i", (file_rows[r] for r in order)).tobytes(), array("q", accumulate(sizes, initial=0)).tobytes())


def _write(path: str, catalog: Catalog) -> None:
    order = catalog.region_order()
    by_region: dict[str, tuple[list[int], list[tuple]]] = {}
    for n, t in enumerate(catalog.targets):
        numbers, rows = by_region.setdefault(t.region, ([], []))
        numbers.append(n)
        rows.append(tuple(t))
    import tempfile  # writing only: a read should not import it
    try:
        if len(order) != len(catalog.regions) or not by_region.keys() <= catalog.regions.keys():
            raise ValueError("regions outside the hierarchy")  # targets.toml's checks rule these out
        blobs = [marshal.dumps(tuple(catalog.regions[r])) for r in order]
        blobs += [marshal.dumps(by_region[r]) if r in by_region else b"" for r in order]
        key = _key(path)
        head = marshal.dumps(_header(key, catalog, order, [len(b) for b in blobs]))
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
