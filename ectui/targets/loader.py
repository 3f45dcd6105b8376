"""Load and validate targets.toml into a ``Catalog``.

Every problem stops loading with one ``TargetsError`` that names the file, the line
(where it can be found), the key and what to do about it.

>>> catalog = load_targets("targets.toml")        # doctest: +SKIP
>>> catalog.targets[0].cmp                         # doctest: +SKIP
'>='
"""

from __future__ import annotations

import difflib
import math
import re
import sys
from pathlib import Path
from typing import Any, Literal, overload

from ectui.model import (
    COMPARATORS,
    KINDS,
    YEAR_MAX,
    YEAR_MIN,
    Catalog,
    Document,
    Figure,
    Indicator,
    Plan,
    Region,
    Target,
    TargetsError,
)
from ectui.numbers import BOOL_UNIT, MAX_ABS_VALUE, NumberError, convert_number, parse_value, split_unit

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")


class _Lines:
    """Find the line of ``[[section]]`` number i, and of a key inside it, in the raw text."""

    def __init__(self, text: str):
        self.headers: dict[str, list[int]] = {}
        self.keys: dict[tuple[str, int], dict[str, int]] = {}
        current: tuple[str, int] | None = None
        for lineno, line in enumerate(text.splitlines(), start=1):
            s = line.strip()
            m = re.match(r"^\[\[\s*([A-Za-z0-9_\-]+)\s*\]\]", s)
            if m:
                name = m.group(1)
                self.headers.setdefault(name, []).append(lineno)
                current = (name, len(self.headers[name]) - 1)
                self.keys[current] = {}
                continue
            if s.startswith("["):
                current = None
                continue
            k = re.match(r"^([A-Za-z0-9_\-]+)\s*=", s)
            if k and current is not None:
                self.keys[current].setdefault(k.group(1), lineno)

    def line(self, section: str, index: int, key: str | None = None) -> int | None:
        if key is not None:
            found = self.keys.get((section, index), {}).get(key)
            if found:
                return found
        starts = self.headers.get(section, [])
        return starts[index] if index < len(starts) else None


def did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.5)
    return f" (did you mean {close[0]!r}?)" if close else ""


class _Reader:
    def __init__(self, path: str, text: str):
        self.path = path
        self.lines = _Lines(text)

    def fail(self, section: str, index: int, key: str | None, message: str) -> TargetsError:
        label = f"{section}[{index}]" + (f".{key}" if key else "")
        return TargetsError(self.path, message, self.lines.line(section, index, key), label)

    def get(self, section: str, index: int, entry: dict, key: str, kind: type | tuple,
            required: bool = True, default: Any = None) -> Any:
        if key not in entry:
            if required:
                raise self.fail(section, index, None,
                                f"missing key {key!r}: add `{key} = ...` to this [[{section}]] entry")
            return default
        value = entry[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        # bool is an int in Python; a number field must not accept true/false.
        if isinstance(value, bool) and bool not in kinds:
            ok = False
        else:
            ok = isinstance(value, kinds)
        if not ok:
            names = " or ".join(_type_name(k) for k in kinds)
            raise self.fail(section, index, key,
                            f"expected {names}, got {_type_name(type(value))} {value!r}")
        if isinstance(value, float) and not math.isfinite(value):
            raise self.fail(section, index, key, f"{value!r} is not a finite number")
        if isinstance(value, str) and not value.strip() and required:
            raise self.fail(section, index, key, "must not be empty")
        return value

    @overload
    def year(self, section: str, index: int, entry: dict, key: str, required: Literal[True] = ...) -> int: ...

    @overload
    def year(self, section: str, index: int, entry: dict, key: str, required: bool) -> int | None: ...

    def year(self, section: str, index: int, entry: dict, key: str, required: bool = True) -> int | None:
        y = self.get(section, index, entry, key, int, required)
        if y is not None and not YEAR_MIN <= y <= YEAR_MAX:
            raise self.fail(section, index, key,
                            f"year {y} is outside {YEAR_MIN}–{YEAR_MAX}: write a four-digit year")
        return y

    def ident(self, section: str, index: int, entry: dict, seen: dict[str, Any]) -> str:
        ident = self.get(section, index, entry, "id", str)
        if not ID_PATTERN.match(ident):
            raise self.fail(section, index, "id",
                            f"id {ident!r} must be an ascii slug (lowercase letters, digits, - or _)")
        if ident in seen:
            raise self.fail(section, index, "id", f"duplicate id {ident!r}: each id may appear once")
        return ident

    @overload
    def ref(self, section: str, index: int, entry: dict, key: str, table: dict, what: str,
            required: Literal[True] = ...) -> str: ...

    @overload
    def ref(self, section: str, index: int, entry: dict, key: str, table: dict, what: str,
            required: bool) -> str | None: ...

    def ref(self, section: str, index: int, entry: dict, key: str, table: dict, what: str,
            required: bool = True) -> str | None:
        ref = self.get(section, index, entry, key, str, required)
        if ref is not None and ref not in table:
            raise self.fail(section, index, key,
                            f"unknown {what} {ref!r}{did_you_mean(ref, list(table))}; "
                            f"define it under [[{what}s]] or fix the reference")
        return ref


def _type_name(t: type) -> str:
    return {str: "a string", int: "an integer", float: "a number", bool: "true/false",
            list: "a list", dict: "a table"}.get(t, t.__name__)


def _entries(reader: _Reader, data: dict, section: str) -> list[dict]:
    entries = data.get(section, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise TargetsError(reader.path, f"`{section}` must be a list of tables written as [[{section}]]",
                           None, section)
    return entries


def read_toml(path: str | Path) -> tuple[str, dict]:
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise TargetsError(str(p), "file not found: create it, or point --targets at an existing file")
    except OSError as exc:
        raise TargetsError(str(p), f"cannot read: {exc.strerror}")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a BOM is harmless; editors on Windows add it
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise TargetsError(str(p), "not valid UTF-8: save the file as UTF-8", line)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        at_line = int(m.group(1)) if m else None
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", msg)
        if m:
            msg += f" (column {m.group(2)})"
        raise TargetsError(str(p), f"TOML syntax error: {msg}; fix the syntax on this line", at_line)
    return text, data


def load_targets(path: str | Path) -> Catalog:
    """Read and validate targets.toml; raise TargetsError on the first problem."""
    text, data = read_toml(path)
    reader = _Reader(str(path), text)
    catalog = Catalog(path=str(path))
    if not any(data.get(k) for k in ("regions", "indicators", "plans")):
        raise TargetsError(str(path), "no [[regions]], [[indicators]] or [[plans]] defined: "
                           "the file is empty or not an ectui targets file")
    _load_regions(reader, data, catalog)
    _load_indicators(reader, data, catalog)
    _load_documents(reader, data, catalog)
    _load_plans(reader, data, catalog)
    _load_targets(reader, data, catalog)
    _load_figures(reader, data, catalog)
    return catalog


def _load_regions(r: _Reader, data: dict, c: Catalog) -> None:
    entries = _entries(r, data, "regions")
    for i, e in enumerate(entries):
        rid = r.ident("regions", i, e, c.regions)
        editors = r.get("regions", i, e, "editors", list, required=False)
        if editors is not None and not all(isinstance(x, str) for x in editors):
            raise r.fail("regions", i, "editors", "expected a list of user names (strings)")
        c.regions[rid] = Region(
            id=rid,
            name_zh=r.get("regions", i, e, "name_zh", str),
            name_en=r.get("regions", i, e, "name_en", str),
            parent=r.get("regions", i, e, "parent", str, required=False),
            editors=tuple(editors) if editors is not None else None,
        )
    for i, e in enumerate(entries):
        parent = e.get("parent")
        if parent is not None and parent not in c.regions:
            raise r.fail("regions", i, "parent",
                         f"unknown region {parent!r}{did_you_mean(parent, list(c.regions))}")
    for rid in c.regions:  # a parent chain must end
        seen: set[str] = set()
        cur: str | None = rid
        while cur is not None:
            if cur in seen:
                i = list(c.regions).index(rid)
                raise r.fail("regions", i, "parent", f"region {rid!r} is its own ancestor")
            seen.add(cur)
            cur = c.regions[cur].parent


def _load_indicators(r: _Reader, data: dict, c: Catalog) -> None:
    for i, e in enumerate(_entries(r, data, "indicators")):
        iid = r.ident("indicators", i, e, c.indicators)
        kind = r.get("indicators", i, e, "kind", str, required=False, default="number")
        if kind not in KINDS:
            raise r.fail("indicators", i, "kind", f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
        unit = r.get("indicators", i, e, "unit", str, required=kind != "boolean",
                     default=BOOL_UNIT)
        if kind == "boolean":
            unit = BOOL_UNIT
        else:
            try:
                split_unit(unit)
            except NumberError as exc:
                raise r.fail("indicators", i, "unit", str(exc))
        c.indicators[iid] = Indicator(iid, r.get("indicators", i, e, "name_zh", str),
                                      r.get("indicators", i, e, "name_en", str), unit, kind)


def _load_documents(r: _Reader, data: dict, c: Catalog) -> None:
    for i, e in enumerate(_entries(r, data, "documents")):
        did = r.ident("documents", i, e, c.documents)
        c.documents[did] = Document(did, r.get("documents", i, e, "title", str),
                                    r.get("documents", i, e, "title_en", str, required=False, default=""))


def _load_plans(r: _Reader, data: dict, c: Catalog) -> None:
    for i, e in enumerate(_entries(r, data, "plans")):
        pid = r.ident("plans", i, e, c.plans)
        region = r.ref("plans", i, e, "region", c.regions, "region")
        start = r.year("plans", i, e, "start")
        end = r.year("plans", i, e, "end")
        if start > end:
            raise r.fail("plans", i, "end", f"plan ends ({end}) before it starts ({start})")
        title = r.get("plans", i, e, "title", str)
        doc = r.ref("plans", i, e, "document", c.documents, "document", required=False)
        source = r.get("plans", i, e, "source", str, required=False,
                       default=c.documents[doc].title if doc else title)
        c.plans[pid] = Plan(pid, title, r.get("plans", i, e, "title_en", str, required=False, default=""),
                            region, start, end, source)


def _number_in_unit(r: _Reader, i: int, e: dict, key: str, unit: str, ind: Indicator) -> float | None:
    value = r.get("targets", i, e, key, (int, float), required=False)
    if value is None:
        return None
    try:
        converted = convert_number(value, unit, ind.unit)
    except NumberError:
        raise r.fail("targets", i, "unit",
                     f"unit {unit!r} does not convert to {ind.unit!r}, the unit of indicator "
                     f"{ind.id!r}; write the target in {ind.unit} or a unit of the same kind")
    if abs(converted) > MAX_ABS_VALUE:
        raise r.fail("targets", i, key, f"implausibly large value {value!r} {unit}; check the magnitude")
    return converted


def _load_targets(r: _Reader, data: dict, c: Catalog) -> None:
    seen: dict[tuple, int] = {}
    for i, e in enumerate(_entries(r, data, "targets")):
        plan_id = r.ref("targets", i, e, "plan", c.plans, "plan")
        region = r.ref("targets", i, e, "region", c.regions, "region")
        ind_id = r.ref("targets", i, e, "indicator", c.indicators, "indicator")
        ind = c.indicators[ind_id]
        plan = c.plans[plan_id]
        cmp = r.get("targets", i, e, "cmp", str)
        if cmp not in COMPARATORS:
            raise r.fail("targets", i, "cmp",
                         f"unknown comparator {cmp!r}: use one of {', '.join(COMPARATORS)}")
        year = r.year("targets", i, e, "year")
        if not plan.start <= year <= plan.end:
            raise r.fail("targets", i, "year",
                         f"target year {year} is outside the period of plan {plan_id!r} "
                         f"({plan.start}–{plan.end}); fix the year or the plan period")
        key = (plan_id, region, ind_id, year)
        if key in seen:
            raise r.fail("targets", i, None, f"duplicate target: plan {plan_id}, region {region}, "
                         f"indicator {ind_id}, year {year} already defined in targets[{seen[key]}]")
        seen[key] = i
        if cmp == "bool" or ind.kind == "boolean":
            if not (cmp == "bool" and ind.kind == "boolean"):
                raise r.fail("targets", i, "cmp", "comparator 'bool' goes with a boolean indicator "
                             f"and vice versa (indicator {ind_id!r} is {ind.kind})")
            r.get("targets", i, e, "value", bool, required=False)
            value, low, high, unit = 1.0, None, None, BOOL_UNIT
        else:
            if "unit" not in e:
                raise r.fail("targets", i, None, f"missing key 'unit': add `unit = \"{ind.unit}\"` "
                             "(the unit the plan states the target in)")
            unit = r.get("targets", i, e, "unit", str)
            try:
                split_unit(unit)
            except NumberError as exc:
                raise r.fail("targets", i, "unit", str(exc))
            if cmp == "range":
                low = _number_in_unit(r, i, e, "low", unit, ind)
                high = _number_in_unit(r, i, e, "high", unit, ind)
                if low is None or high is None:
                    raise r.fail("targets", i, None, "a 'range' target needs both `low` and `high`")
                if low > high:
                    raise r.fail("targets", i, "low", f"range low ({e['low']}) is above high ({e['high']}); swap them")
                value = None
            else:
                value = _number_in_unit(r, i, e, "value", unit, ind)
                if value is None:
                    raise r.fail("targets", i, None, "missing key 'value': add the target value")
                low = high = None
        base_year = base_value = None
        if "baseline" in e:
            b = r.get("targets", i, e, "baseline", dict)
            base_year = b.get("year")
            base_value = b.get("value")
            if not isinstance(base_year, int) or isinstance(base_year, bool) or not YEAR_MIN <= base_year <= YEAR_MAX:
                raise r.fail("targets", i, "baseline", "baseline needs `year` as a four-digit integer")
            if isinstance(base_value, bool) or not isinstance(base_value, (int, float)) or not math.isfinite(base_value):
                raise r.fail("targets", i, "baseline", "baseline needs `value` as a finite number "
                             "(in the target's unit)")
            if base_year >= year:
                raise r.fail("targets", i, "baseline", f"baseline year {base_year} must be before the target year {year}")
            base_value = convert_number(base_value, unit, ind.unit) if unit != BOOL_UNIT else float(base_value)
        section = r.get("targets", i, e, "section", str, required=False, default="")
        c.targets.append(Target(
            plan=plan_id, region=region, indicator=ind_id, cmp=cmp, year=year, value=value,
            low=low, high=high, baseline_year=base_year, baseline_value=base_value,
            source=f"{plan.source} {section}".strip(),
            note=r.get("targets", i, e, "note", str, required=False, default=""),
        ))


def _load_figures(r: _Reader, data: dict, c: Catalog) -> None:
    for i, e in enumerate(_entries(r, data, "figures")):
        region = r.ref("figures", i, e, "region", c.regions, "region")
        ind_id = r.ref("figures", i, e, "indicator", c.indicators, "indicator")
        ind = c.indicators[ind_id]
        year = r.year("figures", i, e, "year")
        raw = r.get("figures", i, e, "value", (str, int, float, bool))
        try:
            conv = parse_value(str(raw), ind.unit)
        except NumberError as exc:
            raise r.fail("figures", i, "value", str(exc))
        doc = r.ref("figures", i, e, "document", c.documents, "document")
        section = r.get("figures", i, e, "section", str, required=False, default="")
        note = r.get("figures", i, e, "note", str, required=False, default="")
        if r.get("figures", i, e, "approx_year", bool, required=False, default=False):
            note = f"[year approximate] {note}".strip()
        parts = r.get("figures", i, e, "parts", list, required=False)
        if parts is not None:
            if not all(isinstance(p, (int, float)) and not isinstance(p, bool) for p in parts):
                raise r.fail("figures", i, "parts", "expected a list of numbers")
            if abs(sum(parts) - conv.value) > 1e-6 * max(1.0, abs(conv.value)):
                raise r.fail("figures", i, "parts",
                             f"the parts add up to {sum(parts):g}, not to the value {conv.value:g}")
        source = f"{c.documents[doc].title} {section}".strip()
        c.figures.append(Figure(region, ind_id, year, conv.value, str(raw), conv.qualifier, source, note))
