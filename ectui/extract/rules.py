"""Find candidate targets and reported figures in a plan's Chinese text.

Pure, rule-based, no network: ``extract(text, catalog)`` returns candidates, each with the
sentence it came from and its character offset in the original text, for a person to review.

Rules, in order: clean the text (full-width to ASCII, spaces and line breaks inside numbers,
page numbers stuck inside words); find the plan period and the "目标" sections; split into
sentences; in each, find numbers with magnitude, unit and qualifiers, the indicator phrase around
them, and whether the sentence states a target (到2015年…, inside a 目标 section, 力争/打造…) or a
past figure (2011年…达…).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ectui.model import Catalog
from ectui.numbers import MAGNITUDES, NumberError, split_unit

UNITS = ("万亿元", "亿元", "万元", "元", "亿美元", "万美元", "美元", "万人", "万户", "万家", "万个", "万名", "万次", "家", "个", "人", "名",
         "户", "次", "期", "吨", "种", "%", "倍", "项", "所", "座", "栋", "条", "件", "套", "批", "平方米", "立方米", "场", "公里",
         "台", "辆", "列", "艘", "架次", "人次", "标箱", "TEU", "亩", "千瓦", "处", "张", "间", "票",
         "千克", "公斤", "小时", "分钟")
_MAG = "万亿|千亿|百亿|千万|百万|亿|万|千|百(?!分)"
# 24小时书店, 24小时便利店: the name of a kind of shop, not a time
UNIT_NOT_BEFORE = {"小时": "(?!书店|便利店|营业|不打烊|药店|商店|图书馆|自助|无人)"}
_UNIT = "|".join(re.escape(u) + UNIT_NOT_BEFORE.get(u, "") for u in sorted(UNITS, key=len, reverse=True))
NUMBER = re.compile(
    rf"(?P<pre>分别|约|近|超过|超|突破|达到|达|逾|不得低于|不低于|不少于|不小于|至少|不超过|不得高于|不得超过|不高于|不大于|控制在|低于|不足|高于)?"
    rf"(?P<low>\d+(?:\.\d+)?)(?:%?\s*(?P<rangesep>至|到|-|~|—|–)\s*(?P<high>\d+(?:\.\d+)?)(?!\d|\s*年))?"
    rf"(?P<infix>余|多)?(?P<mag>{_MAG})?(?P<unit>{_UNIT})?"
    rf"(?P<post>及以上|及以下|以上|以下|以内|左右|余|多)?"
)
# the second of a pair: 分别达到20%和30%, 分别完成1715亿件和1.6万亿元 (each with its own unit)
LIST_SECOND = re.compile(rf"^(和|与|、|及)(\d+(?:\.\d+)?)(%|(?:{_MAG})?(?:{_UNIT}))?")
CMP_BY_WORD = {
    "及以上": ">=", "及以下": "<=",
    "以上": ">=", "不低于": ">=", "不得低于": ">=", "不少于": ">=", "不小于": ">=", "至少": ">=", "达到": ">=", "达": ">=",
    "超过": ">", "超": ">", "高于": ">", "突破": ">=", "逾": ">",  # 突破: plans mean "reach at least"
    "以下": "<=", "以内": "<=", "不超过": "<=", "不得超过": "<=", "不高于": "<=", "不得高于": "<=", "不大于": "<=",
    "控制在": "<=",
    "低于": "<", "不足": "<",
    "约": "~", "左右": "~", "近": "~", "接近": "~",  # a target "近/接近 N" is about N
}
QUALIFIER_OF_FIGURE = {"超过": "超过", "超": "超过", "突破": "超过", "逾": "超过", "近": "近", "约": "约",
                       "左右": "约", "余": "余", "多": "余", "以上": "以上"}
PERCENT_CUES = ("比重", "率", "比例", "占有率", "份额", "总数的", "普及")
TARGET_VERBS = ("打造", "培育", "培养", "引进", "建设", "建成", "创建", "力争", "争取", "实现", "整合建设",
                "重点打造", "培训", "发展", "新建", "改造", "改建", "组建", "新增",
                # a norm's count: 每个行政村至少有1个农家店 names what is counted after it
                "至少有", "至少", "不少于", "要有", "均有", "都有", "配备")
LEADING_NOISE = re.compile(r"^(其中|同时|并且|并|全市|全省|全国|我市|我省|我国|力争|争取|确保|届时|预计|预测|"
                           r"“?十[一二三四五]五”?(期间|时期|末)?|到\d{4}年末?|到\d{4}年底|"
                           r"\d{4}年(年底|末|底)?|截至\d{4}年底|目前|已|将|\d+\.|——|—|[,，:：、\s])+")
TRAILING_NOISE = re.compile(r"(将达到|将达|达到|达|实现|为|已达|已|超过|超|约|近|突破|分别|有|占|是|的|到|共|累计|总计|将|。)+$")
NOT_A_PHRASE = {"来自", "其中", "包括", "共有", "分成", "分为", "涉及", "超过", "达到"}
NOUN_ENDINGS = ("平台", "企业", "楼宇", "园区", "基地", "人才", "城市", "网站", "项目", "中心", "商户", "网店", "店铺",
                "机构", "园", "区", "馆", "市场", "产品", "品牌", "网点", "站", "站点", "商店")
BOOL_AIM = re.compile(r"(创建|建成|创成|获批)(国家|全国|省级|国家级)?([\u4e00-\u9fff]{2,16}?(示范城市|示范基地|示范区))")
YEAR_TARGET = re.compile(r"(?<!截)(?:到|至|力争到|争取到)(\d{4})年")
YEAR_ANY = re.compile(r"(?<![\d-])(\d{4})年(?:年底|底|末)?")
PERIOD = re.compile(r"(\d{4})\s*(?:-|至|—|~)\s*(\d{4})年")
ANY_DIGIT_YEAR = re.compile(r"\d{4}\s*年")
FIVE_YEAR = {"十一五": 2010, "十二五": 2015, "十三五": 2020, "十四五": 2025, "十五五": 2030}
# A 目标 section starts at a heading ("(二)主要目标", "二、…发展目标", "具体目标:" on its own line).
SECTION_TARGET = re.compile(r"(?:^|\n|[)）、])\s*(主要目标|具体目标|发展目标|总体目标|规划目标)")
SECTION_TOP = re.compile(r"(?:^|[\s。])([一二三四五六七八九十]{1,2})、")
PAGE_NUMBER_OK_AFTER = set("元家个人名户次期吨种台双页倍位项所座栋条件套批只亩米年月日号强届类万亿千百余多以左上下至到和与及或、"
                           "公平立场辆列艘架小标处张间票季")  # 600公里, 30平方米, 20立方米, 1800场, 500辆, 1000列

KEYWORDS = [("交易额", "transactions"), ("零售", "retail"), ("网上采购", "online_purchases"), ("销售", "sales"),
            ("中小企业", "sme"), ("示范企业", "demo_enterprises"), ("示范城市", "demo_city"),
            ("示范基地", "demo_bases"), ("平台", "platforms"), ("楼宇", "buildings"), ("园区", "parks"),
            ("人才", "talent"), ("培训", "trained"), ("服务业", "services"), ("网民", "netizens"),
            ("网店", "shops"), ("企业", "enterprises"), ("占有率", "market_share"), ("比重", "share"),
            ("率", "rate"), ("产值", "output")]


# Which sentences state targets (docs: issue 27): a target year (到2015年, 在2016年, 2017年底前,
# “十三五”期间/末), a cue of intent (力争, 将, 要, 计划, 预计 …), and no cue of a past result.
TARGET_YEAR_RE = re.compile(r"(?<![截从由])(?:到|至|在|于)\s*(\d{4})\s*年|(\d{4})\s*年(?:年底|底|末|\d{1,2}月(?:底|末)?)?前")
FIVE_YEAR_SPAN = re.compile(r"[“\"]?(十一五|十二五|十三五|十四五|十五五)[”\"]?(?:期间|末|时期|期末)")
LEADING_YEAR = re.compile(r"^[\s,，:：]*(?:【[^】]{0,12}】)?(?:其中|同时|此外|并)?(?:[^\d,，。]{0,24}[,，:：])?(\d{4})\s*年(?:年底|底|末)?(?![的])")
DURATION = re.compile(r"(?:(?:自|从)?(\d{4})\s*年起?[,，]?[^。,，]{0,6}?)?(?:(?:利用|用|通过|经过)(\d|[一二三四五])年(?:左右)?(?:时间)?"
                      r"|(?<![近前过去])(?:在|今后)?(\d|[一二三四五])年(?:时间)?内)")
# 制定2027年网络零售额突破万亿的目标: what the year is to reach, named a target
YEAR_AIMED_AT = re.compile(r"(\d{4})\s*年[^,，。;；]{2,30}?的(?:目标|任务)")
TARGETS_OF_YEAR = re.compile(r"(\d{4})\s*年[^,，。;；]{0,14}?(?:主要)?(?:预期)?目标(?:是|为)?[,，:：]")
INTENT_THEN_YEAR = re.compile(r"(?:预计|预测|力争|争取|计划|确保|目标是|目标为)\s*(?:到|在|于)?\s*(\d{4})\s*年")
YEAR_THEN_INTENT = re.compile(r"(\d{4})\s*年(?:年底|底|末)?[,，]?\s*(?:(?:(?!已|了)[^\d,，。;；:：]){1,16}?(?=将|要|力争|预计|有望|可望|计划|确保))?"
                              r"(?:将|要|力争|预计|有望|可望|计划|确保)")
YEARS_SPAN = re.compile(r"(\d{4})\s*[~\-—–至到]\s*(\d{4})\s*(?:年|这)")
# intent: a goal or a forecast; "weak" cues (达到, 实现…) also open sentences about past results
FUTURE_CUES = re.compile(r"力争|争取|确保|(?<![不即])将(?!近)|(?<![主重需只必还])要(?!求|素|点|闻)|计划|拟|预计|预测|"
                         r"目标|预期|届时|提出|明确|可达|可能达到|有望|力求|希望|明年|保证(?!了)|(?:设定|确定|定)为|"
                         # a norm: 原则上不低于50%, 每个行政村至少有1个
                         r"原则上|每(?![天日年月周次小时人])[^,，;；。\d]{1,10}?(?:至少|不少于|不低于)")
WEAK_CUES = re.compile(r"实现|达到|建成|培育|打造|新增|覆盖|建设|改造")
PAST_CUES = re.compile(r"已|截至|(?:今年|年初|本年)以来|先后(?:突破|达到|超过|建成)|圆满完成|比上年|较上年|比去年|较去年|(?<![同])去年|的数据[,，:：]|数据显示|统计显示|据统计|(?:实现|达到|取得|提高|增长|增加|完成|培育|建成|开展|形成|涌现|突破|超过)了|超额完成|"
                       r"连续\d+年|"
                       r"(?:从|由)\d{4}年(?:底)?的[^。]*?(?:增长|增加|提高|上升|下降|增至|升至|降至|减少)到?\d{4}年|"
                       r"(?:增长|增加|提高|上升|增至|升至)到\d{4}年")
# 今年/年内: the year of the document (a target for it), not 今年以来/今年1-10月/上半年 (figures so far)
THIS_YEAR = re.compile(r"今年(?!以来|上半年|前|第?[一二三四1-4]季|\d{1,2}(?:[-—~至]\d{1,2})?月(?!底|末|前))|年内|本年度(?!以来)")
# 建设改造100个…, 新建或改造500个…: a count of what is to be built, in a plan's list of actions
BUDGETED = re.compile(r"(?<![已了])(?:安排|发行|设立)[^,，;；。\d]{0,12}\d+(?:\.\d+)?(?:万亿|亿|万)元")
VERB_THEN_COUNT = re.compile(r"(?<!累计)(?<!共)(?:新建|建设|建成|改造|改建|培育|打造|新增|推动|扶持|创建|引进)(?:或改造|改造|提升)?"
                             r"\d+(?:个|家|所|条|座|场|批|项)")
# 增长6.5%左右, 涨幅3%左右 alone, in a one-year document: a year's expected target
ROUGH_AIM = re.compile(r"^[^,，;；\d]{2,20}(?:增长|涨幅|增速|上涨)(?:控制在|保持在|为)?\d+(?:\.\d)?%左右[。]?$")
# a figure with a decimal part is a count made (3504.9亿元, 增长12.9%); a plan's aims are round
PRECISE = re.compile(r"\d\.\d")
FORECAST_CUES = ("预计", "预测", "可达", "可能达到", "有望")
FORECAST_OPENS = re.compile(r"^(?:[^\d。]{0,30}?[,，:：])?[^\d,，;；]{0,6}?(?:预计|预测)")
FIGURE_END = re.compile(r"\d(?:[\d.]*)(?:万亿|千亿|百亿|亿|万|千)?(?:元|美元|%|个|家|人|件|次)?")


def _last_figure_end(sent: str) -> int:
    ends = [m.end() for m in FIGURE_END.finditer(sent)]
    return ends[-1] if ends else 0


def _this_year(text: str, period: tuple[int, int] | None) -> int | None:
    """The year 今年 means in ``text``: in a plan of several years, the year it was written in, its
    first (到今年年底 in a report on the plan's last year is its end: None, the caller's default)."""
    if period and re.search(r"(?<!到)今年", text) and THIS_YEAR.search(text):
        return period[0]
    return None


def _base_year_at(sent: str, start: int) -> bool:
    """Whether the year at ``start`` is only the base of a change (将从2023年的14.4%降至…, 较2024年翻倍):
    it does not date the sentence."""
    return bool(re.search(r"(?:从|由|比|较|与|对比)\s*$", sent[max(0, start - 3):start]))


def _reads_as_report(sent: str) -> bool:
    """A sentence whose year is only a span's end or a five-year period's (2022至2025年, “十一五”时期),
    with no word of intent and only figures with a decimal part, reports (年均增长10.4%): a plan's
    aims are round (2018至2020年，…年均增长30%)."""
    if FUTURE_CUES.search(sent) or re.search(r"(?<![\d至到~—-])(?:到|至)\s*\d{4}\s*年|\d{4}\s*年(?:年底|底|末)?前", sent):
        return False
    return _only_precise_figures(sent)


def _only_precise_figures(sent: str) -> bool:
    """Whether every figure of the sentence has a decimal part (300.1万亿元, 6.48%): counted, not aimed at."""
    figures = [n.group() for n in NOT_A_YEAR_NUMBER.finditer(sent)]
    return bool(figures) and all("." in f for f in figures)


def target_year_of(sent: str, period: tuple[int, int] | None = None) -> int | None:
    """The year a sentence sets a target for (see _target_year); a year before the plan's period is a
    look back (“十二五”期间… in a 13th plan), not a target."""
    year = _target_year(sent, period)
    return None if year is not None and period and year < period[0] else year


def _target_year(sent: str, period: tuple[int, int] | None = None) -> int | None:
    """The year a sentence sets a target for, or None: 到/在2015年, 2017年底前, “十三五”期间/末,
    2016~2020这5年 or "2015年将…" with a cue of intent, or a year opening the sentence followed by a
    cue of intent (or by 达到/实现/建成 and within the plan's period)."""
    named = re.search(r"今年\s*\(\s*(\d{4})\s*年?\s*\)", sent)
    if named and FUTURE_CUES.search(sent):
        return int(named.group(1))
    m = TARGET_YEAR_RE.search(sent)
    if m and int(m.group(1) or m.group(2)) >= 1990:
        return int(m.group(1) or m.group(2))
    took = DURATION.search(sent)  # 自2020年起，利用3年左右时间: by 2022
    if took and (took.group(1) or period):
        start = int(took.group(1)) if took.group(1) else period[0]  # type: ignore[index]
        years = took.group(2) or took.group(3)
        return start + CJK_DIGIT.get(years, int(years) if years.isdigit() else 1) - 1
    m5 = FIVE_YEAR_SPAN.search(sent)
    if m5:
        return FIVE_YEAR[m5.group(1)]
    intent = YEAR_THEN_INTENT.search(sent) or INTENT_THEN_YEAR.search(sent) or TARGETS_OF_YEAR.search(sent) \
        or YEAR_AIMED_AT.search(sent)
    if intent:
        return int(intent.group(1))
    span = YEARS_SPAN.search(sent)
    if span and FUTURE_CUES.search(sent):
        return int(span.group(2))
    lead = LEADING_YEAR.search(sent)
    if lead:
        year, rest = int(lead.group(1)), sent[lead.end():]
        if FUTURE_CUES.search(sent) or (period and year >= period[0] and WEAK_CUES.search(rest)
                                        and not _only_precise_figures(sent) and not re.search(r"累计|共计", rest)):
            return year
    return None


@dataclass
class Candidate:
    kind: str  # "target" or "actual"
    phrase: str
    indicator: str
    indicator_is_new: bool
    cmp: str | None
    year: int | None
    value: float | None
    unit: str | None
    low: float | None = None
    high: float | None = None
    qualifier: str = ""
    sentence: str = ""
    offset: int = 0
    confidence: float = 0.5
    flags: list[str] = field(default_factory=list)
    # how the target is given (the real-plan kinds): "level", "growth" (年均增长X%), "yoy" (增长X% on
    # the year before), "relative" (翻一番: value = the multiple), "per_unit" (每个市州不少于2个),
    # "all" (全覆盖: 100%)
    aim: str = "level"
    growth_from: int | None = None  # growth: the base year (the year before the period, or as given)
    per: str = ""  # per_unit: of what (市州, 村)
    forecast: bool = False  # 预计/可达: a forecast the plan reports, not a goal it sets
    raw: str = ""  # the number as matched, and where it starts in the normalized sentence
    at: int = -1


# ── cleaning with an offset map ────────────────────────────────────────────────────────
def _load_t2s() -> dict[str, str]:
    table = (Path(__file__).with_name("t2s.txt")).read_text(encoding="utf-8")
    return {pair[0]: pair[1] for line in table.splitlines() if not line.startswith("#") for pair in line.split()}


T2S = _load_t2s()
# A reading a converter inserted after a character: 網(wǎng)絡(luò), 萬(wàn)億元 (mirror pages of plans)
PINYIN_AFTER_HAN = re.compile(r"(?<=[\u4e00-\u9fff])\([a-züāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ]{1,7}\)")


def clean(text: str) -> tuple[str, list[int]]:
    """Normalize the text: full-width to ASCII, traditional characters to simplified ones (the
    output keeps the original sentence), readings inserted after characters dropped, spaces and
    page numbers inside numbers and words dropped; return it with, for every character, its
    offset in the original."""
    readings = {i for m in PINYIN_AFTER_HAN.finditer(text) for i in range(m.start(), m.end())}
    chars: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if i in readings:
            continue
        for out in unicodedata.normalize("NFKC", T2S.get(ch, ch)):
            chars.append((out, i))
    # spaces and line breaks inside numbers: "6. 88 亿" -> "6.88亿"
    kept: list[tuple[str, int]] = []
    for n, (ch, i) in enumerate(chars):
        if ch.isspace() and kept:
            prev = kept[-1][0]
            nxt = next((c for c, _ in chars[n + 1:] if not c.isspace()), "")
            if (prev.isdigit() or prev == ".") and (nxt.isdigit() or nxt == "." or nxt in "万亿千百%"):
                continue
            if ("\u4e00" <= prev <= "\u9fff" and nxt.isdigit()) or (prev.isdigit() and "\u4e00" <= nxt <= "\u9fff"):
                continue  # 达到 12万亿元, 到 2020年: a space a page put between words and numbers
        kept.append((ch, i))
    # page numbers stuck inside words: "第三2方", "发展4的", "区7域"
    s = "".join(c for c, _ in kept)
    drop: set[int] = set()
    for m in re.finditer(r"(?<=[\u4e00-\u9fff])\d{1,3}(?=[\u4e00-\u9fff])", s):
        after = s[m.end()]
        if after not in PAGE_NUMBER_OK_AFTER:
            drop.update(range(m.start(), m.end()))
    kept = [kc for n, kc in enumerate(kept) if n not in drop]
    text, at = "".join(c for c, _ in kept), [i for _, i in kept]
    for rewrite in (_thousands, _cn_digit_strings, _cn_decimals, _percent_in_words, _bare_magnitudes,
                    _trillions, _growth_as_taiwan_writes_it, _cn_amounts, _cn_counts, _tenths_as_percent,
                    _fractions_as_percent):
        text, at = rewrite(text, at)
    return text, at


# As Hong Kong, Taiwan and Macau papers print figures: 1,200萬人 (thousands separators), 2.1兆元
# (兆 = 万亿 before a currency or a weight), 成長12% (增长), and numerals in words: 二五〇〇億元,
# 十二點八萬億元, 百分之五點五 (a list of numbers is written with 、, so a comma between digits groups them)
THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
TRILLION = re.compile(r"(?<=\d)兆(?=元|斤|美元|人民币|台币|日元|韩元|港元)")
GROWTH_TW = re.compile(r"成长(?=\s*(?:约|近|超过|超|逾|了)?\s*\d)")
CN_DIGIT_STRING = re.compile(r"[零一二三四五六七八九]*〇[〇零一二三四五六七八九]*")
CN_DECIMAL = re.compile(r"([一二两三四五六七八九十百千]+|[〇零一二三四五六七八九]+)[点.]([〇零一二三四五六七八九]+)"
                        r"(?=万亿|亿|万|千|%|元|左右|个|倍|兆|以上|以内)")
PERCENT_WORDS = re.compile(r"百分之(\d+(?:\.\d+)?|[一二两三四五六七八九十百]+)")


def _thousands(s: str, index: list[int]) -> tuple[str, list[int]]:
    return _rewritten(s, index, THOUSANDS, lambda m: ("", m.end()))


def _trillions(s: str, index: list[int]) -> tuple[str, list[int]]:
    return _rewritten(s, index, TRILLION, lambda m: ("万亿", m.end()))


def _growth_as_taiwan_writes_it(s: str, index: list[int]) -> tuple[str, list[int]]:
    return _rewritten(s, index, GROWTH_TW, lambda m: ("增长", m.end()))


def _cn_digit_strings(s: str, index: list[int]) -> tuple[str, list[int]]:
    """二〇二二 -> 2022, 二五〇〇 -> 2500: numerals written digit by digit (with a 〇 among them)."""
    return _rewritten(s, index, CN_DIGIT_STRING,
                      lambda m: ("".join(DIGIT_OF[ch] for ch in m.group()), m.end()) if len(m.group()) > 1 else None)


def _cn_decimals(s: str, index: list[int]) -> tuple[str, list[int]]:
    """十二点八 -> 12.8, 五点五 -> 5.5, 一.一五 -> 1.15 (before a magnitude, a unit or a bound)."""
    def written(m: re.Match) -> tuple[str, int] | None:
        whole = m.group(1)
        value = _cn_value(whole) if not set(whole) <= set(DIGIT_OF) else int("".join(DIGIT_OF[ch] for ch in whole))
        if value is None:
            return None
        return f"{value}.{''.join(DIGIT_OF[ch] for ch in m.group(2))}", m.end()
    return _rewritten(s, index, CN_DECIMAL, written)


def _percent_in_words(s: str, index: list[int]) -> tuple[str, list[int]]:
    """百分之四 -> 4%, 百分之5.5 -> 5.5%."""
    def written(m: re.Match) -> tuple[str, int] | None:
        number = m.group(1) if m.group(1)[0].isdigit() else _cn_value(m.group(1))
        return None if number is None else (f"{number}%", m.end())
    return _rewritten(s, index, PERCENT_WORDS, written)


# 一千亿美元, 五千万元, 两万家: an amount in Chinese numerals with its magnitude (数十亿, 几千万 are no amount)
# (a numeral opens with its digit: 百亿元以上产业集群, 千万平米 are classes, not amounts)
CN_AMOUNT = re.compile(r"(?<![数几十百千])([一二两三四五六七八九][一二两三四五六七八九十百千]*(?:万[一二两三四五六七八九十百千]+(?=亿))?)(万亿|亿|万)"
                       r"(?=[元美人户家个件吨次平立公台辆列艘]|$)")
CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_PLACES = {"十": 10, "百": 100, "千": 1000}
DIGIT_OF = {**{ch: str(n) for ch, n in CN_DIGITS.items()}, "〇": "0", "零": "0"}  # 二〇二二: digit by digit


def _cn_value(numeral: str) -> int | None:
    """一千 -> 1000, 三百五十 -> 350, 十五 -> 15, 一万一千 -> 11000 (of 一万一千亿); None for what is
    not a number (千千)."""
    if "万" in numeral:
        high, low = numeral.split("万", 1)
        tens, units = _cn_value(high), _cn_value(low)
        return None if tens is None or units is None else tens * 10_000 + units
    total, digit, last_place = 0, None, 10_000
    for ch in numeral:
        if ch in CN_DIGITS:
            if digit is not None:
                return None
            digit = CN_DIGITS[ch]
        else:
            if CN_PLACES[ch] >= last_place:  # 千千, 十百: not a number
                return None
            total += (1 if digit is None else digit) * CN_PLACES[ch]
            digit, last_place = None, CN_PLACES[ch]
    return total + (digit or 0) if total or digit else None


def _cn_amounts(s: str, index: list[int]) -> tuple[str, list[int]]:
    def written(m: re.Match) -> tuple[str, int] | None:
        value = _cn_value(m.group(1))
        return None if value is None else (str(value), m.start(2))  # the magnitude stays as written
    return _rewritten(s, index, CN_AMOUNT, written)


# 至少有一个, 不少于两家: a small count in words after a bound (一个平台 elsewhere names a thing)
CN_COUNT = re.compile(r"(?:(?<=至少)|(?<=不少于)|(?<=至少有)|(?<=要有)|(?<=均有)|(?<=都有)|(?<=至少建)|(?<=至少建成)|(?<=至少建设))"
                      r"([一两二三四五六七八九十])(?=[个家所名条座处])"
                      r"|(?<=[造建设育有成])([一两二三四五六七八九十])(?=[个家所名条座处]以上)")


def _cn_counts(s: str, index: list[int]) -> tuple[str, list[int]]:
    return _rewritten(s, index, CN_COUNT, lambda m: (str(CJK_DIGIT.get(m.group(1) or m.group(2), 2)), m.end()))


# 九成以上, 七成左右: tenths as the percent they are
TENTHS = re.compile(r"([一二两三四五六七八九])成(?=以上|左右|以下|多)")


def _tenths_as_percent(s: str, index: list[int]) -> tuple[str, list[int]]:
    return _rewritten(s, index, TENTHS, lambda m: (f"{CJK_DIGIT.get(m.group(1), 2) * 10}%", m.end()))


# 超万亿元, 投资千亿元, 超千亿件: a magnitude without a digit, after a word that bounds or states an amount
BARE_MAGNITUDE = re.compile(r"(?:(?<=超过)|(?<=[超达破逾资成近约至到]))(万亿|千亿|百亿)(?=[元件美人户家吨次]|的目标|[,，。;；]|$)")
MAGNITUDE_DIGITS = {"万亿": "1万亿", "千亿": "1000亿", "百亿": "100亿"}


def _bare_magnitudes(s: str, index: list[int]) -> tuple[str, list[int]]:
    """Each bare magnitude written with its digits (万亿 -> 1万亿, 千亿 -> 1000亿)."""
    return _rewritten(s, index, BARE_MAGNITUDE, lambda m: (MAGNITUDE_DIGITS[m.group(1)], m.end()))


FRACTION = re.compile(r"(?<![\d./])(\d{1,2})/(\d{1,2})(?![\d/])|([一二三四五六七八九十])分之([一二三四五六七八九])")
CJK_DIGIT = {ch: n for n, ch in enumerate("一二三四五六七八九十", start=1)}


def _fractions_as_percent(s: str, index: list[int]) -> tuple[str, list[int]]:
    """A share written as a fraction (比重超过1/4, 三分之一) as the percent it is (25%); dates (10/26)
    and ratios are left alone."""
    def written(m: re.Match) -> tuple[str, int] | None:
        if m.group(1):
            top, bottom = int(m.group(1)), int(m.group(2))
        else:
            bottom, top = CJK_DIGIT[m.group(3)], CJK_DIGIT[m.group(4)]
        if not (0 < top < bottom <= 10) or not re.search(r"(比重|比例|份额|占|率)[^,，;；。]{0,8}$", s[max(0, m.start() - 12):m.start()]):
            return None
        return f"{top / bottom * 100:.4g}%", m.end()
    return _rewritten(s, index, FRACTION, written)


def _rewritten(s: str, index: list[int], pattern: re.Pattern,
               written: Callable[[re.Match], tuple[str, int] | None]) -> tuple[str, list[int]]:
    """``s`` with each match of ``pattern`` from its start up to the end ``written`` gives replaced by
    the text it gives (None: left as it is); every new character at the match's offset in ``index``,
    which maps each character of ``s`` to the original text's."""
    out, at, pos = [], [], 0
    for m in pattern.finditer(s):
        new = written(m)
        if new is None:
            continue
        text, end = new
        out.append(s[pos:m.start()])
        at.extend(index[pos:m.start()])
        out.append(text)
        at.extend([index[m.start()]] * len(text))
        pos = end
    out.append(s[pos:])
    at.extend(index[pos:])
    return "".join(out), at


def plan_end_year(text: str) -> int | None:
    """The plan's last year: from its title (十一五, 2013-2015年) or 规划期为…至…年."""
    title = text[:60]
    for name, year in FIVE_YEAR.items():
        if name in title:
            return year
    m = PERIOD.search(title) or re.search(r"规划期为(\d{4})\s*(?:-|至|到)\s*(\d{4})年", text)
    return int(m.group(2)) if m else None


def target_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    annex = text.find("附件")
    end_of_body = annex if annex > 0 else len(text)
    for m in SECTION_TARGET.finditer(text):
        nxt = [t.start() for t in SECTION_TOP.finditer(text, m.end() + 1)]
        spans.append((m.start(), min(nxt[0] if nxt else len(text), end_of_body)))
    return spans


def _tense_parts(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A sentence whose clauses change tense (…已达7810亿元，预计2026年将突破1万亿元; 贵州…要…增长30%以上；
    云南在去年…增长16.8%的情况下，提出今年力争增长15%以上): parts cut at the clause where the tense
    changes, each read in its own."""
    out = []
    for a, b in spans:
        out.extend(_cut_at_tense(text, a, b))
    return out


def _cut_at_tense(text: str, a: int, b: int) -> list[tuple[int, int]]:
    sent = text[a:b]
    past = PAST_CUES.search(sent)
    if not past:
        return [(a, b)]
    # before the report: a clause group that aims (贵州…要…；云南在去年…)
    before = max(sent.rfind(ch, 0, past.start()) for ch in ";；")
    # 今年年初我们提出计划要新建…9个…，截止到目前已经建成15个: an aim, then how it went (a comparison
    # with last year, 比上年, is a forecast's own and cuts nothing)
    if before <= 0 and not re.search(r"上年|去年", past.group()):
        comma = max(sent.rfind(ch, 0, past.start()) for ch in ",，")
        if comma > 0 and FUTURE_CUES.search(sent[:comma]) and re.search(r"\d", sent[:comma]) \
                and not PAST_CUES.search(sent[:comma]):
            before = comma
    if before > 0 and FUTURE_CUES.search(sent[:before]):
        return [(a, a + before + 1)] + _cut_at_tense(text, a + before + 1, b)
    cut = None
    for anchor in (INTENT_THEN_YEAR, TARGET_YEAR_RE, FUTURE_CUES):
        later = anchor.search(sent, past.end())
        if later:
            comma = max(sent.rfind(ch, past.end(), later.start()) for ch in ",，;；")
            boundary = comma + 1 if comma > past.end() else None
            if boundary is None and past.group().endswith("以来"):
                boundary = later.start()  # 今年以来…增长态势预计全年…: the forecast needs no comma
            if boundary is not None and (cut is None or boundary < cut):
                cut = boundary
    if cut:
        return [(a, a + cut)] + _cut_at_tense(text, a + cut, b)
    return [(a, b)]


def sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in re.finditer(r"[。!?！？\n]", text):
        if m.end() - start > 1:
            out.append((start, m.end()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


# ── indicator phrases and mapping ──────────────────────────────────────────────────────
def _strip_phrase(p: str) -> str:
    p = re.sub(r"[“”\"'()（）]", "", p)
    for _ in range(3):
        p = LEADING_NOISE.sub("", p)
        p = TRAILING_NOISE.sub("", p)
    return p.strip(" ,，、:：")


def _norm(s: str) -> str:
    return re.sub(r"[的\s,，、()（）“”]", "", s)


def _base_unit(unit: str | None) -> str | None:
    if not unit:
        return None
    try:
        return split_unit(unit.replace("名", "人"))[1]
    except NumberError:
        return None


def map_indicator(phrase: str, catalog: Catalog | None, unit: str | None = None) -> tuple[str, bool, float]:
    """(indicator id, is new, similarity) for a phrase; an indicator in another kind of unit
    (a % phrase against an 亿元 indicator) never matches."""
    best, best_id = 0.0, ""
    base = _base_unit(unit)
    if catalog is not None:
        p = _norm(phrase)
        for ind in catalog.indicators.values():
            if base and ind.kind != "boolean" and _base_unit(ind.unit) not in (None, base):
                continue
            name = _norm(ind.name_zh)
            score = difflib.SequenceMatcher(None, p, name).ratio()
            if name and (name in p or (len(p) >= 4 and p in name)):
                score = max(score, 0.85)
            if score > best:
                best, best_id = score, ind.id
    if best >= 0.66:
        return best_id, False, best
    words = [en for zh, en in KEYWORDS if zh in phrase]
    slug = "_".join(dict.fromkeys(words))[:40] or "indicator"
    return f"new_{slug}", True, best


# ── the extractor ──────────────────────────────────────────────────────────────────────
def _values(m: re.Match) -> tuple[float, float | None]:
    return float(m.group("low")), (float(m.group("high")) if m.group("high") else None)


def plan_period(text: str) -> tuple[int, int] | None:
    """The plan's years from its title (the first line): （2016—2020年）, 2013-2015年, or a five-year
    plan's name."""
    title = text.lstrip().split("\n", 1)[0][:80]
    m = PERIOD.search(title)
    if m:
        return int(m.group(1)), int(m.group(2))
    for name, year in FIVE_YEAR.items():
        if name in title:
            return year - 4, year
    return None


def extract(text: str, catalog: Catalog | None = None, plan_id: str = "", region: str = "",
            period: tuple[int, int] | None = None) -> list[Candidate]:
    """Candidates in ``text``; ``period``: the plan's first and last years (`--period`), else read
    from its title. A target with no year of its own takes the year that opens its paragraph,
    else the period's end, flagged."""
    s, index = clean(text)
    annex = s.find("附件")
    if annex > len(s) // 2:  # an annex of project tables: project figures, not the plan's targets
        s, index = s[:annex], index[:annex]
    period = period or plan_period(s)
    end_year = period[1] if period else plan_end_year(s)
    spans = target_spans(s)
    out: list[Candidate] = []
    prev_mode: tuple[str, int | None] | None = None
    paragraph_year: int | None = None  # 到2015年，…；…: the year a paragraph opens with
    carry_year, carry_left = None, 0
    bools_seen: set[str] = set()
    part_end, carried = -1, ""
    for a, b in _tense_parts(s, sentences(s)):
        sent = s[a:b]
        if a == 0 or s[a - 1] == "\n":
            paragraph_year = None
        in_span = any(x <= a < y for x, y in spans)
        ty = target_year_of(sent, period)
        past = PAST_CUES.search(sent)
        if past and FORECAST_OPENS.match(sent) and past.start() > _last_figure_end(sent):
            past = None  # 预计2021年…超2.3万亿元，…已成为主引擎: the forecast's tense is its own
        if past and past.group() in ("比上年", "较上年", "比去年", "较去年") and re.search(r"预计|预测|有望",
                                                                             sent[:past.start()]):
            past = None  # 预计比上年增长10%, 预计全年…要比去年增长30%: a forecast's comparison
        reports = bool(past) or bool(ty and _reads_as_report(sent))
        own_years = [int(y.group(1)) for y in YEAR_ANY.finditer(sent) if not _base_year_at(sent, y.start())]
        context_flag = ""
        if ty and not reports:
            mode: tuple[str, int | None] = ("target", ty)
            paragraph_year = ty
        elif in_span and not reports:
            aim = _span_year(s, spans, a) or end_year
            # "2015年全市…为1200亿元" inside a 目标 section is the starting point, not a target
            mode = ("actual", None) if own_years and aim and max(own_years) < aim else ("target", aim)
        elif sent.lstrip(" ,").startswith(("其中", "同时", "此外")) and prev_mode and prev_mode[0] == "target":
            mode = prev_mode
            context_flag = "year from context"
        elif not reports and not own_years and paragraph_year:  # 到2015年，…。…。: the paragraph's year
            mode, context_flag = ("target", paragraph_year), "year from context"
        elif not reports and not own_years and period and (FUTURE_CUES.search(sent) or THIS_YEAR.search(sent)
                                                         or ((VERB_THEN_COUNT.search(sent) or BUDGETED.search(sent)) and not PRECISE.search(sent))
                                                         or ROUGH_AIM.search(sent)) \
                and not any(not _base_year_at(sent, y.start()) for y in ANY_DIGIT_YEAR.finditer(sent)):
            mode, context_flag = ("target", _this_year(sent, period) or end_year), "target year from the plan period"
        else:
            mode = ("actual", None)
        prev_mode = mode
        if mode[0] == "actual":
            ya = [y for y in YEAR_ANY.finditer(sent) if not PERIOD.search(sent[max(0, y.start() - 6):y.end()])]
            if ya:
                carry_year, carry_left = int(ya[0].group(1)), 2
            elif carry_left:
                carry_left -= 1
            else:
                carry_year = None
        found = _numbers_in(sent, a, index, text, mode, end_year, catalog, carry_year,
                            ya if mode[0] == "actual" else [], subject=carried if a == part_end else "")
        if mode[0] == "target":
            found += _whole_targets(sent, a, index, text, mode[1], catalog, period)
            for c in found:
                _set_aim(c, sent, period, catalog)
                if context_flag and c.kind == "target":
                    c.flags.append(context_flag)
            found = [part for c in found for part in _one_per_subject(c, catalog)]
        out.extend(found)
        # a sentence cut where its tense changes: its second part is about what the first was
        part_end, carried = b, (found[-1].phrase if found and s[b - 1:b] in ",，;；" else "")
        if mode[0] == "target" or (end_year and any(v in sent for v in ("创建",))):
            for m in BOOL_AIM.finditer(sent):
                name = (m.group(2) or "") + m.group(3)
                if name in bools_seen:
                    continue
                bools_seen.add(name)
                ind, new, score = map_indicator(m.group(1) + name, catalog)
                out.append(Candidate("target", m.group(1) + name, ind, new, "bool",
                                     mode[1] or end_year, 1.0, "是/否", sentence=_orig_sentence(text, index, a, b),
                                     offset=index[a], confidence=round(0.6 + 0.3 * (not new), 2)))
    return _unique_new_ids(out)


NOT_A_YEAR_NUMBER = re.compile(r"(?<!\d)\d+(?:\.\d+)?(?!\d|\s*年|[-—~至到]\d{4})")
RELATIVE = re.compile(r"(?<!近乎)(?<!接近)(?<!基本)(翻一番|翻两番|翻番|翻一翻|增加一倍|增长一倍|翻一倍|增加约一倍|增长1倍|增加1倍|翻倍)")
MULTIPLE_OF = {"翻一番": 2.0, "翻番": 2.0, "翻一翻": 2.0, "翻两番": 4.0, "增加一倍": 2.0, "增长一倍": 2.0, "翻一倍": 2.0,
               "增加约一倍": 2.0, "增长1倍": 2.0, "增加1倍": 2.0, "翻倍": 2.0}
ALL_COVERED = re.compile(r"(?<!三重)(?<!双)(?<!两个)(全部建成|全覆盖|全面覆盖|全部实现|全部达到|"
                         r"覆盖(?:每个|所有|全部)[^\d,，;；。]{1,8}|"
                         # an enumeration: 县县有物流配送中心、乡镇有商贸中心、村村通快递 (each one all)
                         r"(?:县县|乡乡|镇镇|村村|户户|乡镇)(?:有|通)[^\d,，;；、。:：]{1,14})"
                         r"(?![:：]|的|、[^,，;；。]{0,8}的)")  # 全覆盖、多层次的体系: what kind, not a target
ENUMERATED = re.compile(r"(?:县县|乡乡|镇镇|村村|户户|乡镇)(?:有|通)")
# 县有电商服务中心、乡有电商服务站、村有服务点: levels listed one by one, each of them all
LEVELS_LISTED = re.compile(r"(?<![县乡镇村])(?:县|乡|镇|村)有[^\d,，;；、。:：的]{2,12}(?:、(?:乡|镇|村)有[^\d,，;；、。:：的]{2,12})+")
SUBJECT_NOISE = re.compile(r"(都将|均将|将|都|均|要|实现|力争|争取|确保|基本|逐步|主要经济指标|等)+$")


def _whole_targets(sent: str, a: int, index: list[int], text: str, year: int | None,
                   catalog: Catalog | None, period: tuple[int, int] | None = None) -> list[Candidate]:
    """Targets without a number of their own: 翻一番/翻两番 (a multiple of a base year's figure, one
    per subject of a list: "A、B、C等…都将翻一番") and full coverage (全覆盖, 村村通, 全部建成: 100%)."""
    out = []
    sentence = _orig_sentence(text, index, a, a + len(sent))
    for m in RELATIVE.finditer(sent):
        clauses = re.split(r"[,，;；:：]", re.sub(r"(?:比|较)\d{4}年(?:底|末)?$", "", sent[:m.start()]))
        subject = _strip_phrase(SUBJECT_NOISE.sub("", clauses[-1].strip()))
        if len(subject) < 2 and len(clauses) > 1:  # 网络零售额实现500亿元，翻一番: the clause before says of what
            subject = _strip_phrase(re.split(r"\d", clauses[-2])[0])
        subjects = [x for x in re.split(r"[、和及与]", subject.split("等")[0]) if len(x) >= 2] if "、" in subject else [subject]
        base = re.search(r"(?:较|比)(\d{4})年", sent)
        for name in subjects:
            name = _strip_phrase(name)
            if len(name) < 2:
                continue
            ind, new, _ = map_indicator(name, catalog)
            due = _due_year(sent, m.start(), year)  # 到2025年…；到2027年…增加一倍
            approx = "约" in m.group(1) or bool(re.search(r"约$", sent[:m.start()]))
            c = Candidate("target", name, ind, new, "~" if approx else ">=", due, MULTIPLE_OF[m.group(1)], "倍",
                          sentence=sentence, offset=index[a], confidence=0.6, aim="relative")
            if base:
                c.growth_from = int(base.group(1))
            out.append(c)
    for listed in LEVELS_LISTED.finditer(sent):
        softened = "基本" in re.split(r"[,，;；]", sent[:listed.start()])[-1]
        for name in listed.group().split("、"):
            ind, new, _ = map_indicator(name, catalog, "%")
            out.append(Candidate("target", name, ind, new, "~" if softened else ">=",
                                 _due_year(sent, listed.start(), year), 100.0, "%", sentence=sentence,
                                 offset=index[a], confidence=0.5, aim="all",
                                 flags=["full coverage read as 100%" + ("; 基本: about" if softened else "")]))
    for m in ALL_COVERED.finditer(sent):
        clause = re.split(r"[,，;；]", sent[:m.start()])[-1]
        enumerated = ENUMERATED.match(m.group(1))
        near = clause + re.split(r"[,，;；。]", sent[m.end():])[0]
        if not enumerated and any(not re.match(r"[A-Za-z]", near[n.end():n.end() + 1])
                                  for n in NOT_A_YEAR_NUMBER.finditer(near)):
            continue  # 覆盖率100%: the number is there, and read as such
        if enumerated:
            name = _strip_phrase(m.group(1))
        else:
            name = _strip_phrase(SUBJECT_NOISE.sub("", clause.strip()) + (m.group(1) if m.group(1).startswith("覆盖") else ""))
        if len(name) < 2:
            name = _strip_phrase(m.group(1))
        ind, new, _ = map_indicator(name, catalog, "%")
        # 基本实现…: about all, over the clause (over the whole list for an enumeration)
        softened = "基本" in (re.split(r"[;；]", sent[:m.start()])[-1] if enumerated else clause)
        # 今年年底…实现快递进村全覆盖，2024年将…: this clause's own year
        due = _this_year(clause, period) or _due_year(sent, m.start(), year)
        out.append(Candidate("target", name, ind, new, "~" if softened else ">=", due, 100.0, "%", sentence=sentence,
                             offset=index[a], confidence=0.55, aim="all",
                             flags=["full coverage read as 100%" + ("; 基本: about" if softened else "")]))
    return out


GROWTH_BEFORE = re.compile(r"(?:年均|年增|每年)(?:名义|实际)?(?:增长|增速|增幅|递增)?率?(?:不低于|达到|达|保持在?|超过|在|为)?$")
YOY_BEFORE = re.compile(r"(?:同比)?(?:增长|增速|增幅|提高|涨幅|上涨)率?(?:目标)?(?:确定为|定为|控制在)?(?:不低于|达到|达|保持在?|超过|在|为)?$")
YOY_DOWN = re.compile(r"(?:降低|下降|减少)(?:了)?(?:约|近)?$")
PERCENT_CUES_RE = re.compile(r"比重|占比|比例|率$")  # a share's fall to a level (降低到5%) stays a level
GROWTH_AFTER = re.compile(r"^(?:以上|左右)?的?(?:增长|增速|速度增长)")
GROWTH_WORDS = re.compile(r"(?:年均|同比|年增|每年)?(?:增长|增速|增幅|递增|涨幅)?率?(?:目标)?(?:确定为|确定|定为|控制在)?(?:不低于|达到|达|保持在?|超过|为)?$")
PER_UNIT = re.compile(r"每(?:个|一个)?([^\d,，;；、()]{1,10}?)(?:\([^)]{0,8}\))?(?:原则上)?(?:都|均|将|要)*"
                      r"(?:不少于|至少|要有|有|建成?|建设|培训|培育|设立|设置|建立|配备|配置|打造|创建|选择|布局|开办|达到)"
                      r"|([\u4e00-\u9fff]{1,8})各(?:至少|不少于)")


def _set_aim(c: Candidate, sent: str, period: tuple[int, int] | None, catalog: Catalog | None = None) -> None:
    """How a target is given, from the words around its number: growth (年均增长20%), year-on-year
    growth (增长20%), per unit (每个市州不少于2个); and whether it is a forecast (预计, 可达)."""
    if c.kind != "target":
        return
    if c.aim == "level":
        _set_level_aim(c, sent, period)
    _name_what_it_is_of(c, sent, period, catalog)


def _set_level_aim(c: Candidate, sent: str, period: tuple[int, int] | None) -> None:
    at = c.at
    before = sent[:at] if at >= 0 else ""
    after = sent[at + len(c.raw):] if at >= 0 else ""
    clause_before = re.split(r"[,，;；]", before)[-1]
    if c.unit == "%" and (GROWTH_BEFORE.search(clause_before) or
                          (GROWTH_AFTER.match(after) and "年均" in clause_before[-8:])):
        c.aim = "growth"
        if period:
            c.growth_from = period[0] - 1
    elif c.unit == "%" and (YOY_BEFORE.search(clause_before) or GROWTH_AFTER.match(after)):
        c.aim = "yoy"
        c.growth_from = (c.year - 1) if c.year else None
    elif c.unit == "%" and c.value is not None and YOY_DOWN.search(clause_before) and not PERCENT_CUES_RE.search(c.phrase):
        c.aim, c.value = "yoy", -c.value  # 单位国内生产总值能耗降低3%左右: a fall on the year before
        c.growth_from = (c.year - 1) if c.year else None
    per = PER_UNIT.search(clause_before)
    if per and c.aim == "level":
        c.aim, c.per = "per_unit", per.group(1) or per.group(2)
    if c.aim == "level" and c.unit == "%" and c.value == 100 and ("覆盖" in c.phrase or c.phrase.endswith("率")):
        c.aim = "all"
    if any(cue in sent[:at if at >= 0 else len(sent)] for cue in FORECAST_CUES):
        c.forecast = True
        c.flags.append("a forecast (预计/可达), not a goal")
        if c.cmp in (">=",) and not re.search(r"(突破|以上|不低于|不少于|至少)", sent[max(0, at - 4):at] + c.raw + after[:4]):
            c.cmp = "~"


def _name_what_it_is_of(c: Candidate, sent: str, period: tuple[int, int] | None, catalog: Catalog | None) -> None:
    """The indicator of a growth target (电子商务交易额年均增长 -> 电子商务交易额), of a per-unit one
    (每个县不少于2个示范镇 -> 示范镇), and a relative target's base year."""
    after = sent[c.at + len(c.raw):] if c.at >= 0 else ""
    if c.aim == "relative" and c.growth_from is None and period:  # 翻一番 over the plan's years
        c.growth_from = period[0] - 1
        c.flags.append(f"base year {period[0] - 1}, the year before the plan: the text names none")
    if c.aim in ("growth", "yoy"):  # the growth of what: 电子商务交易额年均增长 -> 电子商务交易额
        subject = _strip_phrase(GROWTH_WORDS.sub("", c.phrase))
        if len(subject) >= 2:
            c.phrase = subject
            c.indicator, c.indicator_is_new, _ = map_indicator(subject, catalog)
    elif c.aim == "per_unit" and c.phrase.startswith("每"):  # 每个县不少于2个示范镇: of 示范镇
        noun = _strip_phrase(re.split(r"[,，;；、。]", after)[0])
        if len(noun) >= 2:
            c.phrase = noun
            c.indicator, c.indicator_is_new, _ = map_indicator(noun, catalog, c.unit)


MEASURE_ENDINGS = ("额", "量", "数", "面积", "项目", "收入", "规模", "总值", "产值", "增加值", "人数", "数量")
TWO_SUBJECTS = re.compile(r"^([^\d和与及、,，]{2,12}?)(?:和|与|及|、)([^\d和与及、,，]{2,12})$")


def _one_per_subject(c: Candidate, catalog: Catalog | None) -> list[Candidate]:
    """会展项目和展览总面积年均增长20%: one rate of two measures, one target each (a pair that
    shares its noun, 批发和零售业销售额, stays one)."""
    m = TWO_SUBJECTS.match(re.sub(r"(?:均|都|分别)$", "", c.phrase)) if c.aim in ("growth", "yoy", "relative") else None
    if not m or not all(part.endswith(MEASURE_ENDINGS) for part in m.groups()):
        return [c]
    out = []
    for part in m.groups():
        ind, new, _ = map_indicator(part, catalog)
        out.append(replace(c, phrase=part, indicator=ind, indicator_is_new=new, flags=[*c.flags, "one rate of two measures"]))
    return out


def _unique_new_ids(cands: list[Candidate]) -> list[Candidate]:
    """One proposed id per distinct new phrase: new_platforms, new_platforms_2, …"""
    ids: dict[str, str] = {}
    used: set[str] = set()
    for c in cands:
        if not c.indicator_is_new:
            continue
        if c.phrase not in ids:
            base, n, ident = c.indicator, 1, c.indicator
            while ident in used:
                n += 1
                ident = f"{base}_{n}"
            used.add(ident)
            ids[c.phrase] = ident
        c.indicator = ids[c.phrase]
    return cands


def _span_year(s: str, spans: list[tuple[int, int]], pos: int) -> int | None:
    for x, y in spans:
        if x <= pos < y:
            years = [int(m.group(1)) for m in YEAR_TARGET.finditer(s[x:pos])]
            return years[-1] if years else None
    return None


def _orig_sentence(text: str, index: list[int], a: int, b: int) -> str:
    start = index[a]
    end = index[b - 1] + 1 if b - 1 < len(index) else len(text)
    return text[start:end].strip()


def _numbers_in(sent: str, a: int, index: list[int], text: str, mode, end_year, catalog, carry_year, years,
                subject: str = ""):
    """The figures of a sentence; ``subject``: what the part of the sentence before it was about."""
    results: list[Candidate] = []
    clauses = [(m.start(), m.end()) for m in re.finditer(r"[^,，;；]+", sent)]
    for ca, cb in clauses:
        clause = sent[ca:cb]
        pos = 0
        while True:
            m = NUMBER.search(clause, pos)
            if not m:
                break
            pos = m.end() if m.end() > m.start() else m.start() + 1
            if not m.group("low"):
                continue
            found = _candidate(m, clause, sent, ca, a, index, text, mode, end_year, catalog, subject, years, carry_year)
            if found is None:
                continue
            cand, consumed = found
            pos = max(pos, consumed)
            for c in cand:
                results.append(c)
                if not c.phrase.startswith(("占", "年均", "同比", "增长", "增速")) and not re.search(
                        r"(占|年均增长|同比增长)", c.phrase):
                    subject = c.phrase
            # a number inside the phrase of a count target ("10家交易额超过5亿元的平台") is a descriptor
            if cand and cand[0].kind == "target" and cand[0].unit in ("家", "个", "名", "人") and cand[0].phrase:
                found_at = clause.find(cand[0].phrase, m.end())
                if found_at >= 0:
                    pos = max(pos, found_at + len(cand[0].phrase))
    return results


def _candidate(m, clause, sent, ca, a, index, text, mode, end_year, catalog, subject, years, carry_year):
    low, high = _values(m)
    start = m.start("low")
    before = clause[:m.start()]
    # a year, a date, a range of years, a section number, or a model number is not a figure
    tail = clause[m.end("low"):m.end("low") + 1]
    if tail in ("年", "月", "日", "号", "届", "期") and not m.group("unit"):
        return None
    if re.match(r"\d{4}$", m.group("low")) and clause[m.end("low"):m.end("low") + 1] in ("-", "至", "年"):
        return None
    dated = clause[m.end():m.end() + 1] in ("年", "月", "日") and not (m.group("unit") and m.group("post"))
    if dated or clause[m.end():m.end() + 1] in ("G", "M", "强", ".", "级", "+", "＋") \
            or clause[start - 1:start] in ("第", "前", "G", "+", "＋"):
        return None  # 500亿元级商圈: a class; “1个展会+N个项目”: a model's name
    if re.match(r"[^,，;；。]{0,6}[+＋]", clause[m.end():]):
        return None
    unit = m.group("unit")
    if unit == "倍":
        return None
    change = POINTS_CHANGE.search(before)
    if mode[0] == "target" and change and re.match(r"个?百分点", clause[m.end("low"):]):
        return _points_change(m, clause, sent, ca, a, index, text, mode, catalog, change, subject)
    if mode[0] == "target" and change and m.group("unit") == "%" and not m.group("mag"):
        # 较2023年增长50%; 与2017年相比，…增长30%; 累计增长20% (over the plan's start): a multiple
        compared = COMPARED_WITH.search(sent[:ca + m.start()])
        if change.group(1) or compared or before[:change.start()].endswith("累计"):
            return _points_change(m, clause, sent, ca, a, index, text, mode, catalog, change, subject, "%",
                                  base=int(compared.group(1)) if compared else None)
    if mode[0] == "target" and _starting_point(clause, m):
        return None  # 由2013年的18%下降到16%: the 18% is where it starts, not the target
    if m.group("post") in ("以上", "以下") and unit not in COUNT_UNITS and _describes_what_follows(clause, m):
        return None  # 5000万元以上项目资金3000亿元: a kind of project, not a target (10个以上园区 is one)
    if re.match(r"[\u4e00-\u9fff]{1,4}(?:以上|以下)的?[\u4e00-\u9fff]", clause[m.end():]) and \
            _describes_what_follows(clause, m):
        return None  # 1000个摊位以上的大型展览数量增长15%: what kind of fair, not a target
    if unit in COUNT_UNITS and re.match(r"[\u4e00-\u9fff]{2,16}(?:达到|达|为|超过|突破)\d+(?:\.\d+)?(?:万亿|亿|万|千)?"
                                        r"(?:吨|元|美元|件|人次|平方米|公里)(?!的)", clause[m.end():]):
        return None  # 9种主要再生资源循环利用量达到4.5亿吨: the count names what the measure is of
    if unit_is_amount(m) and re.match(r"的(?:[\u4e00-\u9fff]{1,10})?\d", clause[m.end():]):
        return None  # 零售额过100亿元的商圈15个: what kind of 商圈; the count is the target
    if re.match(r"口?及?以上的[\u4e00-\u9fff]", clause[m.end():]) and NUMBER_WITH_UNIT.search(before):
        return None  # 覆盖99%的20万人口及以上的城市: which cities the share is of
    if re.match(r"[^,，;；\d]{0,10}所在的", clause[m.end():]):
        return None  # 2277个贫困村所在的14个市: which cities, not a target
    if re.match(r"[\u4e00-\u9fff]{1,4}每", clause[m.end():]):
        return None  # 14个市每市至少有1个: how many units the norm is for
    if mode[0] == "target" and re.search(r"(?:补助|补贴|奖励|奖补|贴息|资助|予以)(?:资金)?(?:最高)?(?:不超过)?$", before):
        return None  # 可得省级财政补助2万元: what a project is given, not what the plan aims at
    if clause[:m.start()].count("《") > clause[:m.start()].count("》"):
        return None  # 《国务院关于同意在廊坊等33个城市…的批复》: a title's number
    if clause[:m.start()].count("(") > clause[:m.start()].count(")") and ")" in clause[m.end():] \
            and not re.search(r"\((?:即|包括)[^()]*$", clause[:m.start()]):
        return None  # 每个行政村(500人以上): a remark in brackets, not a target
    if re.search(r"(多个|一批|若干|一些)[^,，;；]*$", before) and re.match(r"[^,，;；。]{0,20}的[\u4e00-\u9fff]", clause[m.end():]):
        return None  # 形成多个年业务量超过200亿件的企业: what kind of firm, not a target
    if re.match(r"(?:多)?(?:项|个|方面)?(?:(?:主要)?(?:指标|目标)|任务|方面|[\u4e00-\u9fff]{0,2}(?:举措|措施)|专栏|章|部分|重点(?:发展)?(?:任务|工作|领域|方向|行动|工程|产业|举措)?(?![\u4e00-\u9fff])|百分点)",
                clause[m.end("low"):]):
        return None  # 12项指标, 5方面目标: how the plan is organised; 下降2个百分点: a change, not a level
    mag = m.group("mag") or ""
    pre, post, infix = m.group("pre") or "", m.group("post") or "", m.group("infix") or ""
    if not pre:  # a qualifier a few characters before the number ("比重约85", "达到中小企业总数的30")
        q = re.search(r"(分别超过|分别达到|分别|超过|达到|不低于|不超过|控制在|约|近|突破|超|达)(?![亿万千百\d])[^\d]{0,12}$",
                      before)
        if q and not re.search(r"(超过|超|达到|达)[亿万千百\d]", before[q.start():]):
            pre = q.group(1)
    shared = pre.startswith("分别") or bool(re.search(r"分别[^\d]{0,4}$", before))
    pre = pre[2:] if pre.startswith("分别") else pre
    unit_text = mag + (unit or "")
    flags: list[str] = []
    kind, year = mode
    if kind == "target":  # 到2027年，…；到2030年，…: each figure is due by the last year named before it
        if not _years_named(sent[:ca + m.start()]) and year is not None and _year_named_later(sent, ca, year):
            return None  # …每年周转量达70万吨，预计到2030年…: a figure before the target's year is today's
        year = _due_year(sent, ca + m.start(), year)
    # the indicator phrase: before the number, or after it for "培育80家示范企业"
    phrase = _strip_phrase(before)
    after = clause[m.end():]
    if unit in ("家", "个", "名", "人", "万名") or (unit and unit.endswith(("名", "个", "家"))):
        # "打造10个左右…，…的行业垂直类电子商务平台": the noun may come after commas, behind a 的
        rest = sent[ca + m.end():]
        if not _strip_phrase(after).endswith(NOUN_ENDINGS) and "的" in rest[:80]:
            after = rest[:rest.find("。") if "。" in rest else 80]
        after = re.split(r"(?:、|和|及|与)(?=[\u4e00-\u9fff]{0,4}\d)", after)[0]  # 打造10个平台、新增100个专卖店: one each
        after_phrase = _strip_phrase(after.split("的")[-1] if "的" in after else after)
        if re.search(r"\d", phrase):  # 建成100个创业园和1万个服务站: the item before is not this one's name
            phrase = _strip_phrase(re.split(r"[、和及与]", phrase)[-1])
        verbish = any(before.rstrip(" 、").endswith(v) for v in TARGET_VERBS)
        if after_phrase and (verbish or len(phrase) < 2):
            phrase = after_phrase
            if kind == "actual" and verbish and not years and not carry_year and end_year \
                    and not re.search(r"累计|共计|已|目前", sent[:ca + m.start()]) and not PAST_CUES.search(sent):
                # 累计支持…建设2600多个, 据统计，目前…建成75个: a report
                kind, year = "target", end_year
                flags.append("target year from the plan period")
    if phrase.startswith(("占", "年均", "同比", "增长", "增速")) and subject:
        phrase = subject + phrase  # "网络零售额…，占…比重10%", "交易额…，年均增长20%"
    if len(phrase) < 2 and unit == "%":  # (使)80%以上行政村通光纤: what it is a share of comes after
        phrase = _strip_phrase(re.split(r"[,，;；。]", after)[0])
    if len(phrase) < 2:  # 增长14%，即达到近6500亿元: the clause before names it
        phrase = subject or phrase
    if not phrase:  # 交易额翻两番，到2015年突破18万亿元: the clause before names it
        earlier = [x for x in re.split(r"[,，;；]", sent[:ca]) if x.strip()]
        if earlier:
            phrase = _strip_phrase(SUBJECT_NOISE.sub("", re.split(r"翻|\d", earlier[-1])[0]))
    percent_cue = any(c in before or c in phrase for c in PERCENT_CUES)
    if not unit_text and not percent_cue:
        return None  # a bare number with nothing to say what it measures
    if not unit_text:
        flags.append("unit missing — percent?")
    if kind == "actual":
        if years:
            before_years = [y for y in years if y.start() <= ca + m.start()]
            year = int((before_years[-1] if before_years else years[0]).group(1))
        elif carry_year:
            year = carry_year
            flags.append("year from context")
        else:
            return None
    if not phrase or len(phrase) < 2 or phrase in NOT_A_PHRASE or re.fullmatch(r"《[^》]*》", phrase):
        return None
    if not post and clause[m.end():m.end() + 1] == "、":  # 20%、30%、36%以上: the list's last word is for all
        tail = re.match(r"(?:、\d+(?:\.\d+)?%?)+(以上|以下|左右|以内)", clause[m.end():])
        if tail:
            post = tail.group(1)
    if m.group("high") is not None and m.group("rangesep") in ("至", "到", "~", "-", "—", "–"):
        cmp = "range"
    elif post == "左右" or pre == "约" or re.search(r"可达[^\d]{0,2}$", before):
        cmp = "~"
    elif re.search(r"(?:降至|降到|下降到|下降至|降低到|降低至|减少到|减少至)[^\d]{0,6}$", before) or post in ("以下", "以内"):
        cmp = "<="
    elif post and post in CMP_BY_WORD:
        cmp = CMP_BY_WORD[post]
    elif pre in CMP_BY_WORD:
        cmp = CMP_BY_WORD[pre]
    else:
        cmp = ">="
    qualifier = QUALIFIER_OF_FIGURE.get(post) or QUALIFIER_OF_FIGURE.get(infix) or QUALIFIER_OF_FIGURE.get(pre, "")
    unit_out = unit_text or None
    phrases = [phrase]
    values, units = [low], [unit_out]
    consumed = m.end()
    second = LIST_SECOND.match(clause[m.end():])
    if shared and second:
        values.append(float(second.group(2)))
        units.append(second.group(3) or unit_out)
        phrases = _distribute(phrase)
        consumed = m.end() + second.end()
    ind_results = []
    for k, v in enumerate(values):
        ph = phrases[k] if k < len(phrases) else phrase
        unit_out = units[k]
        ind, new, score = map_indicator(ph, catalog, unit_out)
        conf = 0.5 + (0.25 if not new else 0.0) * min(1.0, score) + (0.15 if unit_text else -0.15)
        conf += 0.1 if (kind == "target" and YEAR_TARGET.search(sent)) or (kind == "actual" and years) else 0.0
        is_range = cmp == "range"
        ind_results.append(Candidate(
            kind=kind, phrase=ph, indicator=ind, indicator_is_new=new, cmp=cmp if kind == "target" else None,
            year=year, value=None if is_range else v, unit=unit_out, low=low if is_range else None,
            high=high if is_range else None, qualifier=qualifier if kind == "actual" else "",
            sentence=_orig_sentence(text, index, a, a + len(sent)), offset=index[a],
            confidence=round(max(0.05, min(0.99, conf)), 2), flags=list(flags),
            raw=clause[m.start("low"):m.end()], at=ca + m.start("low")))
    return ind_results, consumed


NUMBER_WITH_UNIT = re.compile(r"\d(?:\.\d+)?\s*(?:%|万|亿|个|家|元|公里)")
COUNT_UNITS = ("个", "家", "名", "人", "项", "所", "座", "批", "种", "条", "件", "套", "户", "场", "台", "辆", "列")


def unit_is_amount(m: re.Match) -> bool:
    """Whether the number is an amount of money (元, 亿元, 美元): what describes a kind of thing."""
    return bool(m.group("unit")) and m.group("unit").endswith("元")


def _years_named(text: str) -> list[int]:
    """The target years the text names, in order: 到2025年, 2026年…计划."""
    found = [(y.start(), int(y.group(1) or y.group(2))) for y in TARGET_YEAR_RE.finditer(text)
             if int(y.group(1) or y.group(2)) >= 1990]
    found += [(y.start(), int(y.group(1))) for y in YEAR_WITH_INTENT.finditer(text) if not _base_year_at(text, y.start())]
    return [year for _, year in sorted(found)]


YEAR_WITH_INTENT = re.compile(r"(\d{4})\s*年[,，]?[^,，。;；\d]{0,12}?(?:计划|将|力争|预计|要|有望|可望)")


def _due_year(sent: str, pos: int, year: int | None) -> int | None:
    """The year a figure at ``pos`` is due: the last 到YYYY年 named before it (到2025年…；到2027年…),
    when the sentence's target year is one of those named."""
    named = _years_named(sent[:pos])
    if named and year in named:
        return named[-1]
    # 2013年规模有望突破3.1万亿元，到2016年…: a year with intent in the figure's own clause
    clause_start = max(sent.rfind(ch, 0, pos) for ch in ",，;；") + 1
    own = _years_named(sent[clause_start:pos])
    return own[-1] if own else year


def _year_named_later(sent: str, ca: int, year: int) -> bool:
    """Whether the sentence names its target year (到2030年) only in a clause after this one."""
    later = [y for y in TARGET_YEAR_RE.finditer(sent) if int(y.group(1) or y.group(2)) == year]
    return bool(later) and all(y.start() >= ca for y in later) and not FUTURE_CUES.search(sent[:ca])


POINTS_CHANGE = re.compile(r"(?:(?:比|较)\s*(\d{4})\s*年(?:底|末)?[^,，;；\d]{0,6}?)?(提高|增长|增加|上升|提升|扩大|下降|降低|减少|缩小)"
                           r"(?:了)?(?:约|近)?$")
POINTS_DOWN = ("下降", "降低", "减少", "缩小")
COMPARED_WITH = re.compile(r"与\s*(\d{4})\s*年(?:底|末)?(?:相比|比)")


def _points_change(m, clause, sent, ca, a, index, text, mode, catalog, change, subject, unit="个百分点",
                  base: int | None = None):
    """比2020年提高3个百分点: a change of a share against a base year, in percentage points (signed);
    a level target once a person adds the base year's figure (extract/output.py). With ``unit`` "%"
    (较2023年增长50%): a change in percent, a multiple (1.5) of the base year's figure."""
    phrase = _strip_phrase(re.sub(r"分别$", "", clause[:m.start()][:change.start()])) or subject
    if len(phrase) < 2:
        return None
    value = float(m.group("low")) * (-1 if change.group(2) in POINTS_DOWN else 1)
    after = clause[m.end("low"):]
    post = re.match(r"个?百分点(以上|左右|以内)?", after) if unit != "%" else re.match(r"%(以上|左右|以内)?", after)
    cmp = {"左右": "~", "以内": "<="}.get(post.group(1) if post else "", ">=" if value > 0 else "<=")
    if re.search(r"约[^\d]{0,2}$", clause[:m.start("low")]):
        cmp = "~"
    ind, new, _ = map_indicator(phrase, catalog, None if unit == "%" else "%")
    base = int(change.group(1)) if change.group(1) else base
    if re.search(r"约|近", clause[:m.start("low")][-3:]) or (post and post.group(1) == "左右"):
        cmp = "~"
    c = Candidate("target", phrase, ind, new, cmp, _due_year(sent, ca + m.start(), mode[1]), value, unit,
                  sentence=_orig_sentence(
        text, index, a, a + len(sent)), offset=index[a], confidence=0.55 if base else 0.45, aim="relative",
        growth_from=base, raw=clause[m.start("low"):m.end("low")], at=ca + m.start("low"),
        flags=[f"a change of {value:+g} {'percent' if unit == '%' else 'percentage points'} against "
               f"{base or 'a base year the text does not name'}"])
    out, consumed = [c], m.end("low") + (post.end() if post else 0)
    for more in re.finditer(r"、(\d+(?:\.\d+)?)(?:%|个?百分点)?(左右)?", clause[consumed:]):  # 分别降低13.5%、16%
        if more.start() != 0:
            break
        v = float(more.group(1)) * (-1 if value < 0 else 1)
        out.append(replace(c, value=v, at=ca + consumed + 1, raw=more.group(1),
                           cmp="~" if more.group(2) or cmp == "~" else cmp))
        consumed += more.end()
    return out, consumed


CHANGE_TO = re.compile(r"(?:提高|增长|增加|上升|下降|降低|减少|扩大|增至|升至|降至)(?:到|至|为)?")


def _starting_point(clause: str, m: re.Match) -> bool:
    """Whether the number is where a change starts: 由(2013年的|现在的)X…提高到Y, 较2019年的X."""
    before, after = clause[:m.start()], clause[m.end():]
    if re.search(r"(?:较|比)\d{4}年[^,，;；\d]{0,8}?的?$", before):
        return True
    opened = max(before.rfind("由"), before.rfind("从"))
    return opened >= 0 and not re.search(r"[到至]", before[opened:]) and bool(CHANGE_TO.search(after))


def _describes_what_follows(clause: str, m: re.Match) -> bool:
    """"5000万元以上项目…3000亿元": a bound followed by a noun and, later in the clause, the number
    that is the target."""
    after = re.sub(r"\([^)]*\d[^)]*\)", "", clause[m.end():])  # 自然村(集中居住达20户以上)通光纤: a remark
    if not after or not ("\u4e00" <= after[0] <= "\u9fff"):
        return False
    later = NUMBER.search(after)
    while later and not later.group("low"):
        later = NUMBER.search(after, later.end() + 1)
    return bool(later and (later.group("unit") or later.group("mag")))


def _distribute(phrase: str) -> list[str]:
    """'网上采购与销售额占采购和销售总额的比重' -> the first and the second of each pair."""
    first, second = phrase, phrase
    for m in re.finditer(r"([^\W\d_占的为达和与及]{2,4})(与|和|及)([^\W\d_占的为达和与及]{2,4})", phrase):
        x, y = m.group(1), m.group(3)
        if len(y) > len(x):
            fx = x + y[len(x):]
        else:
            fx = x + (y[-1] if y[-1] in "额率量数" and x[-1] not in "额率量数" else "")
        first = first.replace(m.group(0), fx, 1)
        second = second.replace(m.group(0), (x[:-len(x) + 2] if len(x) > 2 and len(y) <= len(x) else "") + y, 1)
    return [first, second]


def to_unit_value(c: Candidate) -> float | None:
    """The candidate's value in base units (元, 人, 家, %…) for comparison; None when unknown."""
    if c.value is None:
        return None
    if not c.unit:
        return c.value
    try:
        factor, _ = split_unit(c.unit.replace("名", "人"))
    except NumberError:
        factor = 1.0
        for word, mult in MAGNITUDES.items():
            if c.unit.startswith(word):
                factor = mult
                break
    return c.value * factor
