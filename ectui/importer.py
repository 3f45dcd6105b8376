"""Read a CSV of figures (header ``region,indicator,year,value[,unit,source,note]``).

Validation is complete before anything is written: the caller gets every good row and every
bad row (with its line number and reason), and writes only when there are no bad rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from ectui.db import NewRevision
from ectui.model import Catalog
from ectui.recording import InputError, prepare_resolved, resolve
from ectui.revisions_csv import is_revision_export, read_export

REQUIRED = ("region", "indicator", "year", "value")
OPTIONAL = ("unit", "source", "note")


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, header)."""


@dataclass
class ImportResult:
    revisions: list[NewRevision] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    encoding: str = "utf-8"
    blank_lines: int = 0
    # A revisions export (`ectui export --revisions`): (revision, author, recorded_at) kept as is.
    restored: list[tuple[NewRevision, str, str]] | None = None


def decode(raw: bytes, name: str) -> tuple[str, str]:
    """UTF-8 (with or without BOM); GBK/GB18030 files from Excel on Chinese Windows too."""
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        return raw.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        line = raw[: utf8_error.start].count(b"\n") + 1
        raise ImportFileError(f"{name}:{line}: not UTF-8 or GBK text; save the file as UTF-8 CSV") from None


def read_csv(raw: bytes, name: str, catalog: Catalog,
             progress: Callable[[int], None] | None = None, default_source: str = "") -> ImportResult:
    text, encoding = decode(raw, name)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError(f"{name}: the file is empty; the first line must be the header "
                              f"{','.join(REQUIRED + OPTIONAL)}") from None
    except csv.Error as exc:
        raise ImportFileError(f"{name}:1: cannot read the header ({exc})") from None
    columns = [h.strip().lower() for h in header]
    if is_revision_export(columns):
        restored, errors = read_export(reader, columns, catalog)
        return ImportResult(errors=errors, encoding=encoding, restored=restored)
    missing = [c for c in REQUIRED if c not in columns]
    unknown = [c for c in columns if c not in REQUIRED + OPTIONAL]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown column(s) {', '.join(repr(u) for u in unknown)}")
        raise ImportFileError(f"{name}:1: bad header ({'; '.join(parts)}): the header must be "
                              f"{','.join(REQUIRED)}[,{','.join(OPTIONAL)}]")
    width = len(columns)
    at = {c: columns.index(c) for c in columns}
    i_region, i_indicator, i_year, i_value = (at[c] for c in REQUIRED)
    i_unit, i_source, i_note = (at.get(c) for c in OPTIONAL)
    # Each distinct (region, indicator) text is resolved once: a national file repeats them.
    resolved: dict[tuple[str, str], tuple | InputError] = {}
    result = ImportResult(encoding=encoding)
    add, errors = result.revisions.append, result.errors
    try:
        for n, row in enumerate(reader, start=1):
            if len(row) != width or not row[i_region].strip():
                if not any(cell.strip() for cell in row):
                    result.blank_lines += 1
                    continue
                if len(row) != width:
                    errors.append((reader.line_num, f"{len(row)} fields, expected {width} ({','.join(columns)})"))
                    continue
            names = (row[i_region], row[i_indicator])
            pair = resolved.get(names)
            if pair is None:
                try:
                    pair = resolve(catalog, *names)
                except InputError as exc:
                    pair = exc
                resolved[names] = pair
            try:
                if isinstance(pair, InputError):
                    raise pair
                add(prepare_resolved(*pair, row[i_year], row[i_value],
                                     "" if i_unit is None else row[i_unit],
                                     ("" if i_source is None else row[i_source]) or default_source,
                                     "" if i_note is None else row[i_note]))
            except InputError as exc:
                errors.append((reader.line_num, str(exc)))
            if progress and n % 10000 == 0:
                progress(n)
    except csv.Error as exc:
        result.errors.append((reader.line_num, f"malformed CSV: {exc}"))
    return result
