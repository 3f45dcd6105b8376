"""Messages between the App and the screens (the App never calls a screen's methods by name)."""

from __future__ import annotations

from textual.message import Message


class FiguresChanged(Message):
    """The store changed (another user, `ectui set`, the record form): the rows were dropped and
    are computed again when asked for."""


class FigureRecorded(Message):
    """A screen recorded a figure (the App reloads what every screen shows)."""


class LanguageChanged(Message):
    """The App's language changed: labels, headers and cells are drawn again in it."""


class JumpToRegion(Message):
    """Show this region in the overview (the command palette)."""

    def __init__(self, region_id: str) -> None:
        super().__init__()
        self.region_id = region_id


class FocusRegion(Message):
    """Focus the dashboard on this region (drill into it, or go up): breadcrumb, overview, league."""

    def __init__(self, region_id: str) -> None:
        super().__init__()
        self.region_id = region_id


class FilterTable(Message):
    """Show the gap table filtered by this text and, optionally, plan (the command palette)."""

    def __init__(self, text: str = "", plan: str | None = None) -> None:
        super().__init__()
        self.text, self.plan = text, plan


class OpenTarget(Message):
    """Open this target's detail view (a row key of screens.state.row_key)."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
