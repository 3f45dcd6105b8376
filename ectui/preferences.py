"""A person's dashboard preferences (language, theme), kept between sessions.

    prefs = load_preferences()          # Preferences(lang="zh", theme=None) when there is no file
    save_preferences(prefs._replace(lang="en"))

The file is ``$XDG_CONFIG_HOME/ectui/config.toml`` (``~/.config/ectui/config.toml`` without it),
one table that ectui writes itself::

    [dashboard]
    lang = "en"
    theme = "textual-light"

A file that cannot be read is not fatal: the dashboard starts with the defaults and says why; it
is replaced only when a preference changes, whole (written beside it, then renamed over it).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import NamedTuple

LANGS = ("zh", "en")


class Preferences(NamedTuple):
    lang: str = "zh"
    theme: str | None = None  # None: Textual's default


def config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "ectui" / "config.toml"


def load_preferences(path: Path | None = None) -> tuple[Preferences, str]:
    """The saved preferences, and "" or why the file was not used (a message for the person)."""
    path = path or config_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Preferences(), ""
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Preferences(), f"{path}: not read ({exc}); using the defaults"
    table = data.get("dashboard", {})
    if not isinstance(table, dict):
        return Preferences(), f"{path}: [dashboard] is not a table; using the defaults"
    lang, theme = table.get("lang", "zh"), table.get("theme")
    problems = []
    if lang not in LANGS:
        problems.append(f"lang = {lang!r} is not one of {', '.join(LANGS)}")
        lang = "zh"
    if theme is not None and not isinstance(theme, str):
        problems.append("theme is not a string")
        theme = None
    return Preferences(lang, theme), (f"{path}: " + "; ".join(problems) + "; using the defaults for them"
                                      if problems else "")


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def save_preferences(prefs: Preferences, path: Path | None = None) -> str:
    """Write the preferences; returns "" or why they could not be saved (they still apply now)."""
    path = path or config_path()
    lines = ["# ectui's dashboard preferences, written by ectui (l: language; ctrl+p, Theme)", "[dashboard]",
             f"lang = {_toml_string(prefs.lang)}"]
    if prefs.theme:
        lines.append(f"theme = {_toml_string(prefs.theme)}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        partial.write_text("\n".join(lines) + "\n", encoding="utf-8")
        os.replace(partial, path)
    except OSError as exc:
        return f"preferences not saved to {path}: {exc.strerror or exc}"
    return ""
