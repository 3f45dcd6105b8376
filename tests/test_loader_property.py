"""The loader on arbitrary text: a Catalog or a TargetsError, never another exception."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ectui.targets.loader import TargetsError, load_targets
from tests.conftest import MINI_TARGETS

FRAGMENTS = st.sampled_from([
    "[[targets]]\n", 'plan = "p"\n', 'region = "r"\n', 'indicator = "money"\n', 'cmp = ">="\n',
    "year = 2015\n", "value = 1800\n", 'unit = "亿元"\n', "value = -1e999\n", "year = 99999\n",
    'cmp = "range"\n', "low = 3\n", "high = 1\n", "baseline = { year = 2011, value = 1 }\n",
    "baseline = 3\n", "[[regions]]\n", 'id = "r"\n', "value = nan\n", "= broken\n", "[x\n",
    'unit = "%"\n', 'indicator = "share"\n', "value = true\n", "[[figures]]\n", 'value = "abc"\n',
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(FRAGMENTS, max_size=14))
def test_loader_never_crashes(tmp_path, fragments):
    p = tmp_path / "t.toml"
    p.write_text(MINI_TARGETS + "".join(fragments), encoding="utf-8")
    try:
        load_targets(p)
    except TargetsError as exc:
        assert str(exc).startswith(str(p))
