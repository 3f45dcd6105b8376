"""The ectui dashboard: a small App; the UI lives in DashboardScreen and the screens it opens.

The App owns what every screen shows (DashboardState) and the language; it tells the screens
when either changed by messages (screens.messages), never by calling them.
"""

from __future__ import annotations

import os
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from ectui.collector import thaw
from ectui.db import RevisionStore as Store
from ectui.db import StoreError
from ectui.model import Catalog
from ectui.preferences import Preferences, load_preferences, save_preferences
from ectui.screens.commands import JumpProvider
from ectui.screens.dashboard import DashboardScreen
from ectui.screens.messages import FigureRecorded, FiguresChanged, LanguageChanged
from ectui.screens.state import DashboardState
from ectui.text import literal

REFRESH_SECONDS = 1.0


class EctuiApp(App):
    CSS_PATH = Path(__file__).with_name("ectui.tcss")
    TITLE = "ectui"
    COMMANDS = App.COMMANDS | {JumpProvider}
    BINDINGS = [Binding("ctrl+c", "quit", "Quit", show=False, priority=True)]

    def __init__(self, catalog: Catalog, store: Store, lang: str | None = None,
                 refresh_seconds: float = REFRESH_SECONDS, current_year: int | None = None):
        """``lang``: the interface's language; None: the one the person chose last (preferences)."""
        super().__init__()
        self.prefs, self.prefs_problem = load_preferences()
        self.state = DashboardState(catalog, store, lang=lang or self.prefs.lang, current_year=current_year)
        self.state.reload()
        self.refresh_seconds = refresh_seconds
        self.store_lost = False  # whether the last poll could not reach the store
        if store.engine == "sqlite":
            folder, name = os.path.split(os.path.abspath(store.path))
            where = f"{os.path.basename(folder)}/{name}"
        else:
            where = store.path  # a server's URL, without its password
        self.sub_title = ("只读 read-only · " if store.readonly else "") + where

    def on_mount(self) -> None:
        if self.prefs.theme in self.available_themes:
            self.theme = self.prefs.theme
        elif self.prefs.theme:
            self.prefs_problem = f"unknown theme {self.prefs.theme!r} in the preferences; using the default"
        if self.prefs_problem:
            self.notify(self.prefs_problem, severity="warning", timeout=8, markup=False)
        self.theme_changed_signal.subscribe(self, lambda theme: self.remember(self.prefs._replace(theme=theme.name)))
        self.push_screen(DashboardScreen(self.state))
        self.set_interval(self.refresh_seconds, self.poll_store)

    def remember(self, prefs: Preferences) -> None:
        """Save a changed preference; say once if it cannot be saved (it still applies now)."""
        if prefs == self.prefs:
            return
        self.prefs = prefs
        problem = save_preferences(prefs)
        if problem and problem != self.prefs_problem:
            self.prefs_problem = problem
            self.notify(problem, severity="warning", timeout=8, markup=False)

    def on_unmount(self) -> None:
        thaw()  # what the state froze is ordinary garbage again once the app is gone

    def poll_store(self) -> None:
        """Pick up figures other processes recorded (another user, `ectui set`, an import). A
        database server out of reach is said once; the figures shown stay, and polling goes on
        until it answers again."""
        try:
            changed = self.state.changed_elsewhere()
        except StoreError as exc:
            if not self.store_lost:
                self.store_lost = True
                zh = self.state.lang == "zh"
                self.notify(literal(str(exc)), title="数据库连接中断，显示的是最后读到的数据" if zh else
                            "The database cannot be reached; showing the figures last read",
                            severity="warning", timeout=30, markup=False)
            return
        if self.store_lost:
            self.store_lost = False
            self.notify("已重新连接数据库" if self.state.lang == "zh" else "The database answers again",
                        title="ectui", markup=False)
        if changed:
            self.reload()

    def reload(self) -> None:
        """Drop the rows computed from the store, and tell every screen."""
        self.state.reload()
        for screen in self.screen_stack:
            screen.post_message(FiguresChanged())

    def on_figure_recorded(self, message: FigureRecorded) -> None:
        self.reload()

    def action_toggle_lang(self) -> None:
        self.state.lang = "en" if self.state.lang == "zh" else "zh"
        self.remember(self.prefs._replace(lang=self.state.lang))
        for screen in self.screen_stack:
            screen.post_message(LanguageChanged())


def run_dashboard(catalog: Catalog, store: Store) -> int:
    EctuiApp(catalog, store).run()
    return 0
