"""The cyclic garbage collector is paused for bulk work and put back as it was."""

import gc

import pytest

from ectui.collector import collector_paused


@pytest.fixture(autouse=True)
def collector_restored():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


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
    import ectui.report_command
    seen = []
    real = ectui.report_command.run_report
    monkeypatch.setattr(ectui.report_command, "run_report",
                        lambda *a, **kw: seen.append(gc.isenabled()) or real(*a, **kw))
    gc.enable()
    code, out, err = cli("report", "--format", "json", "-w", workspace)
    assert code == 0, err
    assert seen == [False] and gc.isenabled() and '"rows"' in out
