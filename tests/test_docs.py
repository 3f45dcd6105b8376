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
    rows = [line for line in section.splitlines() if re.match(r"^\| V\d+ \|", line)]
    return [tuple(cell.strip() for cell in row.strip("|").split("|")) for row in rows]


def _target(text: str, baseline: str) -> Target:
    m = re.fullmatch(r"`([^`]+)`(?: ([\d.]+)(?:–([\d.]+))?)? in (\d{4})", text)
    assert m, f"cannot read target {text!r}"
    cmp, first, second, year = m.group(1), m.group(2), m.group(3), int(m.group(4))
    value = low = high = None
    if cmp == "range":
        low, high = float(first), float(second)
    elif cmp == "bool":
        value = 1.0
    else:
        value = float(first)
    b_year = b_value = None
    if baseline != NONE:
        b_value_text, b_year_text = baseline.split(" in ")
        b_year, b_value = int(b_year_text), float(b_value_text)
    return Target("p", "r", "i", cmp, year, value, low, high, b_year, b_value)


def _figures(text: str) -> list[tuple[int, float]]:
    if text == NONE:
        return []
    return [(int(y), float(v)) for y, v in (part.split(":") for part in text.split(";"))]


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
    assert [v[0] for v in VECTORS] == [f"V{n}" for n in range(1, 14)]


@pytest.mark.parametrize("case,target,baseline,figures,as_of,expected", VECTORS, ids=[v[0] for v in VECTORS])
def test_vector(case, target, baseline, figures, as_of, expected):
    p = evaluate(_target(target, baseline), _figures(figures), as_of=None if as_of == NONE else int(as_of))
    for item in expected.split(", "):
        key, want = item.split(" ", 1)
        got = getattr(p, key)
        if want == "null":
            assert got is None, (case, key, got)
        elif re.fullmatch(r"-?[\d.]+", want):
            assert got is not None, (case, key)
            # "to 4 significant figures": the page rounds, the code does not
            assert float(f"{got:.4g}") == pytest.approx(float(want), rel=1e-3, abs=1e-9), (case, key, got)
        else:
            assert got == want, (case, key, got)
