"""Keys and what the screens show."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ectui.output.cells import STATUS_SYMBOLS

HELP = {"zh": """\
ectui — 规划目标进度

  1          总览：每个地区一个面板，每项目标一个进度条
             ↑/↓ 选择目标；m 展开或收起监测指标
  2          差距表：全部目标，最差的在前
             s 按下一列排序，S 反向；也可点击表头
  3          排名：当前地区的下级地区 × 指标（状态和完成进度）
             落后项最多的在前
  Enter      打开所选目标（图表、预测、修订、来源）；在排名中进入下级地区
  Backspace  返回上一级地区（面包屑：全国 › 福建省 › 泉州市）
  /          筛选差距表（中文或英文）；规划、地区选择框
             状态按钮：可多选，b 选"落后"
  r          为所选目标录入数据
  p          切换规划（全部规划 → 各规划），总览和排名
  l          中文 / English（下次启动时记住）
  ctrl+p     命令面板：跳转到地区、指标或规划；更换主题（记住）
  Esc        返回 / 关闭
  q          退出

进度条：基期 ████████│░░░░░░ 目标
        █ 完成进度（从基期到目标已走过的比例）
        │ 应达进度（按所需增速，今年应到的位置）

状态：{met} 已达成 · {on_track} 正常（增速达到所需的95%以上）· {moderate} 略慢（60%以上）
      {insufficient} 滞后（0以上）· {moving_away} 倒退 · {missed} 未完成 · {awaiting_final} 待终期数据
      {not_started} 未开始 · {insufficient_data} 数据不足 · {no_data} 无数据

其他用户、`ectui set` 或导入录入的数据几秒内出现。
""", "en": """\
ectui — plan targets against actual figures

  1          Overview: a panel per region, each target a gauge;
             ↑/↓ select a target; m shows or folds monitored indicators
  2          Gap table: every target, worst first;
             s: sort by the next column, S: the other way (or click a header)
  3          League: the regions under the current one × indicators
             (status and % achieved), most behind first
  Enter      open the selected target (chart, projections, revisions,
             source); in the league, drill into the region
  Backspace  up to the parent region (China › Fujian › Quanzhou)
  /          filter the gap table (Chinese or English); plan and region
             selects; the status button takes any set, b for "behind"
  r          record a figure for the selected target
  p          switch plan (all plans → each plan), overview and league
  l          中文 / English (remembered)
  ctrl+p     command palette: jump to a region, indicator or plan;
             change theme (remembered)
  Esc        back / close
  q          quit

Gauge:  baseline ████████│░░░░░░ target
        █ achieved (percent of the way from baseline to target)
        │ expected by now (where the required growth puts the figure)

Status: {met} met · {on_track} on track (growth ≥ 95% of required) · {moderate} moderate (≥ 60%)
        {insufficient} insufficient (≥ 0) · {moving_away} moving away · {missed} missed
        {awaiting_final} awaiting the final figure · {not_started} not started
        {insufficient_data} insufficient data · {no_data} no data

Figures recorded elsewhere (another user, `ectui set`, an import) appear within seconds.
"""}


class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Close"), Binding("question_mark", "app.pop_screen", "Close"),
                Binding("q", "app.pop_screen", "Close", show=False)]

    def __init__(self, lang: str = "zh") -> None:
        super().__init__()
        self.lang = lang

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text(HELP[self.lang].format(**STATUS_SYMBOLS)))
