"""Render extraction candidates as TOML to review and paste into targets.toml, or as JSON."""

from __future__ import annotations

import json
from dataclasses import asdict

from ectui.extract.rules import Candidate
from ectui.model import Catalog


def _s(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def to_json(cands: list[Candidate]) -> str:
    return json.dumps({"candidates": [asdict(c) for c in cands]}, ensure_ascii=False, indent=2)


def to_toml(cands: list[Candidate], catalog: Catalog | None, plan_id: str, region: str, source: str) -> str:
    targets = [c for c in cands if c.kind == "target"]
    figures = [c for c in cands if c.kind == "actual"]
    lines = [f"# ectui extract from {source}: {len(targets)} target(s), {len(figures)} figure(s).",
             "# Candidates for a person to review: check every value, unit and comparator against the",
             "# sentence before pasting into targets.toml, then run `ectui check`.", ""]
    new = {}
    for c in cands:
        if c.indicator_is_new and c.indicator not in new:
            new[c.indicator] = c
    for ind, c in new.items():
        if c.aim in ("growth", "yoy", "relative"):  # the target is a rate or a multiple, not the figures' unit
            unit_line = 'unit = ""  # FIXME: the unit its figures are in (the target is a growth rate or a multiple)'
        else:
            unit_line = f"unit = {_s(c.unit or '')}" + ("  # unit missing — percent?" if not c.unit else "")
        lines += ["[[indicators]]  # proposed: no existing indicator matches closely",
                  f"id = {_s(ind)}", f"name_zh = {_s(c.phrase)}", 'name_en = ""', unit_line, ""]
    for c in targets:
        assert c.cmp is not None  # every target candidate has a comparator (extract sets one)
        name = catalog.indicators[c.indicator].name_zh if catalog and c.indicator in catalog.indicators else c.phrase
        lines.append(f"[[targets]]  # confidence {c.confidence:.2f}, offset {c.offset}"
                     + (f"; {'; '.join(c.flags)}" if c.flags else ""))
        lines += [f"plan = {_s(plan_id)}", f"region = {_s(region)}",
                  f"indicator = {_s(c.indicator)}  # {name}" + (" (new)" if c.indicator_is_new else ""),
                  f"cmp = {_s(c.cmp)}", f"year = {c.year}" if c.year else "year = 0  # FIXME: no year found"]
        if c.aim == "growth":  # 年均增长20%: from the year before the period, or as the text says
            assert c.value is not None  # a growth rate is a number
            since = (f"from = {c.growth_from}" if c.growth_from else "from = 0")
            lines.append(f"growth = {{ rate = {_num(c.value)}, {since} }}"
                         + ("" if c.growth_from else "  # FIXME: the base year (the year before the plan's first?)"))
        elif c.aim == "yoy":
            assert c.value is not None  # a growth rate is a number
            lines.append(f'growth = {{ rate = {_num(c.value)}, basis = "yoy" }}')
        elif c.aim == "relative" and c.unit == "个百分点":  # 比2020年提高3个百分点: the base year's share + 3
            assert c.value is not None  # the change in points
            change = ("+" if c.value > 0 else "") + _num(c.value)
            lines.append(f"value = 0  # FIXME: the {c.growth_from or 'base year'} figure {change} percentage points "
                         "(the target is a change against it)")
            lines.append('unit = "%"')
        elif c.aim == "relative" and c.unit == "%":  # 较2023年增长50%: 1.5 times the 2023 figure
            assert c.value is not None  # the change in percent
            lines.append(f"multiple = {_num(round(1 + c.value / 100, 6))}")
            lines.append(f"baseline = {{ year = {c.growth_from} }}" if c.growth_from
                         else "baseline = { year = 0 }  # FIXME: the base year the change is against")
        elif c.aim == "relative":  # 翻一番: a multiple of a base year's figure
            assert c.value is not None  # the multiple
            lines.append(f"multiple = {_num(c.value)}")
            lines.append(f"baseline = {{ year = {c.growth_from} }}" if c.growth_from
                         else "baseline = { year = 0 }  # FIXME: the base year (翻一番 on which year's figure?)")
        elif c.cmp == "range":
            assert c.low is not None and c.high is not None  # a range target has both bounds
            lines += [f"low = {_num(c.low)}", f"high = {_num(c.high)}"]
        elif c.cmp == "bool":
            lines.append("value = true")
        else:
            assert c.value is not None  # any other target has a value
            lines.append(f"value = {_num(c.value)}")
        if c.cmp != "bool" and c.aim in ("level", "per_unit", "all"):
            lines.append(f"unit = {_s(c.unit or '')}" + ("  # FIXME: unit missing — percent?" if not c.unit else ""))
        if c.aim == "per_unit":  # 每个市州不少于2个: every region under the plan's region
            lines.append(f'each = "children"  # 每个{c.per}: check that the regions under {region} are these')
        lines += [f"note = {_s('“' + c.sentence + '”')}", f"# phrase: {c.phrase}", ""]
    for c in figures:
        lines.append(f"[[figures]]  # confidence {c.confidence:.2f}, offset {c.offset}"
                     + (f"; {'; '.join(c.flags)}" if c.flags else ""))
        fixme = "  # FIXME: unit missing — percent?" if not c.unit else ""
        if c.value is not None:
            value = f"{c.qualifier}{_num(c.value)}{c.unit or ''}"
        else:  # "10至20亿元": written as read, for a person to choose (`ectui check` refuses it until then)
            value = f"{_num(c.low or 0)}至{_num(c.high or 0)}{c.unit or ''}"
            fixme = "  # FIXME: a range; a figure is one number — write the one the source means"
        lines += [f"region = {_s(region)}", f"indicator = {_s(c.indicator)}" + (" # new" if c.indicator_is_new else ""),
                  f"year = {c.year}", f"value = {_s(value)}" + fixme,
                  'document = "DOCUMENT"', f"note = {_s('“' + c.sentence + '”')}", ""]
    return "\n".join(lines)
