"""A per-user cache of parsed targets.toml files.

A national targets.toml (64,000 targets) takes seconds to parse and validate; its pickled
catalog loads in a tenth of that. The cache lives in the user's own cache folder (never in the
shared workspace), is keyed by the file's path, size, modification time and ectui's version,
and is only a speed-up: any problem reading or writing it falls back to parsing the file.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from ectui import __version__
from ectui.model import Catalog
from ectui.targets import load_targets

CACHE_FORMAT = 1
MIN_TARGETS_TO_CACHE = 1000  # small files parse faster than a cache round trip is worth


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ectui"


def _key(path: Path) -> tuple:
    st = path.stat()
    return (str(path.resolve()), st.st_size, st.st_mtime_ns, __version__, CACHE_FORMAT)


def load_catalog(path: str | Path) -> Catalog:
    """Like load_targets, from the cache when targets.toml has not changed since it was parsed."""
    path = Path(path)
    try:
        key = _key(path)
        cache_file = cache_dir() / f"catalog-{hashlib.sha1(key[0].encode()).hexdigest()}.pickle"
        with open(cache_file, "rb") as fh:
            stored_key, catalog = pickle.load(fh)
        if stored_key == key:
            return catalog
    except Exception:  # missing, stale, unreadable or from another version: parse instead
        pass
    catalog = load_targets(path)
    if len(catalog.targets) >= MIN_TARGETS_TO_CACHE:
        _write(path, catalog)
    return catalog


def _write(path: Path, catalog: Catalog) -> None:
    try:
        key = _key(path)
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        target = folder / f"catalog-{hashlib.sha1(key[0].encode()).hexdigest()}.pickle"
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".catalog-")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((key, catalog), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
    except OSError:
        pass
