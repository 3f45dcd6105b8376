"""Choose which statuses the gap table shows: any set of them, with a "behind" preset."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection

from ectui.method.league import BEHIND, WORST_FIRST
from ectui.output.cells import STATUS_LABELS, STATUS_SYMBOLS


def statuses_text(chosen: frozenset[str], lang: str) -> str:
    """What the filter button says: 全部状态, 落后 (5), or the statuses' symbols and labels."""
    zh = lang == "zh"
    if not chosen or chosen == frozenset(WORST_FIRST):
        return "状态：全部" if zh else "Status: all"
    if chosen == BEHIND:
        return "状态：落后（5 种）" if zh else "Status: behind (5)"
    labels = [f"{STATUS_SYMBOLS[s]} {STATUS_LABELS[lang][s]}" for s in WORST_FIRST if s in chosen]
    return ("状态：" if zh else "Status: ") + ", ".join(labels)


class StatusFilterScreen(ModalScreen[frozenset[str]]):
    """Space ticks a status, b ticks the "behind" ones, a every one, Enter or Esc applies."""

    BINDINGS = [Binding("b", "behind"), Binding("a", "every"), Binding("n", "none"),
                Binding("enter", "apply", priority=True), Binding("escape", "apply")]  # Enter in the list would tick

    def __init__(self, chosen: frozenset[str], lang: str) -> None:
        super().__init__()
        self.chosen, self.lang = chosen, lang

    def compose(self) -> ComposeResult:
        zh = self.lang == "zh"
        with Vertical(id="status-filter"):
            yield Static(Text("按状态筛选" if zh else "Filter by status", style="bold"))
            yield SelectionList[str](*[Selection(f"{STATUS_SYMBOLS[s]} {STATUS_LABELS[self.lang][s]}", s,
                                                 s in self.chosen) for s in WORST_FIRST], id="status-list")
            yield Static(Text("空格 选中/取消 · b 落后（未完成、倒退、滞后、待终期数据、略慢）· a 全部 · n 清空 · Enter 应用"
                              if zh else "Space: tick · b: behind (missed, moving away, insufficient, awaiting "
                              "final, moderate) · a: all · n: none · Enter: apply", style="dim"))

    @property
    def options(self) -> SelectionList[str]:
        return self.query_one("#status-list", SelectionList)

    def action_behind(self) -> None:
        self.options.deselect_all()
        for status in BEHIND:
            self.options.select(status)

    def action_every(self) -> None:
        self.options.select_all()

    def action_none(self) -> None:
        self.options.deselect_all()

    def action_apply(self) -> None:
        self.dismiss(frozenset(self.options.selected))
