"""Keys and what the screens show."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ectui.output.cells import STATUS_SYMBOLS

HELP = """\
ectui — 规划目标进度 / plan targets against actual figures

  1          总览 Overview: a panel per region, each target as a gauge
  2          差距表 Gap table: every target; click a header or press s to sort
  /          filter the gap table (Chinese or English text); plan, region, status selects
  Enter      open the selected target: chart, projections, revisions, source
  r          record a figure (region and indicator taken from the selection)
  p          switch plan in the overview (all plans → each plan)
  l          中文 / English
  ctrl+p     command palette: jump to a region, indicator or plan; change theme
  Esc        back / close
  q          quit

Gauge:  baseline ████████│░░░░░░ target
        █ achieved (percent of the way from baseline to target)
        │ time elapsed (序时进度: where the figure should be by now)

Status: {met} met · {on_track} on track (pace ≥ 95% of required) · {moderate} moderate (≥ 60%)
        {insufficient} insufficient (≥ 0) · {moving_away} moving away · {missed} missed
        {awaiting_final} awaiting the final figure · {not_started} not started · {insufficient_data} insufficient data · {no_data} no data

Figures recorded elsewhere (another user, `ectui set`, an import) appear within seconds.
"""


class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Close"), Binding("question_mark", "app.pop_screen", "Close"),
                Binding("q", "app.pop_screen", "Close", show=False)]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text(HELP.format(**STATUS_SYMBOLS)))
