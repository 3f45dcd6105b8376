"""`ectui extract`: measured against our annotation of the seeds, and one case per rule."""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from pathlib import Path

import pytest

from ectui.extract.rules import Candidate, extract, to_unit_value
from ectui.targets.loader import load_targets
from tests.conftest import BUNDLED_TARGETS, ROOT, run_ectui

SEEDS = ROOT.parent / "shared" / "seeds"
SEEDS_FILES = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
ANNOTATION = Path(__file__).with_name("extract_annotation.toml")
CATALOG = load_targets(BUNDLED_TARGETS)


def _base(value: float, unit: str) -> float:
    return to_unit_value(Candidate("target", "", "", False, None, None, value, unit or None))


def _dimension(unit: str) -> str:
    """The base unit (元, 人, 个, %…), or "" when none is written (a bare magnitude like 万亿)."""
    from ectui.numbers import NumberError, split_unit
    try:
        return split_unit(unit.replace("名", "人"))[1] if unit else ""
    except NumberError:
        return ""


def _matches(doc: str, t: dict, c: Candidate) -> bool:
    """Same document, year and value in base units, and units of the same kind where both are written."""
    value = t.get("low", t.get("value"))
    got = c.low if c.cmp == "range" else c.value
    du, dc = _dimension(t["unit"]), _dimension(c.unit or "")
    return (t["doc"] == doc and t["year"] == c.year and abs(_base(value, t["unit"]) - _base(got, c.unit or "")) < 1e-6
            and (du == dc or not du or not dc))


def annotated() -> list[dict]:
    return tomllib.loads(ANNOTATION.read_text(encoding="utf-8"))["target"]


def extracted_targets() -> dict[str, list[Candidate]]:
    out = {}
    for path in sorted(SEEDS.glob("*.txt")):
        out[path.name[:3]] = [c for c in extract(path.read_text(encoding="utf-8"), CATALOG) if c.kind == "target"]
    return out


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the seed documents are not here ({SEEDS} is absent)")
def test_precision_and_recall_on_the_seeds(capsys):
    truth = annotated()
    found = [(doc, c) for doc, cands in extracted_targets().items() for c in cands]
    pairs, used = [], set()  # one-to-one matching, in document order
    for t in truth:
        for n, (doc, c) in enumerate(found):
            if n not in used and _matches(doc, t, c):
                used.add(n)
                pairs.append((t, c))
                break
    precision = len(pairs) / len(found) if found else 0.0
    recall = len(pairs) / len(truth)
    cmp_right = sum(c.cmp == t["cmp"] for t, c in pairs) / len(pairs)
    with capsys.disabled():
        print(f"\nextract on {len(SEEDS_FILES)} seed documents: {len(found)} targets extracted, {len(truth)} "
              f"annotated, {len(pairs)} matched by value, unit and year; precision {precision:.2f}, "
              f"recall {recall:.2f}, comparator right on {cmp_right:.2f} of the matches")
        matched = {id(t) for t, _ in pairs}
        for t in truth:
            if id(t) not in matched:
                print(f"  missed: {t['doc']} {t['note']}")
        for n, (doc, c) in enumerate(found):
            if n not in used:
                print(f"  extra:  {doc} {c.phrase} {c.value}{c.unit or ''}")
    assert recall >= 0.9 and precision >= 0.8
    assert cmp_right >= 0.9


def one(text: str, kind: str = "target") -> list[Candidate]:
    return [c for c in extract(text, CATALOG) if c.kind == kind]


def test_full_width_digits_and_target_year():
    [c] = one("到２０１５年末，全市电子商务交易额达１８００亿元。")
    assert (c.year, c.value, c.unit, c.cmp, c.indicator) == (2015, 1800.0, "亿元", ">=", "ec_transactions")


def test_lost_percent_sign_is_flagged_not_guessed():
    [c] = one("到2010年，经常性应用电子商务的中小企业达到中小企业总数的30。")
    assert c.value == 30 and c.unit is None and "unit missing — percent?" in c.flags


def test_page_number_inside_a_word_is_dropped():
    cands = one("到2015年，培育发展第三2方电子商务平台10家。")
    assert [c.value for c in cands] == [10.0]
    assert "第三方" in cands[0].phrase


def test_spaces_and_line_breaks_inside_numbers():
    [c] = one("2012年，全市网络零售额达6. 88 亿元。", kind="actual")
    assert (c.year, c.value, c.unit, c.indicator) == (2012, 6.88, "亿元", "online_retail")
    [c] = one("2012年，全市网络零售额达6\n88亿元。".replace("6\n88", "6.\n88"), kind="actual")
    assert c.value == 6.88


def test_shared_qualifier_over_a_list():
    cands = one("到2010年，网上采购与销售额占采购和销售总额的比重分别超过25和10。")
    assert [(c.value, c.cmp) for c in cands] == [(25.0, ">"), (10.0, ">")]
    assert [c.indicator for c in cands] == ["online_purchase_share", "online_sales_share"]


def test_range_and_yes_no_aim():
    cands = one("到2015年，力争1至2个电子商务产业园入选国家级电子商务示范基地，创建国家电子商务示范城市。")
    assert [(c.cmp, c.low, c.high) for c in cands if c.cmp == "range"] == [("range", 1.0, 2.0)]
    [b] = [c for c in cands if c.cmp == "bool"]
    assert b.indicator == "national_demo_city" and b.value == 1.0


def test_subject_carries_to_a_share_clause():
    cands = one("到2015年，网上零售额将达3万亿，占社会消费品零售总额比重10%。")
    assert cands[1].phrase.startswith("网上零售额占") and cands[1].indicator == "online_retail_share"


def test_past_figure_with_qualifier_and_offset():
    text = "前言。\n2011年全市电子商务交易总额达482.53亿元，在淘宝网开设的网店超过7万家。"
    cands = one(text, kind="actual")
    assert [(c.year, c.value, c.qualifier) for c in cands] == [(2011, 482.53, ""), (2011, 7.0, "超过")]
    assert cands[0].indicator == "ec_transactions"
    assert text[cands[0].offset:].startswith("2011年全市")


def test_approximate_count_uses_the_plan_period():
    text = "某市电子商务发展规划（2016-2020年）\n在服装等领域打造10个左右在全国前列、全省领先的行业垂直类电子商务平台。"
    [c] = one(text)
    assert (c.year, c.cmp, c.value, c.indicator) == (2020, "~", 10.0, "vertical_platforms")


def test_unknown_indicator_gets_a_proposed_id():
    [c] = one("到2020年，全市跨境电商出口额达50亿元。")
    assert c.indicator_is_new and c.indicator.startswith("new_")


def test_cli_toml_and_json(tmp_path, workspace):
    plan = tmp_path / "plan.txt"
    plan.write_text("某市电子商务发展规划（2016-2020年）\n二、发展目标\n到2020年，全市电子商务交易额达3000亿元，"
                    "网络零售额超过600亿元。2015年全市电子商务交易额为1200亿元。", encoding="utf-8")
    r = run_ectui("extract", plan, "--plan-id", "x-2016", "--region", "quanzhou", "-w", workspace)
    assert r.returncode == 0, r.stderr
    doc = tomllib.loads(r.stdout.decode())
    assert [(t["indicator"], t["value"], t["cmp"], t["year"]) for t in doc["targets"]] == [
        ("ec_transactions", 3000, ">=", 2020), ("online_retail", 600, ">", 2020)]
    assert doc["figures"][0]["value"] == "1200亿元" and doc["figures"][0]["year"] == 2015
    r = run_ectui("extract", "-", "--format", "json", "-w", workspace, input=plan.read_bytes())
    cands = json.loads(r.stdout)["candidates"]
    assert {c["kind"] for c in cands} == {"target", "actual"} and all(c["sentence"] for c in cands)
    r = run_ectui("extract", tmp_path / "missing.txt", "-w", workspace)
    assert r.returncode == 2 and b"cannot read" in r.stderr


def test_a_plan_written_differently():
    """A provincial-style plan none of the rules were written for first (tests/extract_sample_plan.txt)."""
    text = Path(__file__).with_name("extract_sample_plan.txt").read_text(encoding="utf-8")
    cands = extract(text, CATALOG)
    targets = [(c.value, c.unit, c.cmp, c.year) for c in cands if c.kind == "target"]
    assert targets == [(1.0, "万亿元", ">=", 2020), (20.0, "%", ">=", 2020), (3000.0, "亿元", ">=", 2020),
                       (15.0, "%", "~", 2020), (100.0, "家", ">=", 2020), (20.0, "个", ">=", 2020),
                       (100.0, "万人", ">=", 2020), (80.0, "%", ">=", 2020), (30.0, "%", ">=", 2020),
                       (5.0, "%", ">=", 2020)]
    actuals = {(c.year, c.value, c.indicator) for c in cands if c.kind == "actual"}
    assert {(2015, 4500.0, "ec_transactions"), (2015, 1200.0, "online_retail"),
            (2015, 8.5, "online_retail_share")} <= actuals
    growth = next(c for c in cands if c.kind == "target" and c.value == 20.0 and c.unit == "%")
    # a growth target of the indicator the rate is of, from the year before the plan (“十三五”: 2016–2020)
    assert (growth.phrase, growth.indicator, growth.aim, growth.growth_from) == ("电子商务交易额", "ec_transactions",
                                                                              "growth", 2015)


def test_a_range_figure_is_written_for_a_person_to_choose():
    """A figure read as a range has no single value: the TOML keeps the range, flagged, and
    `ectui check` refuses it until a person writes the one number the source means."""
    from ectui.extract.output import to_toml
    cands = extract("2015年，全市网络零售额达到10至20亿元。")
    assert [(c.kind, c.value, c.low, c.high) for c in cands] == [("actual", None, 10, 20)]
    text = to_toml(cands, None, "p", "quanzhou", "plan.txt")
    [line] = [x for x in text.splitlines() if x.startswith("value = ")]
    assert line.startswith('value = "10至20亿元"') and "FIXME: a range" in line



# ── real plans: sentences the rules were not written beside (tests/extract_real_plans.toml) ─────
REAL = Path(__file__).with_name("extract_real_plans.toml")


def _simplified(unit: str) -> str:
    from ectui.extract.rules import T2S
    return "".join(T2S.get(ch, ch) for ch in unit)


def _real_matches(t: dict, c: Candidate) -> bool:
    """Same year, same value in base units, units of the same kind where both are written."""
    got = c.low if c.cmp == "range" else c.value
    unit = _simplified(t["unit"])
    if got is None or c.year != t["year"]:
        return False
    du, dc = _dimension(unit), _dimension(c.unit or "")
    return abs(_base(t["value"], unit) - _base(got, c.unit or "")) < 1e-9 * max(1.0, abs(_base(t["value"], unit))) \
        and (du == dc or not du or not dc)


def real_plan_scores(path: Path = REAL) -> dict[str, float]:
    """Extract from each annotated sentence (with the paragraph opening it depends on, and the plan's
    period as `--period` gives it) and score the targets found against the annotation, one to one."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    periods = {}
    for plan in data["plan"]:
        years = plan.get("period", "").split("-")
        periods[plan["id"]] = (int(years[0]), int(years[-1])) if years[0] else None
    counts: dict[str, float] = dict.fromkeys(
        ("found", "truth", "matched", "cmp_right", "kind_right", "phrase_right", "sentences", "plans"), 0)
    for script in ("simplified", "traditional"):
        counts[f"{script}_truth"] = counts[f"{script}_matched"] = counts[f"{script}_found"] = 0
    counts["plans"] = len({s["plan"] for s in data["sentence"]})
    for s in data["sentence"]:
        text = f"{s['context']}，{s['text']}" if s.get("context") else s["text"]
        found = [c for c in extract(text, CATALOG, period=periods[s["plan"]]) if c.kind == "target"]
        truth = s.get("target", [])
        used: set[int] = set()
        pairs = []
        for t in truth:
            for n, c in enumerate(found):
                if n not in used and _real_matches(t, c):
                    used.add(n)
                    pairs.append((t, c))
                    break
        counts["sentences"] += 1
        for key, n in (("found", len(found)), ("truth", len(truth)), ("matched", len(pairs))):
            counts[key] += n
            counts[f"{s['script']}_{key}"] += n
        for t, c in pairs:
            counts["cmp_right"] += c.cmp == (">=" if t["cmp"] == "==" else t["cmp"])
            counts["kind_right"] += c.aim == t["kind"]
            phrase = _simplified(re.sub(r"\([a-zü\u0100-\u01dc]+\)", "", t["phrase"]))
            counts["phrase_right"] += difflib.SequenceMatcher(None, phrase, c.phrase).ratio() >= 0.5
    return counts


def test_precision_and_recall_on_real_plans(capsys):
    """The measure the README reports: (year, value, unit) found one to one, and of those the comparator,
    the kind of target and the indicator phrase."""
    n = real_plan_scores()
    precision, recall = n["matched"] / n["found"], n["matched"] / n["truth"]
    by_script = {sc: (n[f"{sc}_matched"] / n[f"{sc}_found"], n[f"{sc}_matched"] / n[f"{sc}_truth"])
                 for sc in ("simplified", "traditional")}
    with capsys.disabled():
        print(f"\nextract on {int(n['sentences'])} sentences from {int(n['plans'])} sources (plans and reports of them): {int(n['truth'])} targets "
              f"annotated, {int(n['found'])} found, {int(n['matched'])} matched; precision {precision:.2f}, recall "
              f"{recall:.2f}; comparator {n['cmp_right'] / n['matched']:.2f}, kind {n['kind_right'] / n['matched']:.2f}, "
              f"phrase {n['phrase_right'] / n['matched']:.2f}; " + "; ".join(
                  f"{sc}: precision {p:.2f}, recall {r:.2f}" for sc, (p, r) in by_script.items()))
    assert n["plans"] >= 8 and n["truth"] >= 60
    assert recall >= 0.9 and precision >= 0.9
    assert n["cmp_right"] / n["matched"] >= 0.9 and n["kind_right"] / n["matched"] >= 0.9
    assert by_script["traditional"][1] >= 0.8 and by_script["traditional"][0] >= 0.9


@pytest.mark.parametrize("name, first_run, floor", [
    # gathered after the rules were written, each from pages the sets before did not use; measured
    # once before any change (first_run: precision, recall), then the general fixes their misses
    # showed were made (shares as fractions, lists joined by 和, descriptors of a kind of firm,
    # coverage of 所有 and enumerations 县县有…村村通, 年均名义增速, reported data); floor: what
    # is asserted now. The README reports both.
    ("extract_heldout_plans.toml", (0.86, 0.81), (0.95, 0.9)),
    ("extract_third_plans.toml", (0.82, 0.74), (0.85, 0.85)),
    # the fourth, gathered after the third's fixes: changes in percentage points, descriptors of a kind
    # (5万平方米以上的展览活动, 1000个摊位以上的, 500亿元级商圈), remarks in brackets, forecasts
    ("extract_fourth_plans.toml", (0.90, 0.82), (0.95, 0.9)),
    # the fifth, after the fourth's: each figure's year from the last 到YYYY年 before it, magnitudes
    # without digits (超万亿元, 投资千亿元), counts with a bound before a descriptor (10个以上年销售规模…)
    ("extract_fifth_plans.toml", (0.93, 0.82), (0.95, 0.9)),
    # the sixth, after the fifth's: changes in percent against a base year (较2023年增长50%), a sentence
    # that reports and then aims read in two tenses, 九成以上, 及以上, counts naming what a measure is of
    ("extract_sixth_plans.toml", (0.94, 0.65), (0.95, 0.8)),
    # the seventh, after the sixth's: a year's stated targets (2023年…主要预期目标是:), falls on the year
    # before (能耗降低3%左右), counts by a threshold (超1000亿元的2个), 增长1倍
    ("extract_seventh_plans.toml", (0.91, 0.77), (0.95, 0.85)),
    # the eighth, after the seventh's (and Chinese numerals, 去年): clauses that aim before a report in one
    # sentence (贵州…要…增长30%以上；云南在去年…的情况下，提出今年力争…), a column name before the year
    ("extract_eighth_plans.toml", (0.98, 0.83), (0.95, 0.9)),
    # the ninth, after the eighth's: years given as a duration (自2020年起，利用3年左右时间), 今年预期
    ("extract_ninth_plans.toml", (0.90, 0.67), (0.9, 0.72)),
    # the tenth, after the ninth's (first run 0.72, 0.62 before its full-coverage annotations were
    # settled as the earlier files'): 今年/年内 and month deadlines, norms (原则上不低于, 每…至少有一个,
    # 不大于2小时), counts in a plan's list of actions (建设改造100个…), 不得高于, ranges written 60%~ 65%,
    # reports told over a span (2022至2025年…年均增长10.4%, 先后突破)
    ("extract_tenth_plans.toml", (0.86, 0.66), (0.95, 0.9)),
    # the twelfth, after the tenth's (first run 0.81, 0.83 before three falls in energy use were written
    # negative, as the seventh set writes them): targets restated in work reports and meetings among
    # reported figures; pairs with a unit each (分别完成1715亿件和1.6万亿元), 均增长 of two measures,
    # 涨幅, an aim and then how it went in one sentence, a year's 增长X%左右 alone, 累计建成 as a report
    # the eleventh (plan texts, gathered beside the twelfth; first run after the twelfth's fixes):
    # coverage of a thing named with a digit (4G全覆盖), remarks in brackets that hold a number,
    # 在三年时间内, 2022年6月底前, 一个以上, 突破万亿的目标, a plan's 专栏
    ("extract_eleventh_plans.toml", (0.82, 0.64), (0.9, 0.9)),
    ("extract_twelfth_plans.toml", (0.84, 0.86), (0.88, 0.9)),
    # the thirteenth, after the eleventh's: 多式联运, 服务贸易, 数字经济, 供销社 and consumption plans; a
    # longer subject between a year and its 将, 一万一千亿元, 13项务实举措, 20万人口及以上的城市
    ("extract_thirteenth_plans.toml", (0.89, 0.83), (0.9, 0.85)),
    # the fourteenth, after the thirteenth's (county and prefecture plans; 20 targets only): levels listed
    # one by one (县有…、乡有…、村有…), coverage due by the last 到YYYY年 before it, a bracket that
    # explains (即打造1百个…), ranges with a dash (2—3家), 目前 and 据统计 before a count
    ("extract_fourteenth_plans.toml", (0.61, 0.55), (0.75, 0.85)),
    # the fifteenth, after the fourteenth's: Hong Kong, Taiwan and Macau papers in traditional script
    # (63 of 65 sentences): 2.1兆元, 1,200萬人, 成長12%, 二五〇〇億元, 十二點八萬億元, 百分之五點五, 今年(2024年),
    # 目标是2027年, 设定为, 安排…亿元 in a year's plan, 翻倍, 今年第1季, a base year that does not date
    ("extract_fifteenth_plans.toml", (0.82, 0.60), (0.9, 0.8)),
])
def test_sets_gathered_after_the_rules(capsys, name, first_run, floor):
    n = real_plan_scores(Path(__file__).with_name(name))
    precision, recall = n["matched"] / n["found"], n["matched"] / n["truth"]
    with capsys.disabled():
        print(f"\nextract on {name} ({int(n['sentences'])} sentences, {int(n['plans'])} sources): precision "
              f"{precision:.2f}, recall {recall:.2f} (first run {first_run[0]:.2f}, {first_run[1]:.2f}), "
              f"comparator {n['cmp_right'] / n['matched']:.2f}, kind {n['kind_right'] / n['matched']:.2f}")
    assert precision >= floor[0] and recall >= floor[1]


# ── one case per rule of issue 27 ───────────────────────────────────────────────────────
def targets_in(text: str, period=None) -> list[Candidate]:
    return [c for c in extract(text, CATALOG, period=period) if c.kind == "target"]


def test_traditional_script_reads_as_simplified_and_keeps_its_sentence():
    [c] = targets_in("到2015年，網絡零售額實現2.5萬億元。")
    assert (c.year, c.value, c.unit, c.indicator) == (2015, 2.5, "万亿元", "online_retail")
    assert c.sentence == "到2015年，網絡零售額實現2.5萬億元。"
    [g] = targets_in("到2015年電子商務(wù)交易額突破18萬(wàn)億元。")  # readings a converter inserted
    assert (g.value, g.unit) == (18.0, "万亿元")


def test_lists_and_pairs_give_one_target_each_with_the_lists_qualifier():
    got = targets_in("到2015年，冷链流通率将分别由现在的5%、15%、23%提高至20%、30%、36%以上。")
    assert [(c.value, c.cmp) for c in got] == [(20.0, ">="), (30.0, ">="), (36.0, ">=")]  # not 5, 15, 23
    got = targets_in("到2015年，各类产品的腐损率分别降至15%、8%、10%以下。")
    assert [(c.value, c.cmp) for c in got] == [(15.0, "<="), (8.0, "<="), (10.0, "<=")]
    got = targets_in("到2017年，建成100个创业园和1万个村级服务站。")
    assert [(c.value, c.unit, c.phrase) for c in got] == [(100.0, "个", "创业园"), (1.0, "万个", "村级服务站")]
    got = targets_in("到2017年，網絡消費額占居民消費總額的比重將超過1/4，农村网购占比达到三分之一。")
    assert [(c.value, c.unit, c.cmp) for c in got] == [(25.0, "%", ">"), (33.33, "%", ">=")]  # shares as fractions
    assert targets_in("新华社10/26电，到2017年，建成10个园区。")[0].value == 10.0  # a date is no fraction
    got = targets_in("到2017年，80%以上行政村通光纤，95%以上行政村通宽带。")
    assert [(c.value, c.phrase) for c in got] == [(80.0, "行政村通光纤"), (95.0, "行政村通宽带")]


def test_the_year_comes_from_the_sentence_the_paragraph_or_the_period():
    assert targets_in("2017年底前确保96%以上行政村通光纤。")[0].year == 2017
    assert targets_in("“十三五”期间，网络零售额年均增长率不低于10%。")[0].year == 2020
    assert targets_in("力争在2016年年底，我国电子商务交易额达到22万亿元。")[0].year == 2016
    paragraph = targets_in("到2015年，电子商务交易额突破18万亿元。网络零售交易额突破3万亿元。\n"
                           "全省快递网点达1万个。")
    assert [(c.value, c.year) for c in paragraph] == [(18.0, 2015), (3.0, 2015)]  # not past the paragraph
    assert "year from context" in paragraph[1].flags
    [c] = targets_in("力争网络零售额达到500亿元。", period=(2016, 2020))
    assert c.year == 2020 and "target year from the plan period" in c.flags
    assert targets_in("网络零售额达到500亿元。") == []  # no year and no period: nothing to say it is a target


def test_kinds_of_target():
    def one(text: str, period=(2016, 2020)) -> Candidate:
        [c] = targets_in(text, period)
        return c
    g = one("到2020年，电子商务交易额年均增长20%以上。")
    assert (g.aim, g.value, g.cmp, g.growth_from, g.indicator) == ("growth", 20.0, ">=", 2015, "ec_transactions")
    y = one("2017年，全省电子商务交易额要增长20%。", period=(2017, 2017))
    assert (y.aim, y.growth_from) == ("yoy", 2016)
    r = one("到2020年，网络零售额较2015年翻一番。")
    assert (r.aim, r.value, r.unit, r.growth_from) == ("relative", 2.0, "倍", 2015)
    p = one("到2020年，每个市州不少于2个电子商务示范县。")
    assert (p.aim, p.per, p.value, p.phrase) == ("per_unit", "市州", 2.0, "电子商务示范县")
    a = one("到2020年，对有条件的贫困县实现电子商务进农村综合示范全覆盖。")
    assert (a.aim, a.value, a.unit, a.cmp) == ("all", 100.0, "%", ">=")
    f = one("预计到2020年，网络零售额将达到10万亿元。")
    assert f.forecast and f.cmp == "~" and "a forecast (预计/可达), not a goal" in f.flags
    assert one("到2020年，冷库保有量将突破5000万吨。").cmp == ">="  # 突破: reach at least
    assert one("到2020年，网络零售额达到3万亿元左右。").cmp == "~"
    subjects = targets_in("到2017年，社会消费品零售总额、商品销售总额、物流业增加值等主要经济指标都将翻一番。")
    assert [c.phrase for c in subjects] == ["社会消费品零售总额", "商品销售总额", "物流业增加值"]


def test_targets_are_told_from_reported_figures():
    assert targets_in("截至2015年底，全省网络零售额已达1200亿元。") == []
    assert targets_in("全国农村网络零售额由2014年的1800亿元，增长到2019年的1.7万亿元。") == []
    assert targets_in("2015年，电子商务交易额达到21.79万亿元，跃居全球第一。", period=(2016, 2020)) == []
    assert [c.value for c in targets_in("到2025年，农产品网络零售额1600亿元，较2019年的842亿元近乎翻番。")] == [1600.0]
    # a bound that names a kind of project, and the target after it
    assert [c.value for c in targets_in("今年计划引进省外5000万元以上项目资金3000亿元。", period=(2012, 2012))] == [3000.0]


def test_the_fragment_is_accepted_by_check_once_its_flagged_fields_are_filled(tmp_path, workspace):
    plan = tmp_path / "plan.txt"
    plan.write_text("某市电子商务发展规划\n二、发展目标\n到2020年，全市电子商务交易额突破2000亿元，年均增长20%以上；"
                    "网络零售额实现500亿元，翻一番；每个县不少于2个电子商务示范镇。\n", encoding="utf-8")
    r = run_ectui("extract", plan, "--period", "2016-2020", "--plan-id", "city-13", "--region", "fujian",
                  "-w", workspace)
    assert r.returncode == 0, r.stderr
    fragment = r.stdout.decode()
    assert "growth = { rate = 20, from = 2015 }" in fragment and "multiple = 2" in fragment
    assert 'each = "children"' in fragment and "baseline = { year = 2015 }" in fragment
    filled = fragment.replace('name_en = ""', 'name_en = "Demonstration towns"')
    targets = workspace / "targets.toml"
    targets.write_text(targets.read_text(encoding="utf-8") + '\n[[plans]]\nid = "city-13"\ntitle = "某市电子商务发展规划"\n'
                       'region = "fujian"\nstart = 2016\nend = 2020\n\n' + filled, encoding="utf-8")
    check = run_ectui("check", "-w", workspace)
    assert check.returncode == 0, check.stderr.decode() + check.stdout.decode()
    bad = run_ectui("extract", plan, "--period", "2020-2016", "-w", workspace)
    assert bad.returncode == 2 and b"--period '2020-2016'" in bad.stderr
    # a year's work plan: one year; 今年 is that year, and a norm's count names what follows it
    plan.write_text("今年，全省将新建300个城市副食品调控基地，保证每个较大的行政村至少有1个农家店。\n", encoding="utf-8")
    one = run_ectui("extract", plan, "--period", "2011", "-w", workspace)
    assert one.returncode == 0, one.stderr
    text = one.stdout.decode()
    assert text.count("year = 2011") == 2 and 'name_zh = "城市副食品调控基地"' in text and 'name_zh = "农家店"' in text


def test_a_change_in_percentage_points_is_a_relative_target():
    [c] = targets_in("到2025年，数字经济核心产业增加值占GDP的比重比2020年提高3个百分点。")
    assert (c.aim, c.value, c.unit, c.cmp, c.growth_from, c.year) == ("relative", 3.0, "个百分点", ">=", 2020, 2025)
    assert c.phrase == "数字经济核心产业增加值占GDP的比重"
    [d] = targets_in("社会物流总费用与国内生产总值的比率在2025年较2020年下降2个百分点左右。")
    assert (d.value, d.cmp, d.growth_from) == (-2.0, "~", 2020)
    from ectui.extract.output import to_toml
    assert "value = 0  # FIXME: the 2020 figure -2 percentage points" in to_toml([d], None, "p", "cn", "x")
    assert targets_in("到2025年，下降2个百分点。") == []  # no base year named: not a target of its own


def test_descriptors_classes_and_remarks_are_not_targets():
    got = targets_in("力争到2020年，展览总面积达930万平方米，5万平方米以上的展览活动数量达30个。")
    assert [(c.value, c.unit) for c in got] == [(930.0, "万平方米"), (30.0, "个")]
    got = targets_in("到2012年，1000个摊位以上的大型展览数量增长15%以上。")
    assert [(c.value, c.unit, c.aim) for c in got] == [(15.0, "%", "yoy")]
    got = targets_in("到2020年，建成零售额过百亿元的商圈15个，500亿元级商圈达到3个。")
    assert [(c.value, c.unit) for c in got] == [(15.0, "个"), (3.0, "个")]
    assert targets_in("到2025年，实现“1个展会+N个项目+1个产业”联动式发展模式。") == []
    got = targets_in("到2015年，每个行政村(500人以上)建设1个电子商务网点。")
    assert [(c.value, c.aim, c.phrase) for c in got] == [(1.0, "per_unit", "电子商务网点")]


def test_forecasts_work_plans_and_doubling():
    got = targets_in("据悉，预计2021年全省数字经济增加值超2.3万亿元，增长15%左右，数字经济已成为主引擎。")
    assert [(c.year, c.value, c.cmp, c.aim, c.forecast) for c in got] == [
        (2021, 2.3, ">", "level", True), (2021, 15.0, "~", "yoy", True)]
    assert got[0].phrase == "数字经济增加值"
    [c] = targets_in("年内新增5G基站1650座。", period=(2025, 2025))  # a year's work plan
    assert (c.year, c.value, c.unit) == (2025, 1650.0, "座")
    doubling = [c for c in targets_in("到2015年，全省展览总面积将达400万平方米以上，比2010年增加一倍以上。")
                if c.aim == "relative"]
    assert [(c.value, c.growth_from, c.phrase) for c in doubling] == [(2.0, 2010, "展览总面积")]


def test_one_rate_of_two_measures_is_a_target_each():
    got = targets_in("到2025年，会展项目和展览总面积年均增长20%。")
    assert [(c.phrase, c.aim, c.value) for c in got] == [("会展项目", "growth", 20.0), ("展览总面积", "growth", 20.0)]
    [one] = targets_in("到2020年，批发和零售业销售额年均增长10%。")  # one measure: its noun is shared
    assert one.phrase == "批发和零售业销售额"


def test_each_figure_is_due_by_the_last_year_named_before_it():
    got = targets_in("到2027年，服务进出口额达到120亿元以上；到2030年，服务进出口额达到140亿元以上。")
    assert [(c.year, c.value) for c in got] == [(2027, 120.0), (2030, 140.0)]
    got = targets_in("基地每年农产品冷链周转量达70万吨，预计到2030年，冷库容积规模达30万立方米。")
    assert [(c.year, c.value, c.unit) for c in got] == [(2030, 30.0, "万立方米")]  # 70万吨 is today's


def test_magnitudes_without_digits_and_counts_before_descriptors():
    got = targets_in("到2025年，第三产业增加值力争超万亿元，投资千亿元新建80个物流项目。")
    assert [(c.value, c.unit, c.cmp) for c in got][:2] == [(1.0, "万亿元", ">"), (1000.0, "亿元", ">=")]
    assert targets_in("到2020年，建成零售额过百亿元的商圈15个。")[0].value == 15.0  # 过百亿元的: what kind
    got = targets_in("到2027年，力争孵化建成10个以上年销售规模超10亿元的直播电商产业园区。")
    assert [(c.value, c.unit, c.phrase) for c in got] == [(10.0, "个", "直播电商产业园区")]
    got = targets_in("到2025年，地铁运营总里程达到600公里左右，中欧班列开行数量达到1000列。")
    assert [(c.value, c.unit, c.cmp) for c in got] == [(600.0, "公里", "~"), (1000.0, "列", ">=")]
    [c] = targets_in("到2023年，全省乡镇社零额占比提高2个百分点。", period=(2021, 2023))
    assert (c.aim, c.value, c.unit, c.growth_from) == ("relative", 2.0, "个百分点", 2020)  # no base named: the plan's


def test_units_of_trade_and_transport():
    got = targets_in("到2025年，接待游客达到5000万人次，集装箱吞吐量达到300万标箱，建成冷库20处。")
    assert [(c.value, c.unit) for c in got] == [(5000.0, "万人次"), (300.0, "万标箱"), (20.0, "处")]


def test_a_change_in_percent_is_a_multiple_of_the_base_year():
    got = targets_in("力争到2025年，报废汽车回收量较2023年增长50%；到2027年，报废汽车回收量较2023年增加约一倍，"
                     "单位GDP能源消耗、用水量比2020年分别降低13.5%、16%左右。")
    assert [(c.year, c.value, c.unit, c.aim, c.cmp) for c in got] == [
        (2025, 50.0, "%", "relative", ">="), (2027, -13.5, "%", "relative", "<="), (2027, -16.0, "%", "relative", "~"),
        (2027, 2.0, "倍", "relative", "~")]
    from ectui.extract.output import to_toml
    text = to_toml(got[:1], None, "p", "cn", "x")
    assert "multiple = 1.5" in text and "baseline = { year = 2023 }" in text


def test_a_sentence_that_reports_then_aims_is_read_in_both_tenses():
    got = extract("2024年我国即时零售市场规模已达7810亿元，预计2026年将突破1万亿元。", CATALOG)
    assert [(c.kind, c.year, c.value, c.unit) for c in got] == [("actual", 2024, 7810.0, "亿元"),
                                                                  ("target", 2026, 1.0, "万亿元")]
    assert got[1].forecast and got[1].phrase == got[0].phrase == "即时零售市场规模"
    [c] = targets_in("2019年长沙社会消费品零售总额预计比上年增长10%。")  # 比上年 is the forecast's own
    assert (c.year, c.value, c.aim, c.forecast) == (2019, 10.0, "yoy", True)


def test_tenths_bounds_and_counts_that_name_a_measure():
    got = targets_in("到2025年，九成以上老字号企业实现“触网”，七成以上开展直播销售。")
    assert [(c.value, c.unit, c.cmp) for c in got] == [(90.0, "%", ">="), (70.0, "%", ">=")]
    [c] = targets_in("到2023年，支持全省1500家及以上企业开展直播电商。")
    assert (c.value, c.unit, c.cmp) == (1500.0, "家", ">=")
    got = targets_in("到2025年，废钢铁、废纸等9种主要再生资源循环利用量达到4.5亿吨。")
    assert [(c.value, c.unit) for c in got] == [(4.5, "亿吨")]
    assert targets_in("根据《国务院关于同意在廊坊等33个城市设立综合试验区的批复》，到2025年推进建设。") == []


def test_a_cumulative_report_is_no_target():
    text = "商务部介绍，安排中央财政资金200多亿元，累计支持1489个县，建设2600多个县级电商公共服务中心。"
    assert targets_in(text, period=(2023, 2025)) == []
    assert targets_in("建设2600个县级电商公共服务中心。", period=(2023, 2025))[0].year == 2025  # a plan's own


def test_a_years_stated_targets_as_a_work_report_gives_them():
    got = targets_in("福建将全力做好2023年工作，2023年经济社会发展的主要预期目标是：全省地区生产总值增长6%左右，"
                     "社会消费品零售总额增长10%，单位地区生产总值能耗降低3%左右，粮食总产量稳定在507万吨以上。")
    assert [(c.year, c.value, c.aim, c.cmp) for c in got] == [
        (2023, 6.0, "yoy", "~"), (2023, 10.0, "yoy", ">="), (2023, -3.0, "yoy", "~"), (2023, 507.0, "level", ">=")]
    got = targets_in("到2027年，提升一批百亿级特色产业集群，年营业收入超1000亿元的2个，超500亿元的5个。")
    assert [(c.value, c.unit) for c in got] == [(2.0, "个"), (5.0, "个")]
    [c] = [c for c in targets_in("“十四五”末农产品网络销售额将比“十三五”末增长1倍，超过500亿元。") if c.aim == "relative"]
    assert (c.value, c.unit) == (2.0, "倍")


def test_amounts_in_chinese_numerals():
    [c] = targets_in("预计全年实际使用外资的规模将达到一千亿美元。", period=(2010, 2010))
    assert (c.value, c.unit, c.forecast) == (1000.0, "亿美元", True)
    got = targets_in("到2025年，培育两万家电商企业，投资五千万元。")
    assert [(c.value, c.unit) for c in got] == [(2.0, "万家"), (5000.0, "万元")]
    assert targets_in("到2025年，带动数十亿元投资，打造一个平台。") == []  # 数十亿: no amount; 一个: no target
    # a class, not an amount: 百亿元以上产业集群 (and 千万平米)
    assert [c.unit for c in targets_in("到2025年，实现百亿元以上产业集群全覆盖。")] == ["%"]  # its coverage only


def test_last_year_is_a_report_unless_a_forecast_compares_with_it():
    assert targets_in("山东去年农产品电子商务销售额达到400亿元，同比增长30%以上。", period=(2016, 2020)) == []
    got = targets_in("大会报告，预计全年进出口总额将达到2.9万亿美元，要比去年增长30%以上。", period=(2010, 2010))
    assert [(c.value, c.unit, c.aim, c.forecast) for c in got] == [(2.9, "万亿美元", "level", True),
                                                                  (30.0, "%", "yoy", True)]


def test_clauses_that_aim_before_and_after_a_report_in_one_sentence():
    got = targets_in("贵州表示要实施外贸倍增行动计划，进出口总额增长30%以上；云南在去年进出口总额增长16.8%的情况下，"
                     "提出今年力争增长15%以上。", period=(2022, 2022))
    assert [(c.year, c.value, c.aim) for c in got] == [(2022, 30.0, "yoy"), (2022, 15.0, "yoy")]
    [c] = targets_in("【冷链江湖】2025年重庆冷库库容将达280万吨。")
    assert (c.year, c.value, c.unit) == (2025, 280.0, "万吨")


def test_years_given_as_a_duration_or_an_expectation():
    [c] = targets_in("自2020年起，利用3年左右时间，每县建设培育不少于1条步行街或特色商业街。")
    assert (c.year, c.value, c.aim) == (2022, 1.0, "per_unit")
    [d] = targets_in("通过3年创建行动，建设省级高品质步行街30条。", period=(2023, 2025))
    assert (d.year, d.value, d.unit) == (2025, 30.0, "条")
    got = targets_in("据称，今年预期，社会消费品零售总额增长10%，出口增长8%。", period=(2016, 2016))
    assert [(c.year, c.value, c.aim) for c in got] == [(2016, 10.0, "yoy"), (2016, 8.0, "yoy")]


def test_this_year_deadlines_and_a_plans_list_of_actions():
    # 今年 and a month's deadline within it: the year of a one-year plan; 今年以来 is the year so far
    got = targets_in("A类:今年3月底完成70%的贫困村村级电商服务站,6月底全部完成。", period=(2016, 2016))
    assert [(c.year, c.value, c.unit) for c in got][:1] == [(2016, 70.0, "%")]
    assert targets_in("到今年年底,全省建设62个县级电商服务中心。", period=(2016, 2016))[0].year == 2016
    assert targets_in("今年以来,全市社会消费品零售总额实现3504.9亿元,增长12.9%。", period=(2013, 2013)) == []
    # in a plan of several years, 今年 is the year it was written in
    assert {c.year for c in targets_in("山东省今年要分别建设完成1万家标准化农家店和100个配送中心。",
                                       period=(2009, 2011))} == {2009}
    # 今年以来 reports, and a forecast after it in the same sentence aims, with or without a comma
    [f] = targets_in("今年以來,大陸郵政快遞業繼續保持高速增長態勢預計全年快遞業務量將超過950億件。", period=(2021, 2021))
    assert (f.value, f.unit, f.cmp, f.forecast) == (950.0, "亿件", ">", True)
    # a count of what is to be built, with no year: the plan's
    [c] = targets_in("建设改造100个城乡集贸市场(生鲜超市),实现升级改造。", period=(2011, 2011))
    assert (c.year, c.value, c.unit) == (2011, 100.0, "个")
    assert targets_in("累计建设改造连锁农家店5840个。", period=(2006, 2010)) == []  # a report of what was built
    [p] = targets_in("此外,福建今年还将继续推动50个重点商贸项目建设。", period=(2011, 2011))
    assert (p.value, p.unit) == (50.0, "个")
    assert targets_in("提出了五大方面20项重点举措。", period=(2022, 2022)) == []  # how a plan is organised


def test_norms_and_their_bounds():
    got = targets_in("保证农村每个较大的行政村至少有1个农家店,每个配送中心至少配备100个农家店,"
                     "配送中心辐射范围不大于2小时车程。", period=(2011, 2011))
    assert [(c.value, c.unit, c.cmp) for c in got] == [(1.0, "个", ">="), (100.0, "个", ">="), (2.0, "小时", "<=")]
    assert got[0].aim == "per_unit"
    got = targets_in("支持农村产品上行的比例原则上不低于50%;资金使用比例原则上不得高于15%。", period=(2018, 2018))
    assert [(c.value, c.cmp) for c in got] == [(50.0, ">="), (15.0, "<=")]
    # a count in words after a bound; the count of units the norm is for is no target
    [one] = targets_in("2018年,全省2277个省定贫困村所在的14个市每市至少有一个国家级或省级电子商务进农村综合示范县。",
                       period=(2018, 2020))
    assert (one.value, one.unit, one.aim, one.year) == (1.0, "个", "per_unit", 2018)
    assert targets_in("鼓励建设24小时书店。", period=(2019, 2022)) == []  # the name of a kind of shop
    got = targets_in("新建或改造500个社区便利店,验收合格的便利店可得省级财政补助2万元。", period=(2011, 2011))
    assert [(c.value, c.unit) for c in got] == [(500.0, "个")]  # the subsidy is what a shop is given


def test_ranges_years_of_intent_and_reports_over_a_span():
    [r] = targets_in("到2035年,服务型消费支出占比将达到60%~ 65%。")
    assert (r.cmp, r.low, r.high, r.unit) == ("range", 60.0, 65.0, "%")
    got = targets_in("2012年中国跨境电商交易额过2000亿美元,2013年规模有望突破3.1万亿元人民币,到2016年则增至6.5万亿元。")
    assert [(c.year, c.value) for c in got] == [(2013, 3.1), (2016, 6.5)]
    [a] = targets_in("2011年,福建将加快流通发展方式转变,以实现全省社会消费品零售总额预期增长15%的目标。")
    assert (a.year, a.value, a.aim) == (2011, 15.0, "yoy")
    [b] = targets_in("2013年,我省预期社会消费品零售总额增长14%,即达到近6500亿元。")[1:]
    assert (b.year, b.value, b.cmp) == (2013, 6500.0, "~")
    # over a span, a plan's aim is round; a figure with a decimal part reports
    [g] = targets_in("2018至2020年,农村电子商务交易额年均增长30%。")
    assert (g.year, g.value, g.aim) == (2020, 30.0, "growth")
    assert targets_in("2022至2025年,我国服务零售额年均增长10.4%。") == []
    assert targets_in("“十一五”时期,全省社会消费品零售额年均增长16.8%,2010年比2005年增长1.2倍。") == []
    assert targets_in("“十四五”時期,中國社會消費品零售總額先后突破40萬億元、50萬億元大關。", period=(2021, 2025)) == []


def test_work_reports_restating_a_years_targets():
    got = targets_in("预计邮政行业寄递业务量和邮政行业业务收入分别完成1715亿件和1.6万亿元。", period=(2024, 2024))
    assert [(c.value, c.unit) for c in got] == [(1715.0, "亿件"), (1.6, "万亿元")]  # each with its own unit
    got = targets_in("今年的主要预期目标是,城镇居民人均可支配收入和农民人均纯收入均增长10%左右。", period=(2013, 2013))
    assert [(c.phrase, c.value, c.aim) for c in got] == [("城镇居民人均可支配收入", 10.0, "yoy"),
                                                         ("农民人均纯收入", 10.0, "yoy")]
    [cpi] = targets_in("居民消费价格涨幅3%左右。", period=(2018, 2018))
    assert (cpi.year, cpi.value, cpi.cmp, cpi.aim) == (2018, 3.0, "~", "yoy")
    assert targets_in("上半年居民消费价格上涨2.1%。", period=(2018, 2018)) == []
    # an aim, then how it went: the aim is the target, the result is not
    [aim] = targets_in("今年年初我们提出计划要新建、提升、改造9个民工菜市场,截止到目前已经建成15个,超额完成了任务。",
                       period=(2022, 2022))
    assert (aim.year, aim.value, aim.unit) == (2022, 9.0, "个")
    # what was built in all, in a year's report, and counts of a plan's indicators
    assert targets_in("2023年,国家邮政局启动三年行动,累计建成1267个县级公共寄递配送中心和19万个村邮站。",
                      period=(2023, 2023)) == []
    assert targets_in("纲要提出的20项主要指标中,多数进展顺利。", period=(2021, 2025)) == []


def test_plan_texts_coverage_remarks_durations_and_deadlines():
    got = targets_in("到2020年,全省95%以上自然村(集中居住达20户以上)通光纤,力争实现自然村4G全覆盖。", period=(2018, 2020))
    assert [(c.value, c.unit, c.aim) for c in got] == [(95.0, "%", "level"), (100.0, "%", "all")]
    [t] = targets_in("在三年时间内,全省农村电子商务创业者实习、培训人数达100万人次以上。", period=(2018, 2020))
    assert (t.year, t.value, t.unit) == (2020, 100.0, "万人次")
    [d] = targets_in("2022年6月底前,争创6个农村电商快递协同发展全国示范区。", period=(2021, 2024))
    assert (d.year, d.value, d.unit) == (2022, 6.0, "个")
    got = targets_in("到2020年,全省创建知名网销农产品品牌100个以上,每个县(市、区)打造一个以上网销农产品区域公用品牌。")
    assert [(c.value, c.aim) for c in got] == [(100.0, "level"), (1.0, "per_unit")]
    [w] = targets_in("制定2027年四川网络零售额突破万亿的目标任务。", period=(2025, 2027))
    assert (w.year, w.value, w.unit) == (2027, 1.0, "万亿")
    assert targets_in("在2026年至2028年期间,对符合条件的支持对象予以最高500万元激励。", period=(2026, 2028)) == []
    assert targets_in("设置了商务发展指标规划、专业市场规划布局等8个专栏。", period=(2021, 2025)) == []


def test_a_years_subject_numerals_with_wan_and_what_a_share_covers():
    [t] = targets_in("主任在会上介绍,2017 年,江苏省供销合作社系统经济总量将突破 1 万亿元,连续居全国第一。", period=(2017, 2017))
    assert (t.year, t.value, t.unit) == (2017, 1.0, "万亿元")
    assert targets_in("2015年全市网络零售额已达到500亿元,将继续保持增长。", period=(2016, 2020)) == []
    [s] = targets_in("到2025年,全社会物流成本在这五年节省超一万一千亿元。")
    assert (s.value, s.unit) == (11000.0, "亿元")
    assert targets_in("近日印发《关于促进服务出口的若干政策措施》,提出13项务实举措。", period=(2025, 2025)) == []
    got = targets_in("预计到2020年底,我国铁路营业总里程将达到14.6万公里,覆盖大约99%的20万人口及以上的城市。")
    assert [(c.value, c.unit) for c in got] == [(14.6, "万公里"), (99.0, "%")]


def test_county_plans_levels_brackets_and_dashes():
    got = targets_in("甘肃电商扶贫将在2020年前实现贫困地区县有电商服务中心、乡有电商服务站、村有服务点的目标。")
    assert [(c.phrase, c.value, c.aim, c.year) for c in got] == [
        ("县有电商服务中心", 100.0, "all", 2020), ("乡有电商服务站", 100.0, "all", 2020), ("村有服务点", 100.0, "all", 2020)]
    got = targets_in("有望到2017年95%的行政村通固定和移动宽带,到2020年4G网络全面覆盖。")
    assert [(c.year, c.value) for c in got] == [(2017, 95.0), (2020, 100.0)]
    got = targets_in("到2017年底,“百千万工程”(即打造1百个国家级或省级示范项目、1千个特色网店、1万个电子商务服务站)基本完成。")
    assert [(c.value, c.unit) for c in got] == [(1.0, "百个"), (1.0, "千个"), (1.0, "万个")]
    [r] = targets_in("扶持发展2—3家示范网店,逐步形成完备的服务体系。", period=(2015, 2016))
    assert (r.cmp, r.low, r.high, r.unit) == ("range", 2.0, 3.0, "家")
    assert targets_in("据统计,目前甘肃省除了建成75个县级电商服务中心外,还建成了1157个乡镇电商服务站。",
                      period=(2017, 2017)) == []


def test_kinds_from_the_words_around_a_rate_or_a_count():
    # a cumulative growth, or one against a year named earlier: a multiple of the base year's figure
    got = targets_in("到2022年底,省级示范步行街客流量和营业额累计增长20%以上。", period=(2020, 2022))
    assert [(c.phrase, c.aim, c.value, c.growth_from) for c in got] == [
        ("省级示范步行街客流量", "relative", 20.0, 2019), ("营业额", "relative", 20.0, 2019)]
    got = targets_in("通过三年集中攻坚,实现与2017年相比,全国铁路货运量增加11亿吨、增长30%。", period=(2018, 2020))
    assert [(c.aim, c.value, c.growth_from) for c in got if c.unit == "%"] == [("relative", 30.0, 2017)]
    # a year's growth: 涨幅控制在, 增长目标确定为, 6.5%左右的增长
    for text in ("居民消费价格涨幅控制在3.5%左右。", "今年经济增长目标确定为9.5%左右。", "实现6.5%左右的增长预期目标。"):
        [c] = targets_in(text, period=(2013, 2013))
        assert (c.aim, c.cmp) == ("yoy", "~"), text
    # per unit: each of those listed (各至少), and a unit's own measure (每个园区的冷库容量要达到)
    [e] = targets_in("2020年,滨城区、邹平市各至少打造2条市级商业街(步行街)。", period=(2020, 2020))
    assert (e.aim, e.value, e.unit) == ("per_unit", 2.0, "条")
    [v] = targets_in("到2025年,每个园区的冷库容量要达到10万吨以上。")
    assert (v.aim, v.value, v.unit) == ("per_unit", 10.0, "万吨")


def test_figures_as_hong_kong_taiwan_and_macau_papers_print_them():
    [a, b] = targets_in("預計2021年全年全行業業務收入分別完成1.2兆元和1,219億件。")[:2]
    assert [(a.value, a.unit), (b.value, b.unit)] == [(1.2, "万亿元"), (1219.0, "亿件")]
    [g] = targets_in("馬軍勝預計,2021年全年郵(快)件業務量成長12%左右。")
    assert (g.value, g.aim, g.cmp) == (12.0, "yoy", "~")
    got = targets_in("今年經濟目標：赤字率擬按百分之四安排；居民消費價格漲幅百分之二左右；城鎮新增就業一千兩百萬人以上；"
                     "城鎮調查失業率百分之五點五左右。", period=(2026, 2026))
    assert [(c.value, c.unit) for c in got] == [(4.0, "%"), (2.0, "%"), (1200.0, "万人"), (5.5, "%")]
    [n] = targets_in("中國今年準備發行二五〇〇億元人民幣超長期特別國債。", period=(2026, 2026))
    assert (n.value, n.unit) == (2500.0, "亿元")
    [d] = targets_in("預計二〇二五年地區生產總值達十二點八萬億元。")
    assert (d.year, d.value, d.unit) == (2025, 12.8, "万亿元")
    [y] = targets_in("省長表示,今年(2024年)發展的有利條件強於不利因素,預期地區生產總值增長5%。", period=(2024, 2024))
    assert (y.year, y.value, y.aim) == (2024, 5.0, "yoy")
    [t] = targets_in("初步目標是2027年形成3個「兆級消費領域」。", period=(2025, 2027))
    assert (t.year, t.value, t.unit) == (2027, 3.0, "个")
    [_, x] = targets_in("消費方面,安排超長期特別國債3000億元支援消費品以舊換新,資金額度較2024年翻倍;", period=(2025, 2025))
    assert (x.aim, x.value, x.growth_from) == ("relative", 2.0, 2024)
    assert targets_in("今年第1季中國經濟增長率5.4%,今年前3季增長率為5.2%。", period=(2025, 2025)) == []
    [r] = targets_in("到2027年,社會物流總費用與國內生產總值的比率將從2023年的14.4%降至13.5%左右。")
    assert (r.year, r.value, r.cmp) == (2027, 13.5, "~")
