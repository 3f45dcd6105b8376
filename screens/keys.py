"""The keys line at the bottom of a screen, in the interface's language.

Textual's Footer shows each binding's one description; ectui's interface switches language at
`l`, so each screen lists its keys here with a label in each language. A click on a key runs its
action, as in the Footer. Keys that do not fit the width are left out whole, from the end.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widgets import Static

# (key shown, action, Chinese label, English label)
Key = tuple[str, str, str, str]


class KeyLine(Static):
    DEFAULT_CSS = """
    KeyLine { dock: bottom; height: 1; background: $footer-background; color: $footer-foreground; padding: 0 1; }
    """

    def __init__(self, keys: list[Key], lang: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self.keys = keys
        self.lang = lang

    def show_lang(self, lang: str) -> None:
        self.lang = lang
        self.refresh()

    def render(self) -> Text:
        width = self.content_region.width or 80
        line = Text(no_wrap=True, overflow="crop")
        for n, (key, action, zh, en) in enumerate(self.keys):
            label = " " + (zh if self.lang == "zh" else en)
            if cell_len(line.plain) + (2 if n else 0) + cell_len(key + label) > width:
                break
            click = Style.from_meta({"@click": action})
            if n:
                line.append("  ")
            line.append(key, style=Style(bold=True) + click)
            line.append(label, style=click)
        return line
