"""Record a figure from the dashboard: the same parser, checks and messages as `ectui set`."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ectui.db import StoreError
from ectui.errors import InputError
from ectui.screens.messages import FigureRecorded
from ectui.screens.state import DashboardState
from ectui.text import literal


def open_record_form(app: App, state: DashboardState, region: str = "", indicator: str = "") -> None:
    if state.store.readonly:
        app.notify(f"Read-only workspace: {literal(state.store.path)} cannot be written by {literal(state.user)}. "
                   "Ask the workspace owner for write access.", title="Cannot record", severity="warning",
                   timeout=6, markup=False)
        return
    app.push_screen(RecordScreen(state, region, indicator))


class RecordScreen(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self, state: DashboardState, region: str = "", indicator: str = ""):
        super().__init__()
        self.state = state
        self.prefill_region, self.prefill_indicator = region, indicator

    def compose(self) -> ComposeResult:
        zh = self.state.lang == "zh"
        with Vertical(id="record-form"):
            yield Static(Text("录入数据 Record a figure" if zh else "Record a figure", style="bold"))
            with Grid(id="record-grid"):
                yield Label("地区 Region")
                yield Input(self.prefill_region, placeholder="quanzhou / 泉州市", id="rec-region", compact=True)
                yield Label("指标 Indicator")
                yield Input(self.prefill_indicator, placeholder="ec_transactions / 电子商务交易额", id="rec-indicator",
                            compact=True)
                yield Label("年份 Year")
                yield Input(str(date.today().year - 1), id="rec-year", compact=True)
                yield Label("数值 Value")
                yield Input(placeholder="1,950亿元 · 90% · 超过7万家", id="rec-value", compact=True)
                yield Label("来源 Source")
                yield Input(placeholder="2015年统计公报", id="rec-source", compact=True)
                yield Label("备注 Note")
                yield Input(id="rec-note", compact=True)
            yield Static(id="rec-error")
            with Horizontal(id="record-buttons"):
                yield Button("保存 Save", variant="primary", id="rec-save", compact=True)
                yield Button("取消 Cancel", id="rec-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#rec-value" if self.prefill_region and self.prefill_indicator else "#rec-region", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "rec-save":
            self.action_save()
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_save(self) -> None:
        value = {name: self.query_one(f"#rec-{name}", Input).value
                 for name in ("region", "indicator", "year", "value", "source", "note")}
        try:
            revision = self.state.record(value["region"], value["indicator"], value["year"], value["value"],
                                         source=value["source"], note=value["note"])
        except (InputError, StoreError) as exc:
            self.query_one("#rec-error", Static).update(Text(literal(f"✘ {exc}"), style="bold red"))
            return
        self.app.notify(f"{revision.region} {revision.indicator} {revision.year}: {literal(revision.entered)}",
                        title="Recorded", timeout=3, markup=False)
        self.app.post_message(FigureRecorded())
        self.dismiss(True)
