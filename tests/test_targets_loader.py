"""Every loader error: exit 2 (via the CLI) and one message naming file, line, key and fix."""

from pathlib import Path

import pytest

from ectui.targets.loader import TargetsError, load_targets
from tests.conftest import BUNDLED_TARGETS, MINI_TARGETS

TARGET = """
[[targets]]
plan = "p"
region = "r"
indicator = "money"
cmp = ">="
year = 2015
value = 1800
unit = "亿元"
"""


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "targets.toml"
    p.write_text(text, encoding="utf-8")
    return p


def error_for(tmp_path: Path, text: str) -> TargetsError:
    with pytest.raises(TargetsError) as err:
        load_targets(write(tmp_path, text))
    return err.value


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    count = 0
    for n, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            count += 1
            if count == occurrence:
                return n
    raise AssertionError(needle)


def test_bundled_targets_load():
    c = load_targets(BUNDLED_TARGETS)
    assert set(c.regions) == {"cn", "fujian", "quanzhou", "gansu", "shanxi"}
    assert c.regions["quanzhou"].parent == "fujian" and c.regions["fujian"].parent == "cn"


def test_mini_target_loads(tmp_path):
    c = load_targets(write(tmp_path, MINI_TARGETS + TARGET))
    assert c.targets[0].value == 1800 and c.targets[0].source == "测试规划"


CASES = [
    # (description, replace old -> new in MINI+TARGET, expected words, line needle, key)
    ("syntax", ('cmp = ">="', 'cmp = ">='), ["TOML syntax error"], 'cmp = ">=', None),
    ("wrong type", ("year = 2015", 'year = "2015"'), ["expected an integer", "'2015'"], 'year = "2015"', "targets[0].year"),
    ("unknown region", ('region = "r"\nindicator', 'region = "rr"\nindicator'), ["unknown region 'rr'", "did you mean"], 'region = "rr"', "targets[0].region"),
    ("unknown indicator", ('indicator = "money"', 'indicator = "mony"'), ["unknown indicator 'mony'", "money"], 'indicator = "mony"', "targets[0].indicator"),
    ("unknown plan", ('plan = "p"', 'plan = "q"'), ["unknown plan 'q'"], 'plan = "q"', "targets[0].plan"),
    ("year outside plan", ("year = 2015", "year = 2020"), ["outside the period", "2011–2015"], "year = 2020", "targets[0].year"),
    ("unknown comparator", ('cmp = ">="', 'cmp = "=>"'), ["unknown comparator '=>'"], 'cmp = "=>"', "targets[0].cmp"),
    ("missing unit", ('unit = "亿元"\n', ''), ["missing key 'unit'", 'unit = "亿元"'], "[[targets]]", "targets[0]"),
    ("unit mismatch", ('unit = "亿元"\n', 'unit = "万人"\n'), ["'万人' does not convert to '亿元'"], 'unit = "万人"', "targets[0].unit"),
    ("unknown unit", ('unit = "亿元"\n', 'unit = "furlong"\n'), ["unknown unit 'furlong'"], 'unit = "furlong"', "targets[0].unit"),
    ("infinite value", ("value = 1800", "value = inf"), ["not a finite number"], "value = inf", "targets[0].value"),
    ("absurd year", ("year = 2015", "year = 20150"), ["outside 1900–2200"], "year = 20150", "targets[0].year"),
    ("absurd value", ("value = 1800", "value = 1e300"), ["implausibly large"], "value = 1e300", "targets[0].value"),
    ("bool value as number", ("value = 1800", "value = true"), ["expected an integer or a number"], "value = true", "targets[0].value"),
]


@pytest.mark.parametrize("name,change,words,needle,key", CASES, ids=[c[0] for c in CASES])
def test_loader_errors_are_located(tmp_path, name, change, words, needle, key):
    text = MINI_TARGETS + TARGET.replace(change[0], change[1], 1)
    assert text != MINI_TARGETS + TARGET
    err = error_for(tmp_path, text)
    msg = str(err)
    for w in words:
        assert w in msg, msg
    assert msg.startswith(str(tmp_path / "targets.toml"))
    # the line is the one the problem is on (for targets[0] the mini file has one [[targets]])
    needle_line = line_of(text, needle, occurrence=text.count(needle))
    assert err.line == needle_line, (msg, needle_line)
    if key:
        assert err.key == key


def test_duplicate_id_is_located(tmp_path):
    text = MINI_TARGETS + '\n[[indicators]]\nid = "money"\nname_zh = "x"\nname_en = "x"\nunit = "元"\n'
    err = error_for(tmp_path, text)
    assert "duplicate id 'money'" in str(err)
    assert err.line == line_of(text, 'id = "money"', 2)


def test_duplicate_target(tmp_path):
    err = error_for(tmp_path, MINI_TARGETS + TARGET + TARGET)
    assert "duplicate target" in str(err) and "targets[0]" in str(err)


def test_range_low_above_high(tmp_path):
    text = MINI_TARGETS + TARGET.replace('cmp = ">="', 'cmp = "range"').replace("value = 1800", "low = 5\nhigh = 2")
    err = error_for(tmp_path, text)
    assert "low (5) is above high (2)" in str(err)
    assert err.line == line_of(text, "low = 5")


def test_range_needs_both_ends(tmp_path):
    text = MINI_TARGETS + TARGET.replace('cmp = ">="', 'cmp = "range"').replace("value = 1800", "low = 5")
    assert "needs both" in str(error_for(tmp_path, text))


def test_baseline_after_target(tmp_path):
    text = MINI_TARGETS + TARGET + "baseline = { year = 2016, value = 1 }\n"
    err = error_for(tmp_path, text)
    assert "baseline year 2016 must be before" in str(err)


def test_unknown_parent(tmp_path):
    text = MINI_TARGETS.replace('parent = "r"', 'parent = "x"')
    assert "unknown region 'x'" in str(error_for(tmp_path, text))


def test_parent_cycle(tmp_path):
    text = MINI_TARGETS.replace('id = "r"\nname_zh = "测试区"\nname_en = "Testland"',
                                'id = "r"\nname_zh = "测试区"\nname_en = "Testland"\nparent = "child"')
    assert "its own ancestor" in str(error_for(tmp_path, text))


def test_bad_id(tmp_path):
    assert "ascii slug" in str(error_for(tmp_path, MINI_TARGETS.replace('id = "money"', 'id = "Money Ø"')))


def test_empty_file(tmp_path):
    assert "empty" in str(error_for(tmp_path, ""))


def test_invalid_utf8(tmp_path):
    p = tmp_path / "targets.toml"
    p.write_bytes(MINI_TARGETS.encode() + b"\n# \xff\xfe broken\n")
    with pytest.raises(TargetsError) as err:
        load_targets(p)
    assert "UTF-8" in str(err.value) and err.value.line == MINI_TARGETS.count("\n") + 2


def test_bom_is_accepted(tmp_path):
    p = tmp_path / "targets.toml"
    p.write_bytes(b"\xef\xbb\xbf" + MINI_TARGETS.encode())
    assert "r" in load_targets(p).regions


def test_missing_file(tmp_path):
    with pytest.raises(TargetsError) as err:
        load_targets(tmp_path / "nope.toml")
    assert "file not found" in str(err.value)


def test_figure_parts_must_add_up(tmp_path):
    text = MINI_TARGETS + ('\n[[documents]]\nid = "d"\ntitle = "文件"\n\n[[figures]]\nregion = "r"\n'
                           'indicator = "money"\nyear = 2012\nvalue = "10亿元"\ndocument = "d"\nparts = [4, 5]\n')
    err = error_for(tmp_path, text)
    assert "add up to 9" in str(err) and err.line == line_of(text, "parts =")


def test_figure_bad_value(tmp_path):
    text = MINI_TARGETS + ('\n[[documents]]\nid = "d"\ntitle = "文件"\n\n[[figures]]\nregion = "r"\n'
                           'indicator = "money"\nyear = 2012\nvalue = "5万人"\ndocument = "d"\n')
    err = error_for(tmp_path, text)
    assert "unit mismatch" in str(err) and err.key == "figures[0].value"


def test_cli_check_exits_2_with_one_message(tmp_path, cli):
    (tmp_path / "targets.toml").write_text((MINI_TARGETS + TARGET).replace("year = 2015", "year = 2020"), encoding="utf-8")
    code, out, err = cli("check", "--workspace", tmp_path)
    assert code == 2
    assert "outside the period" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


CORPUS = {
    "syntax": MINI_TARGETS + "[[targets]\n",
    "wrong type": MINI_TARGETS + TARGET.replace("year = 2015", 'year = "2015"'),
    "unknown reference": MINI_TARGETS + TARGET.replace('plan = "p"', 'plan = "nope"'),
    "duplicate id": MINI_TARGETS + '\n[[regions]]\nid = "r"\nname_zh = "x"\nname_en = "x"\n',
    "absurd number": MINI_TARGETS + TARGET.replace("value = 1800", "value = 1e300"),
    "negative year": MINI_TARGETS + TARGET.replace("year = 2015", "year = -5"),
    "empty": "",
    "only comments": "# nothing here\n",
    "not a table list": 'regions = "cn"\n',
}


@pytest.mark.parametrize("name", list(CORPUS))
def test_bad_targets_corpus_exits_2_with_one_located_line(tmp_path, cli, name):
    path = tmp_path / "targets.toml"
    path.write_text(CORPUS[name], encoding="utf-8")
    code, out, err = cli("check", "-w", tmp_path)
    assert code == 2, (name, err)
    assert len(err.strip().splitlines()) == 1 and str(path) in err and "Traceback" not in err


def test_invalid_utf8_and_bom_through_the_cli(tmp_path, cli):
    path = tmp_path / "targets.toml"
    path.write_bytes(b"\xef\xbb\xbf" + (MINI_TARGETS + TARGET).encode())
    assert cli("check", "-w", tmp_path)[0] == 0
    path.write_bytes((MINI_TARGETS + TARGET).encode().replace("测试规划".encode(), b"\xc3\x28"))
    code, out, err = cli("check", "-w", tmp_path)
    assert code == 2 and "not valid UTF-8" in err and f"{path}:" in err
