"""The per-user cache of parsed targets.toml files: same catalog as parsing, one region's
targets on demand, never stale."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ectui.targets import cache as catalog_cache
from ectui.targets.cache import CacheWarning, load_catalog
from ectui.targets.loader import load_targets
from tests.conftest import MINI_TARGETS, run_ectui

TARGET = """
[[targets]]
plan = "p"
region = "{region}"
indicator = "{indicator}"
cmp = ">="
year = 2015
value = {value}
unit = "{unit}"
"""


def _targets_text(n: int = 6) -> str:
    """Targets alternating between the two regions, so that file order is not region order."""
    units = {"money": "亿元", "share": "%", "rate": "%"}
    items = []
    for k in range(n):
        indicator = ("money", "share", "rate")[k // 2 % 3]
        items.append(TARGET.format(region=("child", "r")[k % 2], indicator=indicator, value=k + 1, unit=units[indicator]))
    return MINI_TARGETS + "".join(items)  # MINI_TARGETS has plan p


@pytest.fixture
def targets_file(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = tmp_path / "targets.toml"
    path.write_text(_targets_text(), encoding="utf-8")
    return path


def _not_parsed(monkeypatch):
    """Make any parse of targets.toml fail the test: the catalog must come from the cache."""
    def refuse(path):
        raise AssertionError(f"parsed {path} although the cache is fresh")
    monkeypatch.setattr("ectui.targets.loader.load_targets", refuse)


def test_the_cached_catalog_is_the_parsed_one(targets_file, monkeypatch):
    parsed = load_targets(targets_file)
    assert load_catalog(targets_file).targets == parsed.targets  # parses, writes the cache
    _not_parsed(monkeypatch)
    cached = load_catalog(targets_file)
    assert cached.targets == parsed.targets
    assert (cached.regions, cached.indicators, cached.documents, cached.plans, cached.figures) == \
           (parsed.regions, parsed.indicators, parsed.documents, parsed.plans, parsed.figures)
    # the records come back as records, not as the plain tuples the cache stores
    assert [type(x).__name__ for x in (cached.regions["r"], cached.indicators["money"], cached.plans["p"],
                                        cached.targets[0])] == ["Region", "Indicator", "Plan", "Target"]
    assert cached.regions["child"].parent == "r" and cached.plans["p"].name("zh") == parsed.plans["p"].name("zh")
    assert cached.targets[0].key == ("p", "child", "money")
    assert cached.region_order() == parsed.region_order() and cached.targets_in_order() == parsed.targets_in_order()
    assert cached.descendants("r") == parsed.descendants("r") and cached.children("r") == ["child"]


def test_one_region_reads_only_its_targets_in_file_order(targets_file, monkeypatch):
    everything = load_catalog(targets_file)
    _not_parsed(monkeypatch)
    part = load_catalog(targets_file, regions=["child"])
    assert list(part.regions) == ["r", "child"]  # the one above comes too
    assert part.targets == [t for t in everything.targets if t.region == "child"]
    assert [t.value for t in part.targets] == [1.0, 3.0, 5.0]
    assert load_catalog(targets_file, regions=["r"]).targets == everything.targets  # child is under r
    assert load_catalog(targets_file, regions=["r", "child"]).targets == everything.targets
    assert load_catalog(targets_file, regions=["nowhere"]) == everything  # not an id: everything


def test_a_file_rewritten_at_once_with_the_same_size_is_parsed_again(targets_file):
    load_catalog(targets_file)
    stat = targets_file.stat()
    text = targets_file.read_text(encoding="utf-8").replace("value = 6", "value = 9")
    targets_file.write_text(text, encoding="utf-8")
    os.utime(targets_file, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same time
    assert [t.value for t in load_catalog(targets_file).targets][-1] == 9.0


@pytest.mark.parametrize("damage", [b"", b"not marshal data", (10).to_bytes(8, "little") + b"\xff" * 10, None])
def test_a_damaged_cache_is_noted_and_replaced(targets_file, damage, monkeypatch):
    expected = load_catalog(targets_file).targets
    (cache_file,) = Path(catalog_cache.cache_dir()).rglob("*.marshal")
    data = cache_file.read_bytes()
    cache_file.write_bytes(data[: len(data) // 2] if damage is None else damage)
    with pytest.warns(CacheWarning, match="could not be read"):
        assert load_catalog(targets_file).targets == expected
    _not_parsed(monkeypatch)
    assert load_catalog(targets_file).targets == expected  # written again whole


def test_a_cache_written_by_another_python_is_not_read(targets_file, monkeypatch):
    """marshal's format belongs to one Python version: another one parses the file again."""
    load_catalog(targets_file)
    parsed = []

    def counting(path):
        parsed.append(path)
        return load_targets(path)
    monkeypatch.setattr("ectui.targets.loader.load_targets", counting)
    load_catalog(targets_file)
    assert parsed == []
    monkeypatch.setattr(catalog_cache, "PYTHON_VERSION", catalog_cache.PYTHON_VERSION + 1)
    assert load_catalog(targets_file).targets == load_targets(targets_file).targets
    assert parsed == [str(targets_file)]


def test_the_bundled_catalog_round_trips_through_the_cache(tmp_path, monkeypatch):
    """Documents, figures with qualifiers, editors: everything the bundled file holds."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = Path(__file__).resolve().parent.parent / "targets.toml"
    parsed = load_catalog(path)
    _not_parsed(monkeypatch)
    cached = load_catalog(path)
    assert cached == parsed and cached.documents and cached.figures


def test_report_for_one_region_matches_the_whole_report(tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "targets.toml").write_text(_targets_text(), encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert run_ectui("set", "r", "money", "5", "--year", "2013", "-w", ws, env=env).returncode == 0

    def rows(*args):
        r = run_ectui("report", "--format", "json", "-w", ws, *args, env=env)
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout)["rows"]

    whole = rows()
    assert list((tmp_path / "cache" / "ectui").rglob("*.marshal"))  # the report below reads it
    assert rows("--region", "child") == [row for row in whole if row["region"] == "child"]
    assert rows("--region", "Testland") == whole  # r and its child
    r = run_ectui("report", "--region", "atlantis", "-w", ws, env=env)
    assert r.returncode == 2 and b"atlantis" in r.stderr


def test_a_catalog_without_regions_round_trips_through_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = tmp_path / "targets.toml"
    path.write_text('[[indicators]]\nid = "i"\nname_zh = "指标"\nname_en = "I"\nunit = "%"\n', encoding="utf-8")
    parsed = load_catalog(path)
    assert list(Path(catalog_cache.cache_dir()).rglob("*.marshal"))
    _not_parsed(monkeypatch)
    assert load_catalog(path) == parsed and parsed.regions == {} and list(parsed.indicators) == ["i"]
    assert load_catalog(path, regions=["r"]) == parsed  # no such region: everything (nothing)


# A hierarchy listed out of its order (siblings apart, a province after a prefecture of
# another), targets alternating between regions, one region without targets.
HIERARCHY = [("fj", None), ("fz", "fj"), ("zj", None), ("gl", "fz"), ("qz", "fj"), ("hz", "zj"),
             ("jj", "qz"), ("cs", "fz"), ("nb", "zj")]
REGION = """
[[regions]]
id = "{id}"
name_zh = "{id}区"
name_en = "{id} region"
{parent}
"""


@pytest.fixture
def hierarchy_file(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    text = MINI_TARGETS.split("[[indicators]]", 1)[1].replace('region = "r"', 'region = "fj"')  # the plan's
    text = "".join(REGION.format(id=r, parent=f'parent = "{p}"' if p else "") for r, p in HIERARCHY) + \
        "[[indicators]]" + text
    for k in range(18):  # each region and indicator once, but none for cs
        if HIERARCHY[k * 4 % 9][0] != "cs":
            text += TARGET.format(region=HIERARCHY[k * 4 % 9][0], indicator=("money", "share")[k % 2],
                                  value=k + 1, unit=("亿元", "%")[k % 2])
    path = tmp_path / "targets.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("asked", [["fz"], ["fj"], ["jj"], ["nb"], ["cs"], ["fz", "qz"], ["fj", "gl"], ["gl", "hz"]])
def test_some_regions_load_what_their_report_shows(hierarchy_file, monkeypatch, asked):
    """The regions asked, all under them and all above them, each as targets.toml has it and
    in its order; the targets of the regions asked and those under them, in file order."""
    whole = load_catalog(hierarchy_file)
    _not_parsed(monkeypatch)
    part = load_catalog(hierarchy_file, regions=asked)
    inside = {d for r in asked for d in whole.descendants(r)}
    above = set()
    for r in asked:
        while whole.regions[r].parent:
            r = whole.regions[r].parent
            above.add(r)
    assert list(part.regions.items()) == [(r, v) for r, v in whole.regions.items() if r in inside | above]
    assert part.targets == [t for t in whole.targets if t.region in inside]
    assert bool(part.targets) == (asked != ["cs"])  # the check can fail
    assert {type(x).__name__ for x in (*part.regions.values(), *part.targets)} == {"Region", "Target"} - \
        ({"Target"} if asked == ["cs"] else set())
    assert (part.indicators, part.plans, part.documents, part.figures) == \
           (whole.indicators, whole.plans, whole.documents, whole.figures)
    # what the report asks of the catalog answers as for the whole catalog
    assert part.region_order() == [r for r in whole.region_order() if r in part.regions]
    for r in asked:
        assert part.descendants(r) == whole.descendants(r)
    assert {r: part.depth(r) for r in part.regions} == {r: whole.depth(r) for r in part.regions}
    assert part.targets_of(inside) == whole.targets_of(inside)


def test_a_region_not_named_by_its_id_loads_every_region(hierarchy_file, monkeypatch):
    whole = load_catalog(hierarchy_file)
    _not_parsed(monkeypatch)
    for asked in (["fz区"], ["fz", "fz region"], [""], ["f"], ["fz\0gl"]):
        assert load_catalog(hierarchy_file, regions=asked) == whole, asked


def test_the_hierarchy_round_trips_through_the_cache(hierarchy_file, monkeypatch):
    parsed = load_catalog(hierarchy_file)
    _not_parsed(monkeypatch)
    cached = load_catalog(hierarchy_file)
    assert cached == parsed and list(cached.regions) == [r for r, _ in HIERARCHY]
    assert cached.region_order() == parsed.region_order() == ["fj", "fz", "gl", "cs", "qz", "jj", "zj", "hz", "nb"]
    assert cached.targets_in_order() == parsed.targets_in_order()
    assert cached.targets_of(["qz", "hz"]) == parsed.targets_of(["qz", "hz"])


def test_region_names_with_a_nul_round_trip_through_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = tmp_path / "targets.toml"
    path.write_text(MINI_TARGETS.replace('name_zh = "子区"', 'name_zh = "子\\u0000区"'), encoding="utf-8")
    parsed = load_catalog(path)
    assert parsed.regions["child"].name_zh == "子\x00区"
    _not_parsed(monkeypatch)
    cached = load_catalog(path)
    assert cached == parsed and cached.regions["r"].parent is None and cached.regions["child"].parent == "r"


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown", "html"])
def test_a_report_on_some_regions_reads_the_same_from_the_cache(hierarchy_file, cli, fmt):
    """Parsed (the whole catalog) or from the cache (the regions asked, under and above them):
    the same report, in every format."""
    ws = str(hierarchy_file.parent)
    args = ("report", "-w", ws, "--format", fmt, "--width", "100", "--region", "fz", "--region", "nb")
    parsed = cli(*args)
    assert list(Path(catalog_cache.cache_dir()).rglob("*.marshal"))  # the next one reads it
    cached = cli(*args)
    assert parsed == cached and parsed[0] == 0
    assert "gl" in parsed[1] and "hz" not in parsed[1]  # the check can fail: the regions asked and under them
