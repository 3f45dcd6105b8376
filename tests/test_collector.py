"""The cyclic garbage collector is paused for bulk work and put back as it was."""

import gc
import weakref

import pytest

from ectui.collector import collector_paused, freeze_long_lived, thaw


@pytest.fixture(autouse=True)
def collector_restored():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()
    gc.unfreeze()


def test_paused_inside_and_back_on_after_even_after_an_error():
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(KeyError):
        with collector_paused():
            raise KeyError("x")
    assert gc.isenabled()


def test_a_caller_that_paused_it_keeps_it_paused():
    gc.disable()
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_a_report_runs_with_the_collector_paused(workspace, cli, monkeypatch):
    import ectui.cli.report
    seen = []
    real = ectui.cli.report._report
    monkeypatch.setattr(ectui.cli.report, "_report",
                        lambda *a, **kw: seen.append(gc.isenabled()) or real(*a, **kw))
    gc.enable()
    code, out, err = cli("report", "--format", "json", "-w", workspace)
    assert code == 0, err
    assert seen == [False] and gc.isenabled() and '"rows"' in out


def test_freezing_leaves_what_is_alive_out_of_collections_and_thaw_puts_it_back():
    thaw()
    held = [[n] for n in range(10_000)]
    freeze_long_lived()
    assert gc.get_freeze_count() >= len(held)
    thaw()
    assert gc.get_freeze_count() == 0


class _Node:
    pass


def _garbage_cycle() -> weakref.ref:
    node = _Node()
    node.itself = node  # only the cyclic collector can free it
    return weakref.ref(node)


def test_a_full_pass_comes_first_so_that_no_garbage_cycle_is_frozen_for_good():
    gone = _garbage_cycle()
    freeze_long_lived()
    assert gone() is None
    kept = _garbage_cycle()
    freeze_long_lived(collect=False)  # frozen with the live objects: out of reach of collections
    gc.collect()
    assert kept() is not None
    thaw()
    gc.collect()
    assert kept() is None
