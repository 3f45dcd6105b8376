"""Read a CSV of figures (header ``region,indicator,year,value[,unit,source,note]``).

Validation is complete before anything is written: the caller gets every good row and every
bad row (with its line number and reason), and writes only when there are no bad rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from ectui.collector import collector_paused
from ectui.errors import ImportFileError
from ectui.model import Catalog, Indicator, NewRevision, Region
from ectui.numbers import bare_number
from ectui.recording.entry import (
    PLAIN_YEARS,
    InputError,
    clean_source,
    parse_published,
    prepare_resolved,
    resolve_indicator,
    resolve_region,
    takes_plain,
    with_period,
    with_qualifier,
)
from ectui.recording.revisions_csv import is_revision_export, read_export

REQUIRED = ("region", "indicator", "year", "value")
OPTIONAL = ("unit", "source", "note")
PROVENANCE = ("publisher", "published", "official", "url")  # where a figure comes from (docs/store.md)
# Columns a revisions export also has, so that any of its columns import without a rescaled value:
# the period and qualifier apply; the value as entered is what `value` and `unit` already say.
EXPORTED = ("period", "qualifier", "entered", "entered_unit")
# Column names as offices write them, in English or Chinese, to the names above.
HEADER_NAMES = {"source_url": "url", "地区": "region", "区域": "region", "指标": "indicator", "年份": "year",
                "年度": "year", "数值": "value", "值": "value", "单位": "unit", "来源": "source", "数据来源": "source",
                "备注": "note", "发布日期": "published", "发布时间": "published", "发布机构": "publisher",
                "是否官方": "official", "链接": "url", "网址": "url", "期间": "period", "时期": "period",
                "统计期": "period", "报告期": "period"}
XLSX_SIGNATURE = b"PK\x03\x04"  # an Excel workbook is a zip file
OFFICIAL_WORDS = {"": True, "yes": True, "y": True, "true": True, "1": True, "是": True, "官方": True,
                  "no": False, "n": False, "false": False, "0": False, "否": False, "非官方": False}


@dataclass
class ImportResult:
    revisions: list[NewRevision] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    encoding: str = "utf-8"
    blank_lines: int = 0
    # A revisions export (`ectui export --revisions`): (revision, author, recorded_at) kept as is.
    restored: list[tuple[NewRevision, str, str]] | None = None

    # Reads the file again for the line each revision came from: only a message needs them
    find_lines: Callable[[], list[int]] | None = field(default=None, repr=False)
    _lines: list[int] | None = field(default=None, repr=False)

    def lines(self) -> list[int]:
        """The line each of ``revisions`` was read from (its first line, for a cell with line breaks)."""
        if self._lines is None:
            assert self.find_lines is not None
            self._lines = self.find_lines()
        return self._lines

    @property
    def good(self) -> int:
        """How many rows are good."""
        return len(self.restored) if self.restored is not None else len(self.revisions)


def decode(raw: bytes, name: str) -> tuple[str, str]:
    """UTF-8 (with or without BOM); UTF-16 with its BOM (Excel's "Unicode text"); GBK/GB18030
    files from Excel on Chinese Windows too."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ImportFileError(f"{name}: starts like UTF-16 text but is not; save the file as UTF-8 CSV") from None
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
             progress: Callable[[int], None] | None = None, default_source: str = "",
             sheet: str | None = None) -> ImportResult:
    """Every row of a figures file checked, or a revisions export read (``result.restored``).

    The file is CSV (comma or tab separated; UTF-8, UTF-16, GBK) or an Excel workbook (its first
    sheet, or ``sheet``); its header names the columns in English or Chinese (HEADER_NAMES)."""
    reader, text, encoding, delimiter = _rows_of(raw, name, sheet)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError(f"{name}: the file is empty; the first line must be the header "
                              f"{','.join(REQUIRED + OPTIONAL)}") from None
    except csv.Error as exc:
        raise ImportFileError(f"{name}:1: cannot read the header ({exc})") from None
    while header and not header[-1].strip():  # Excel's trailing empty columns
        header.pop()
    columns = [HEADER_NAMES.get(c, c) for c in (h.strip().lower() for h in header)]
    if is_revision_export(columns):
        restored, errors = read_export(reader, columns, catalog)
        return ImportResult(errors=errors, encoding=encoding, restored=restored)
    missing = [c for c in REQUIRED if c not in columns]
    unknown = [c for c in columns if c not in REQUIRED + OPTIONAL + PROVENANCE + EXPORTED]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown column(s) {', '.join(repr(u) for u in unknown)}")
        raise ImportFileError(f"{name}:1: bad header ({'; '.join(parts)}): the header must be "
                              f"{','.join(REQUIRED)} and any of {','.join(OPTIONAL + ('period',) + PROVENANCE)}")
    if text.count('"') % 2:  # a quote left open swallows every line after it into one cell
        opened = _unclosed_quote(text, delimiter)
        if opened is not None:
            raise ImportFileError(f"{name}:{opened}: a quote (\") opened on this line is never closed, so every "
                                  "line after it would be read as one cell; close the quote or remove it")
    layout = _Layout(columns, catalog, default_source)
    with collector_paused():
        result = ImportResult(encoding=encoding, find_lines=lambda: _data_lines(raw, name, sheet))
        _read_rows(reader, layout, result, progress)
    return result


def _rows_of(raw: bytes, name: str, sheet: str | None) -> tuple[Any, str, str, str]:
    """(a reader of the file's rows, its text, its encoding, its delimiter)."""
    if raw.startswith(XLSX_SIGNATURE):
        return _SheetRows(xlsx_rows(raw, name, sheet)), "", "xlsx", ","
    text, encoding = decode(raw, name)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","  # tab-separated text
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), text, encoding, delimiter


def _data_lines(raw: bytes, name: str, sheet: str | None) -> list[int]:
    """The first line of each row after the header that is not blank: of each revision of a file
    read without errors (_read_rows skips blank rows only)."""
    reader = _rows_of(raw, name, sheet)[0]
    next(reader)
    return [_first_line(reader, row) for row in reader if any(cell.strip() for cell in row)]


class _Layout:
    """Where each column is, and what has been resolved so far."""

    def __init__(self, columns: list[str], catalog: Catalog, default_source: str):
        self.columns, self.width = columns, len(columns)
        at = {c: columns.index(c) for c in columns}
        self.region, self.indicator, self.year, self.value = (at[c] for c in REQUIRED)
        self.unit, self.source, self.note = (at.get(c) for c in OPTIONAL)
        self.catalog, self.default_source = catalog, default_source
        # Each distinct (region, indicator) text is resolved once: a national file repeats them.
        self.pairs: dict[tuple[str, str], tuple[Region, Indicator] | InputError] = {}
        self.regions: dict[str, Region | InputError] = {}
        self.indicators: dict[str, Indicator | InputError] = {}
        # (region, indicator, unit) as written -> (region id, indicator id, indicator unit) if
        # such rows can be common rows, else _FULL_RULES
        self.common: dict[tuple[str, str, str], tuple[str, str, str] | str] = {}
        self.sources = _Sources(default_source)
        self.provenance = [at.get(c) for c in PROVENANCE]  # None where the file has no such column
        self.period, self.qualifier = at.get("period"), at.get("qualifier")
        # Whether rows need more than their first columns: with_columns
        self.has_more = any(at is not None for at in (*self.provenance, self.period, self.qualifier))
        self.dates: dict[str, str] = {}  # publication dates as written -> as stored

    def with_columns(self, revision: NewRevision, row: list[str]) -> NewRevision:
        """The row's period, qualifier, publisher, publication date, official flag and URL on its
        revision."""
        if self.period is not None:
            revision = with_period(revision, row[self.period])
        if self.qualifier is not None:
            revision = with_qualifier(revision, row[self.qualifier])
        publisher, published, official, url = ("" if at is None else row[at].strip() for at in self.provenance)
        date = self.dates.get(published)
        if date is None:
            date = self.dates[published] = parse_published(published)
        is_official = OFFICIAL_WORDS.get(official.lower())
        if is_official is None:
            raise InputError(f"official {official!r} is not yes or no (是/否)")
        return revision._replace(publisher=publisher, published=date, official=is_official, url=url)

    def new_common(self, key: tuple[str, str, str]) -> tuple[str, str, str] | str:
        """What ``common`` says of a (region, indicator, unit) not seen before."""
        pair = self.pairs.get(key[:2]) or self.new_pair(key[:2])
        found = self.common[key] = ((pair[0].id, pair[1].id, pair[1].unit)
                                    if type(pair) is tuple and takes_plain(pair[1], key[2]) else _FULL_RULES)
        return found

    def new_pair(self, names: tuple[str, str]) -> tuple[Region, Indicator] | InputError:
        """Resolve a (region, indicator) text not seen before, and remember the answer."""
        pair: tuple[Region, Indicator] | InputError
        try:
            pair = (self._resolved(self.regions, names[0], resolve_region),
                    self._resolved(self.indicators, names[1], resolve_indicator))
        except InputError as exc:
            pair = exc
        self.pairs[names] = pair
        return pair

    def _resolved(self, known: dict, name: str, resolve):
        """resolve(catalog, name) once per distinct name: 3,200 regions make 64,000 pairs."""
        found = known.get(name)
        if found is None:
            try:
                found = resolve(self.catalog, name)
            except InputError as exc:
                found = exc
            known[name] = found
        if isinstance(found, InputError):
            raise found
        return found


PROGRESS_EVERY = 10_000
_FULL_RULES = "full rules"  # not a tuple, and true, unlike None


class _Sources(dict):
    """A source cell as written -> the revision's source: a file repeats a few sources."""

    def __init__(self, default: str):
        super().__init__()
        self.default = default

    def __missing__(self, cell: str) -> str:
        self[cell] = source = clean_source(cell or self.default)
        return source


def _read_rows(reader, layout: _Layout, result: ImportResult, progress: Callable[[int], None] | None) -> None:
    """Every row checked by prepare_resolved's rules, each error with its line."""
    L = layout
    add, errors = result.revisions.append, result.errors
    # The fields of a row in prepare_resolved's order (absent optional columns read as ""), in
    # one C call: this loop runs a million times.
    fields = itemgetter(L.region, L.indicator, L.year, L.value,
                        *(L.width if at is None else at for at in (L.unit, L.source, L.note)))
    pair_of, common_of, default_source = L.pairs.get, L.common.get, L.default_source
    year_of, sources, width, region_at = PLAIN_YEARS.get, L.sources, L.width, L.region
    has_more = L.has_more
    try:
        for n, row in enumerate(reader, start=1):
            if progress and not n % PROGRESS_EVERY:
                progress(n)
            if len(row) != width or not row[region_at].strip():
                if not any(cell.strip() for cell in row):
                    result.blank_lines += 1
                    continue
                if len(row) > width and not any(cell.strip() for cell in row[width:]):
                    del row[width:]  # empty cells beyond the header's columns (Excel leaves them)
                if len(row) != width:
                    errors.append((_first_line(reader, row),
                                   f"{len(row)} fields, expected {width} ({','.join(L.columns)})"))
                    continue
            row.append("")  # the cell of an absent optional column
            region, indicator, year, value, unit, source, note = fields(row)
            # The common row of a large file, inline: a known region and indicator, the unit
            # column empty or the indicator's, a four-digit year and a bare number. It gets what
            # prepare_resolved would give it (tests compare the two on random files).
            common = common_of((region, indicator, unit)) or L.new_common((region, indicator, unit))
            revision = None
            if type(common) is tuple:
                y = year_of(year)
                if y is not None:
                    number = bare_number(value)
                    if number is not None:
                        revision = NewRevision(common[0], common[1], y, number, common[2], "", value, sources[source],
                                               note.strip())
                        if not has_more:
                            add(revision)
                            continue
            try:
                if revision is None:
                    pair = pair_of((region, indicator)) or L.new_pair((region, indicator))
                    if isinstance(pair, InputError):
                        raise pair
                    revision = prepare_resolved(*pair, year, value, unit, source or default_source, note)
                add(revision if not has_more else L.with_columns(revision, row))
            except InputError as exc:
                errors.append((_first_line(reader, row), str(exc)))
    except csv.Error as exc:
        result.errors.append((reader.line_num, f"malformed CSV: {exc}"))


class _SheetRows:
    """A sheet's rows as the CSV reader gives them: lists of strings, and line_num."""

    def __init__(self, rows: list[list[str]]):
        self.rows, self.line_num = rows, 0

    def __iter__(self):
        return self

    def __next__(self) -> list[str]:
        if self.line_num >= len(self.rows):
            raise StopIteration
        self.line_num += 1
        return self.rows[self.line_num - 1]


def xlsx_rows(raw: bytes, name: str, sheet: str | None = None) -> list[list[str]]:
    """The cells of a workbook's first sheet (or ``sheet``) as text, as a CSV would hold them."""
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - a dependency; a broken install
        raise ImportFileError(f"{name}: reading .xlsx needs openpyxl (pip install openpyxl), or save it as CSV") from None
    import datetime
    import zipfile
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise ImportFileError(f"{name}: not a readable Excel workbook ({exc}); save it again as .xlsx or CSV") from None
    if sheet is not None and sheet not in book.sheetnames:
        raise ImportFileError(f"{name}: no sheet {sheet!r}; the sheets are {', '.join(book.sheetnames)}")
    cells = book[sheet] if sheet is not None else book.worksheets[0]

    def text(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))  # a year or a count typed as a number
        if isinstance(value, datetime.datetime):
            return value.date().isoformat()
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value)
    return [[text(value) for value in row] for row in cells.iter_rows(values_only=True)]


def _unclosed_quote(text: str, delimiter: str = ",") -> int | None:
    """The line a quoted cell that runs to the end of the file starts on, or None: an odd count
    of quotes can also be a literal quote inside an unquoted cell (12" for inches)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = last_start = 1
    last: list[str] = []
    for last in reader:
        last_start, start = start, reader.line_num + 1
    if any("\n" in cell or "\r" in cell for cell in last):
        return last_start
    return None


def _first_line(reader, row: list[str]) -> int:
    """The line a row just read starts on: a quoted cell may hold line breaks, each of ``\\n``,
    ``\\r\\n`` and a lone ``\\r`` a line of its own (``reader.line_num`` is where it ends)."""
    return reader.line_num - sum(cell.count("\n") + cell.count("\r") - cell.count("\r\n") for cell in row)
