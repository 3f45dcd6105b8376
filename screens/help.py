"""Keys and what the screens show."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

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

Status: ✔ met · ▲ on track (pace ≥ 95% of required) · ◆ moderate (≥ 60%)
        ▼ insufficient (≥ 0) · ✘ moving away · ✘ missed · … insufficient data · – no data

Figures recorded elsewhere (another user, `ectui set`, an import) appear within seconds.
"""


class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Close"), Binding("question_mark", "app.pop_screen", "Close"),
                Binding("q", "app.pop_screen", "Close", show=False)]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text(HELP))
