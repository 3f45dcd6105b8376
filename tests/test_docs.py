"""docs/ is what the code cites: every page cited exists, and the test vectors of docs/method.md,
read from the page itself, hold for the code (the normative text and the code cannot drift apart
without a failing test)."""

from __future__ import annotations

import re

import pytest

from ectui.method.progress import evaluate
from ectui.model import Target
from tests.conftest import ROOT

NONE = "—"


def _vectors() -> list[tuple[str, ...]]:
    text = (ROOT / "docs" / "method.md").read_text(encoding="utf-8")
    section = text[text.index("## Test vectors"):]
    rows = [line for line in section.splitlines() if re.match(r"^\| [A-Z]\d+ \|", line)]
    return [tuple(cell.strip() for cell in row.strip("|").split("|")) for row in rows]


TARGET = re.compile(r"`(?P<cmp>[^`]+)`"
                    r"(?: (?:growth (?P<rate>[\d.]+) (?:from (?P<since>\d{4})|(?P<yoy>y/y))"
                    r"|×(?P<multiple>[\d.]+) of (?P<of>\d{4})"
                    r"|(?P<first>[\d.]+)(?:–(?P<second>[\d.]+))?))?"
                    r" in (?P<year>\d{4})(?:, plan from (?P<start>\d{4}))?")


def _target(text: str, baseline: str) -> tuple[Target, int | None]:
    """The target of a vector and the first year of its plan, if the vector gives it."""
    m = TARGET.fullmatch(text)
    assert m, f"cannot read target {text!r}"
    cmp, year = m["cmp"], int(m["year"])
    value = low = high = growth = multiple = None
    b_year = b_value = since = None
    if m["rate"]:
        growth = float(m["rate"])
        since = year - 1 if m["yoy"] else int(m["since"])
    elif m["multiple"]:
        multiple, b_year = float(m["multiple"]), int(m["of"])
    elif cmp == "range":
        low, high = float(m["first"]), float(m["second"])
    elif cmp == "bool":
        value = 1.0
    else:
        value = float(m["first"])
    if baseline != NONE:
        b_value_text, b_year_text = baseline.split(" in ")
        b_year, b_value = int(b_year_text), float(b_value_text)
    target = Target("p", "r", "i", cmp, year, value, low, high, b_year, b_value,
                    growth=growth, growth_from=since, multiple=multiple)
    return target, int(m["start"]) if m["start"] else None


def _figures(text: str) -> list[tuple[int, float, str]]:
    """``2009: 近10; 2010: 12`` -> [(2009, 10.0, "近"), (2010, 12.0, "")]."""
    if text == NONE:
        return []
    out = []
    for part in text.split(";"):
        year, figure = part.split(":")
        m = re.fullmatch(r"\s*(\D*)([\d.]+)\s*", figure)
        assert m, f"cannot read figure {figure!r}"
        out.append((int(year), float(m[2]), m[1]))
    return out


VECTORS = _vectors()


def test_every_page_the_code_and_the_readme_cite_exists():
    sources = [*ROOT.glob("ectui/**/*.py"), *ROOT.glob("db/*.py"), *ROOT.glob("screens/*.py"),
               *ROOT.glob("docs/*.md"), ROOT / "README.md"]
    cited = {(path.name, m) for path in sources
             for m in re.findall(r"docs/([\w.-]+\.md)", path.read_text(encoding="utf-8"))}
    cited |= {("docs/README.md", m) for m in re.findall(r"\(([\w-]+\.md)\)", (ROOT / "docs" / "README.md").read_text())}
    assert cited, "no page cited"
    missing = sorted((where, page) for where, page in cited if not (ROOT / "docs" / page).is_file())
    assert not missing


def test_the_page_has_its_vectors():
    cases = [v[0] for v in VECTORS]
    assert cases[:13] == [f"V{n}" for n in range(1, 14)]
    # the public vectors (growth, y/y, 翻两番, `~` exceeded, a stale figure) are among them
    assert {"G1", "G2", "R1", "A1", "S1"} <= set(cases)
    assert len(set(cases)) == len(cases)


@pytest.mark.parametrize("case,target,baseline,figures,as_of,expected", VECTORS, ids=[v[0] for v in VECTORS])
def test_vector(case, target, baseline, figures, as_of, expected):
    aim, plan_start = _target(target, baseline)
    p = evaluate(aim, _figures(figures), as_of=None if as_of == NONE else int(as_of), plan_start=plan_start)
    for item in expected.split(", "):
        key, want = item.split(" ", 1)
        got = getattr(p, key)
        if want == "null":
            assert got is None, (case, key, got)
        elif want in ("true", "false"):
            assert got is (want == "true"), (case, key, got)
        elif re.fullmatch(r"-?[\d.]+", want):
            assert got is not None, (case, key)
            # "to 4 significant figures": the page rounds, the code does not
            assert float(f"{got:.4g}") == pytest.approx(float(want), rel=1e-3, abs=1e-9), (case, key, got)
        else:
            assert got == want, (case, key, got)


def _tour() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text[text.index("## A short tour"):]
    block = block[block.index("```sh") + len("```sh"):]
    return [line for line in block[:block.index("```")].splitlines() if line.strip()]


def test_the_readme_tour_runs_as_pasted(tmp_path):
    """Every command of the README's tour, pasted as written (no [brackets] to edit), in a fresh
    workspace: exit 0 (3 for --fail-on, which is its point), no traceback. `init --shared` needs a
    group of the machine and is left to tests/test_multiuser.py; `serve` to tests/test_serve.py."""
    import shlex

    from tests.conftest import run_ectui
    (tmp_path / "figures.csv").write_text("region,indicator,year,value\nquanzhou,ec_transactions,2014,1500\n",
                                          encoding="utf-8")
    (tmp_path / "new-plan.txt").write_text("到2020年，全市电子商务交易额达到3000亿元。", encoding="utf-8")
    import openpyxl
    book = openpyxl.Workbook()
    book.active.append(["地区", "指标", "年份", "数值"])
    book.active.append(["泉州市", "电子商务交易额", 2013, 1100])
    book.save(tmp_path / "figures.xlsx")
    env = {"ECTUI_HOME": str(tmp_path / "ws")}
    (tmp_path / "ws").mkdir()
    ran = 0
    for line in _tour():
        argv = shlex.split(line, comments=True)
        assert argv[0] == "ectui", line
        if argv[1:3] == ["init", "--shared"] or argv[1:2] == ["serve"]:  # serve runs until stopped: test_serve.py
            continue
        r = run_ectui(*argv[1:], cwd=tmp_path, env=env)
        allowed = (0, 3) if "--fail-on" in argv else (0,)
        assert r.returncode in allowed and b"Traceback" not in r.stderr, (line, r.stderr.decode())
        ran += 1
    assert ran >= 18
