"""Show strings from data literally: no markup, no terminal control sequences.

Names, notes and sources come from files and other users. Rich never sees them as markup
(callers wrap them in ``Text``), and ``literal`` makes control, zero-width and bidi characters
visible as escapes so they cannot move the cursor, recolour the terminal or reorder a line.
"""

from __future__ import annotations

import unicodedata

_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}


def _visible(ch: str) -> str:
    if ch in _INVISIBLE or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co"):
        code = ord(ch)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return ch


def literal(text: object) -> str:
    """``literal("a\\x1b[31mb")`` -> ``'a\\\\x1b[31mb'``; printable text is unchanged."""
    s = "" if text is None else str(text)
    if s.isprintable():
        return s
    return "".join(_visible(ch) for ch in s)


# A spreadsheet runs a cell that begins with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@")


def formula_safe(text: str) -> str:
    """A CSV text cell a spreadsheet will not run: ``"=1+1"`` -> ``"'=1+1"`` (Excel's own escape);
    ``unformula`` undoes it when ectui reads its export back."""
    # also a cell of quotes before such a character, so that unformula gives back exactly the text
    return "'" + text if text.lstrip("'")[:1] in FORMULA_STARTS else text


def unformula(text: str) -> str:
    return text[1:] if text[:1] == "'" and text.lstrip("'")[:1] in FORMULA_STARTS else text
