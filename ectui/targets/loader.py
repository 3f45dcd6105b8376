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
    PUBLISHED_DATE,
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

# The keys of each table (docs/targets-toml.md): anything else is a typo or a key of another tool,
# and is refused rather than silently ignored.
TOP_LEVEL = ("schema", "regions", "indicators", "documents", "plans", "targets", "figures")
KEYS = {
    "regions": ("id", "name_zh", "name_en", "parent", "editors", "full_name"),
    "indicators": ("id", "name_zh", "name_en", "unit", "kind", "full_name"),
    "documents": ("id", "title", "title_en", "publisher", "published", "url"),
    "plans": ("id", "title", "title_en", "region", "start", "end", "document", "source", "draft", "aims"),
    "targets": ("plan", "region", "indicator", "cmp", "year", "value", "unit", "low", "high", "baseline",
                "growth", "multiple", "each", "section", "note"),
    "figures": ("region", "indicator", "year", "value", "document", "section", "note", "approx_year", "parts"),
}
BASELINE_KEYS = ("year", "value", "unit")
GROWTH_KEYS = ("rate", "from", "basis")
GROWTH_BASES = ("average", "yoy")
EACH = ("children",)


class _Lines:
    """Find the line of ``[[section]]`` number i, and of a key inside it, in the raw text."""

    def __init__(self, text: str):
        self.headers: dict[str, list[int]] = {}
        self.keys: dict[tuple[str, int], dict[str, int]] = {}
        current: tuple[str, int] | None = None
        at_top = True  # before the first table: top-level keys (their line is kept as a header's)
        for lineno, line in enumerate(text.splitlines(), start=1):
            s = line.strip()
            m = re.match(r"^\[\[\s*([A-Za-z0-9_\-]+)\s*\]\]", s)
            if m:
                name = m.group(1)
                self.headers.setdefault(name, []).append(lineno)
                current = (name, len(self.headers[name]) - 1)
                self.keys[current] = {}
                at_top = False
                continue
            if s.startswith("["):
                table = re.match(r"^\[\s*([A-Za-z0-9_\-]+)", s)
                if table:
                    self.headers.setdefault(table.group(1), []).append(lineno)
                current, at_top = None, False
                continue
            k = re.match(r"^([A-Za-z0-9_\-]+)\s*=", s)
            if k and current is not None:
                self.keys[current].setdefault(k.group(1), lineno)
            elif k and at_top:
                self.headers.setdefault(k.group(1), []).append(lineno)

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

    def known_keys(self, section: str, index: int, entry: dict, allowed: tuple[str, ...],
                   inside: str | None = None) -> None:
        """Refuse a key that is not one of ``allowed`` (``inside``: the inline table it is in)."""
        for key in entry:
            if key not in allowed:
                where = f"{inside}.{key}" if inside else key
                raise self.fail(section, index, inside or key,
                                f"unknown key {where!r}{did_you_mean(key, list(allowed))}; the keys "
                                f"{'of ' + inside if inside else 'here'} are {', '.join(allowed)}")

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
    for i, e in enumerate(entries):
        reader.known_keys(section, i, e, KEYS[section])
    return entries


def _top_level(reader: _Reader, data: dict) -> None:
    for key in data:
        if key not in TOP_LEVEL:
            lines = reader.lines.headers.get(key)
            line = lines[0] if lines else None
            raise TargetsError(reader.path, f"unknown table or key {key!r}{did_you_mean(key, list(TOP_LEVEL))}; "
                               f"a targets file has {', '.join(TOP_LEVEL)}", line, key)


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
    except RecursionError:  # tomllib parses nested arrays and tables recursively
        raise TargetsError(str(p), "arrays or tables nested too deeply to read; a targets file needs "
                           "no more than a few levels") from None
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
    _top_level(reader, data)
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
            full_name=r.get("regions", i, e, "full_name", str, required=False, default=""),
        )
    for i, e in enumerate(entries):
        parent = e.get("parent")
        if parent is not None and parent not in c.regions:
            raise r.fail("regions", i, "parent",
                         f"unknown region {parent!r}{did_you_mean(parent, list(c.regions))}")
    _distinct_names(r, "regions", list(c.regions.values()))
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
                                      r.get("indicators", i, e, "name_en", str), unit, kind,
                                      r.get("indicators", i, e, "full_name", str, required=False, default=""))
    _distinct_names(r, "indicators", list(c.indicators.values()))


def _distinct_names(r: _Reader, section: str, items: list) -> None:
    """Two entries may share a Chinese or English name (鼓楼区 in Fuzhou and in Nanjing) only when
    each has its own `full_name`: a lookup by the shared name then lists them, and the full name
    picks one."""
    def norm(name: str) -> str:
        return "".join(name.split()).casefold()
    seen: dict[str, int] = {}
    full: dict[str, int] = {}
    for i, item in enumerate(items):
        if item.full_name:
            if norm(item.full_name) in full:
                raise r.fail(section, i, "full_name", f"full name {item.full_name!r} is also that of "
                             f"{section}[{full[norm(item.full_name)]}]; full names must differ")
            full[norm(item.full_name)] = i
        for key, name in (("name_zh", item.name_zh), ("name_en", item.name_en)):
            j = seen.get(norm(name))
            if j is not None and j != i and not (item.full_name and items[j].full_name):
                raise r.fail(section, i, key, f"{name!r} is also the name of {section}[{j}] ({items[j].id!r}): "
                             "give both a distinct `full_name` (e.g. 福州市鼓楼区), or rename one")
            seen.setdefault(norm(name), i)


def _load_documents(r: _Reader, data: dict, c: Catalog) -> None:
    for i, e in enumerate(_entries(r, data, "documents")):
        did = r.ident("documents", i, e, c.documents)
        c.documents[did] = Document(did, r.get("documents", i, e, "title", str),
                                    *(r.get("documents", i, e, key, str, required=False, default="")
                                      for key in ("title_en", "publisher", "published", "url")))
        published = c.documents[did].published
        if published and not PUBLISHED_DATE.fullmatch(published):
            raise r.fail("documents", i, "published", f"{published!r} is not a date: write 2016, 2016-05 or 2016-05-18")


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
        aims = r.get("plans", i, e, "aims", list, required=False, default=[])
        if not all(isinstance(a, str) and a.strip() for a in aims):
            raise r.fail("plans", i, "aims", "expected a list of the plan's aims as written (strings)")
        c.plans[pid] = Plan(pid, title, r.get("plans", i, e, "title_en", str, required=False, default=""),
                            region, start, end, source,
                            r.get("plans", i, e, "draft", bool, required=False, default=False), tuple(aims))


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
        at_plan_end = "year" not in e  # the plan gives no year: due at its end
        year = plan.end if at_plan_end else r.year("targets", i, e, "year")
        if not plan.start <= year <= plan.end:
            raise r.fail("targets", i, "year",
                         f"target year {year} is outside the period of plan {plan_id!r} "
                         f"({plan.start}–{plan.end}); fix the year or the plan period")
        derived = [k for k in ("growth", "multiple") if k in e]
        # A plan may state a level and a growth (or a multiple) for one year: 43.8万亿, 年均增长15%.
        key = (plan_id, region, ind_id, year, derived[0] if derived else "level")
        if key in seen:
            raise r.fail("targets", i, None, f"duplicate target: plan {plan_id}, region {region}, "
                         f"indicator {ind_id}, year {year} already defined in targets[{seen[key]}]")
        seen[key] = i
        if len(derived) > 1:
            raise r.fail("targets", i, "multiple", "a target is either a growth rate or a multiple, not both")
        growth = growth_from = multiple = None
        value: float | None
        if cmp == "bool" or ind.kind == "boolean":
            if not (cmp == "bool" and ind.kind == "boolean"):
                raise r.fail("targets", i, "cmp", "comparator 'bool' goes with a boolean indicator "
                             f"and vice versa (indicator {ind_id!r} is {ind.kind})")
            if derived:
                raise r.fail("targets", i, derived[0], "a yes/no target has no growth rate or multiple")
            r.get("targets", i, e, "value", bool, required=False)
            value, low, high, unit = 1.0, None, None, BOOL_UNIT
        elif derived:
            if cmp not in DERIVED_COMPARATORS:
                raise r.fail("targets", i, "cmp", f"a {derived[0]} target takes one of "
                             f"{', '.join(DERIVED_COMPARATORS)} (it aims at a derived value), not {cmp!r}")
            for k in ("value", "low", "high"):
                if k in e:
                    raise r.fail("targets", i, k, f"a {derived[0]} target has no `{k}`: the aimed value "
                                 f"is derived (docs/method.md); remove `{k}`, or remove `{derived[0]}` for a level target")
            unit = r.get("targets", i, e, "unit", str, required=False, default=ind.unit)
            value = low = high = None
            if derived[0] == "growth":
                growth, growth_from = _growth(r, i, e, year)
            else:
                multiple = r.get("targets", i, e, "multiple", (int, float))
                if not multiple > 0:
                    raise r.fail("targets", i, "multiple", f"a multiple must be above 0, not {multiple!r}")
                if "baseline" not in e:
                    raise r.fail("targets", i, None, "a `multiple` target needs `baseline = { year = ... }`: "
                                 "the year whose figure is multiplied (翻两番 of 2010: multiple = 4, baseline year 2010)")
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
        base_year, base_value = _baseline(r, i, e, year, unit, ind, value_required=multiple is None and growth is None)
        if growth is not None and base_year is not None and base_year != growth_from:
            raise r.fail("targets", i, "baseline", f"the baseline year {base_year} is not the year growth is "
                         f"measured from ({growth_from}); give the baseline of {growth_from}, or none")
        each = r.get("targets", i, e, "each", str, required=False)
        if each is not None and each not in EACH:
            raise r.fail("targets", i, "each", f"unknown `each = {each!r}`: use \"children\" (every region "
                         f"directly under {region!r} must meet the target)")
        section = r.get("targets", i, e, "section", str, required=False, default="")
        target = Target(
            plan=plan_id, region=region, indicator=ind_id, cmp=cmp, year=year, value=value,
            low=low, high=high, baseline_year=base_year, baseline_value=base_value,
            source=f"{plan.source} {section}".strip(),
            note=r.get("targets", i, e, "note", str, required=False, default=""),
            growth=growth, growth_from=growth_from, multiple=float(multiple) if multiple is not None else None,
            at_plan_end=at_plan_end,
        )
        if each is None:
            c.targets.append(target)
            continue
        children = [rid for rid, reg in c.regions.items() if reg.parent == region]
        if not children:
            raise r.fail("targets", i, "each", f"region {region!r} has no regions under it (no [[regions]] "
                         f"with parent = {region!r}), so there is no child to meet the target")
        for child in children:
            child_key = (plan_id, child, *key[2:])
            if child_key in seen:
                raise r.fail("targets", i, "each", f"region {child!r} already has this target "
                             f"(targets[{seen[child_key]}])")
            seen[child_key] = i
            c.targets.append(target._replace(region=child, each_of=region))


DERIVED_COMPARATORS = (">=", ">", "<=", "<", "~")


def _growth(r: _Reader, i: int, e: dict, year: int) -> tuple[float, int]:
    """(rate as a fraction, the year growth is measured from) of ``growth = {rate, from | basis}``."""
    g = r.get("targets", i, e, "growth", dict)
    r.known_keys("targets", i, g, GROWTH_KEYS, inside="growth")
    rate = g.get("rate")
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not math.isfinite(rate) or rate <= -100:
        raise r.fail("targets", i, "growth", "growth needs `rate` as a number of percent per year "
                     "(年均增长20% -> rate = 20)")
    basis = g.get("basis", "average")
    if basis not in GROWTH_BASES:
        raise r.fail("targets", i, "growth", f"unknown basis {basis!r}: use \"average\" (年均, with `from`) "
                     "or \"yoy\" (growth of the target year over the year before)")
    if basis == "yoy":
        if "from" in g and g["from"] != year - 1:
            raise r.fail("targets", i, "growth", f"year-on-year growth is measured from {year - 1}; "
                         "leave out `from`")
        return rate / 100.0, year - 1
    since = g.get("from")
    if isinstance(since, bool) or not isinstance(since, int) or not YEAR_MIN <= since <= YEAR_MAX:
        raise r.fail("targets", i, "growth", "average growth needs `from` as a four-digit year "
                     "(2018至2020年年均增长30%: from = 2017), or `basis = \"yoy\"`")
    if since >= year:
        raise r.fail("targets", i, "growth", f"growth is measured from {since}, which is not before the "
                     f"target year {year}")
    return rate / 100.0, since


def _baseline(r: _Reader, i: int, e: dict, year: int, unit: str, ind: Indicator,
              value_required: bool) -> tuple[int | None, float | None]:
    """(year, value in the indicator's unit) of ``baseline = {year, value[, unit]}``; the value in the
    baseline's own unit if it names one, else in the target's."""
    if "baseline" not in e:
        return None, None
    b = r.get("targets", i, e, "baseline", dict)
    r.known_keys("targets", i, b, BASELINE_KEYS, inside="baseline")
    base_year, base_value = b.get("year"), b.get("value")
    if not isinstance(base_year, int) or isinstance(base_year, bool) or not YEAR_MIN <= base_year <= YEAR_MAX:
        raise r.fail("targets", i, "baseline", "baseline needs `year` as a four-digit integer")
    if base_year >= year:
        raise r.fail("targets", i, "baseline", f"baseline year {base_year} must be before the target year {year}")
    if base_value is None and not value_required:
        return base_year, None  # the stored figure of that year is used
    if isinstance(base_value, bool) or not isinstance(base_value, (int, float)) or not math.isfinite(base_value):
        raise r.fail("targets", i, "baseline", "baseline needs `value` as a finite number "
                     "(in the target's unit, or in the baseline's own `unit`)")
    if unit == BOOL_UNIT:
        return base_year, float(base_value)
    base_unit = b.get("unit", unit)
    if not isinstance(base_unit, str):
        raise r.fail("targets", i, "baseline", f"baseline `unit` must be a string, not {base_unit!r}")
    try:
        return base_year, convert_number(base_value, base_unit, ind.unit)
    except NumberError:
        raise r.fail("targets", i, "baseline",
                     f"baseline unit {base_unit!r} does not convert to {ind.unit!r}, the unit of indicator "
                     f"{ind.id!r}; write the baseline in {ind.unit} or a unit of the same kind") from None


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
        document = c.documents[doc]
        source = f"{document.title} {section}".strip()
        c.figures.append(Figure(region, ind_id, year, conv.value, str(raw), conv.qualifier, source, note,
                                document.publisher, document.published, document.url))
