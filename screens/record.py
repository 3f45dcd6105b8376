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
from ectui.errors import InputError, NotFound
from ectui.output.cells import error_text
from ectui.screens.messages import FigureRecorded
from ectui.screens.state import DashboardState
from ectui.targets.lookup import find_indicator
from ectui.text import literal


def open_record_form(app: App, state: DashboardState, region: str = "", indicator: str = "") -> None:
    if state.store.readonly:
        zh = state.lang == "zh"
        app.notify(f"只读工作区：用户 {literal(state.user)} 不能写入 {literal(state.store.path)}，请向工作区所有者申请写权限。"
                   if zh else f"Read-only workspace: {literal(state.store.path)} cannot be written by "
                   f"{literal(state.user)}. Ask the workspace owner for write access.",
                   title="无法录入" if zh else "Cannot record", severity="warning", timeout=6, markup=False)
        return
    app.push_screen(RecordScreen(state, region, indicator))


class RecordScreen(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    FIELDS = ("region", "indicator", "year", "value", "source", "note")

    def __init__(self, state: DashboardState, region: str = "", indicator: str = ""):
        super().__init__()
        self.state = state
        self.region_id, self.indicator_id = region, indicator
        # names, not ids, as a person reads them (the full name where two regions share one)
        catalog, lang = state.catalog, state.lang
        reg, ind = catalog.regions.get(region), catalog.indicators.get(indicator)
        self.prefill_region = (reg.full_name or reg.name(lang)) if reg else region
        self.prefill_indicator = (ind.full_name or ind.name(lang)) if ind else indicator
        self.unit = ind.unit if ind else ""
        self.year = state.suggested_year(region, indicator) if reg and ind else date.today().year - 1

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
                yield Input(str(self.year), id="rec-year", compact=True)
                yield Label("数值 Value")
                yield Input(placeholder="1,950亿元 · 90% · 超过7万家", id="rec-value", compact=True)
                yield Label("")
                yield Static(self._unit_hint(), id="rec-unit")
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

    def _unit_hint(self) -> Text:
        if not self.unit:
            return Text("")
        zh = self.state.lang == "zh"
        return Text((f"单位：{self.unit}（数值不带单位时按此单位）" if zh
                     else f"unit: {self.unit} (a value without a unit is read in it)"), style="dim")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter moves to the next field; from the last one (the note) it saves."""
        name = (event.input.id or "").removeprefix("rec-")
        if name in self.FIELDS[:-1]:
            self.query_one(f"#rec-{self.FIELDS[self.FIELDS.index(name) + 1]}", Input).focus()
        else:
            self.action_save()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#rec-error", Static).update("")  # an old error no longer applies
        if event.input.id == "rec-indicator":  # the unit of the indicator now named, when it is one
            try:
                self.unit = find_indicator(self.state.catalog, event.value.strip()).unit
            except NotFound:
                self.unit = ""
            self.query_one("#rec-unit", Static).update(self._unit_hint())

    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_save(self) -> None:
        value = {name: self.query_one(f"#rec-{name}", Input).value
                 for name in ("region", "indicator", "year", "value", "source", "note")}
        try:
            revision = self.state.record(value["region"], value["indicator"], value["year"], value["value"],
                                         source=value["source"], note=value["note"])
        except (InputError, StoreError) as exc:
            # the CLI's message (one for both), in the interface's language where it has a translation
            lead = "✘ 无法录入：" if self.state.lang == "zh" else "✘ Not recorded: "
            self.query_one("#rec-error", Static).update(Text(lead + literal(error_text(str(exc), self.state.lang)),
                                                             style="bold red"))
            return
        catalog, lang = self.state.catalog, self.state.lang
        where = f"{catalog.regions[revision.region].name(lang)} {catalog.indicators[revision.indicator].name(lang)}"
        self.app.notify(f"{literal(where)} {revision.year}: {literal(revision.entered)}",
                        title="已录入" if lang == "zh" else "Recorded", timeout=3, markup=False)
        self.app.post_message(FigureRecorded())
        self.dismiss(True)
