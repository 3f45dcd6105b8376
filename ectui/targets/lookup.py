"""Find a region, indicator or plan by id, Chinese name or English name."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from ectui.errors import NotFound
from ectui.model import Catalog, Indicator, Plan, Region

T = TypeVar("T")


def _norm(s: str) -> str:
    return "".join(s.split()).casefold()


_INDEXES: dict[int, tuple[dict, dict]] = {}


def _index(items: dict[str, T], names: Callable[[T], Iterable[str]]) -> dict[str, list[T]]:
    """Normalized id and names -> the items so named, built once per table (imports look up
    every row). Ids are unique and win over names."""
    cached = _INDEXES.get(id(items))
    if cached is not None and cached[0] is items:
        return cached[1]
    index: dict[str, list[T]] = {}
    for item in items.values():
        for n in names(item):
            if n:
                found = index.setdefault(_norm(n), [])
                if item not in found:
                    found.append(item)
    for item_id, item in items.items():
        index[_norm(item_id)] = [item]
    _INDEXES[id(items)] = (items, index)
    return index


def _one(kind: str, text: str, found: list[T]) -> T:
    if len(found) == 1:
        return found[0]
    listed = "; ".join(f"{getattr(item, 'id')} ({getattr(item, 'full_name', '') or text})" for item in found)
    raise NotFound(f"{kind} {text!r} is ambiguous: {listed}; give the id or the full name")


def _find(kind: str, text: str, items: dict[str, T], names: Callable[[T], Iterable[str]]) -> T:
    found = items.get(text)
    if found is not None:  # an id as written: no index of the 3,000 names of a national catalog
        return found
    index = _index(items, names)
    key = _norm(text)
    if not key:
        raise NotFound(f"empty {kind}: give its id or name")
    if key in index:
        return _one(kind, text, index[key])
    # Short Chinese forms: 泉州 for 泉州市, 福建 for 福建省.
    short = [item for item in items.values()
             if len(key) >= 2 and any(_norm(n).rstrip("省市县区") == key for n in names(item) if n)]
    if short:
        return _one(kind, text, short)
    choices = {}
    for item_id, item in items.items():
        choices[item_id] = item_id
        for n in names(item):
            choices[n] = item_id
    import difflib  # only to say what was meant
    close = difflib.get_close_matches(text, list(choices), n=1, cutoff=0.5)
    hint = f"did you mean {choices[close[0]]!r} ({close[0]})? " if close else ""
    raise NotFound(f"unknown {kind} {text!r}: {hint}see `ectui check --list` for the {kind}s defined")


def find_region(catalog: Catalog, text: str) -> Region:
    return _find("region", text, catalog.regions, lambda r: (r.name_zh, r.name_en, r.full_name))


def find_indicator(catalog: Catalog, text: str) -> Indicator:
    return _find("indicator", text, catalog.indicators, lambda i: (i.name_zh, i.name_en, i.full_name))


def find_plan(catalog: Catalog, text: str) -> Plan:
    return _find("plan", text, catalog.plans, lambda p: (p.title, p.title_en))

