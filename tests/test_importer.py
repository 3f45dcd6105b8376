"""The importer's inline path for common rows must give exactly what `prepare` gives for the
same row, with the same errors on the same lines."""

import csv
import io
import random

import pytest

from ectui.recording import csv_import as importer
from ectui.recording.csv_import import read_csv
from ectui.recording.entry import InputError, prepare, prepare_resolved
from ectui.targets.loader import load_targets
from tests.conftest import BUNDLED_TARGETS

ROWS = [  # region, indicator, year, value, unit, source, note
    ("quanzhou", "ec_transactions", "2014", "1200", "", "统计公报", ""),         # the fast path
    ("quanzhou", "ec_transactions", "2015", "-3.25", "亿元", "", "  备注 "),      # unit column = indicator's
    ("泉州市", "电子商务交易额", "2013", "980.5", "", " 年鉴 ", ""),               # names, not ids
    ("quanzhou", "ec_transactions", "2016", "约1800亿元", "", "s", ""),           # qualifier and unit
    ("quanzhou", "ec_transactions", "2017", "1800", "万元", "s", ""),             # unit column converts
    ("quanzhou", "ec_transactions", "2018", " 1900 ", "", "s", ""),              # spaces
    ("quanzhou", "ec_transactions", " 2019", "2000", "", "s", ""),               # a year with a space
    ("quanzhou", "ec_transactions", "２０２０", "2100", "", "s", ""),              # full-width digits
    ("cn", "manager_it_training", "2010", "1", "", "s", ""),                     # yes/no indicator
    ("cn", "b2b_share", "2012", "48.6", "%", "s", ""),
    ("cn", "b2b_share", "2013", "1000000000000000", "", "s", ""),                # at the plausible limit
]


def _csv(rows) -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["region", "indicator", "year", "value", "unit", "source", "note"])
    w.writerows(rows)
    return out.getvalue().encode()


def test_every_row_as_prepare_makes_it(monkeypatch):
    catalog = load_targets(BUNDLED_TARGETS)
    result = read_csv(_csv(ROWS), "f.csv", catalog, default_source="默认来源")
    assert not result.errors
    expected = [prepare(catalog, r, i, y, v, unit=u, source=s or "默认来源", note=n) for r, i, y, v, u, s, n in ROWS]
    assert result.revisions == expected
    assert [type(r) for r in result.revisions] == [type(e) for e in expected]
    assert result.revisions[0][:9] == ("quanzhou", "ec_transactions", 2014, 1200.0, "亿元", "", "1200", "统计公报", "")
    assert result.revisions[1].note == "备注" and result.revisions[2].source == "年鉴"
    # the inline path takes the common rows (an id or a name, a unit column equal to the
    # indicator's, four ASCII digits, a bare number) and leaves every other row to prepare_resolved
    fuller = []
    monkeypatch.setattr(importer, "prepare_resolved", lambda *a: fuller.append(a[2]) or prepare_resolved(*a))
    assert read_csv(_csv(ROWS), "f.csv", catalog, default_source="默认来源").revisions == expected
    taken = [row[2] not in fuller for row in ROWS]
    assert taken == [True, True, True, False, False, False, False, False, False, True, True]


@pytest.mark.parametrize("row", [
    ("quanzhou", "ec_transactions", "2014", "12abc", "", "s", ""),
    ("quanzhou", "ec_transactions", "2014", "10000000000000000", "", "s", ""),
    ("quanzhou", "ec_transactions", "1899", "1", "", "s", ""),
    ("quanzhou", "ec_transactions", "2014", "1800", "%", "s", ""),
    ("cn", "manager_it_training", "2010", "7", "", "s", ""),
    ("nowhere", "ec_transactions", "2014", "1", "", "s", ""),
])
def test_rows_prepare_refuses_are_refused_with_the_same_message(row):
    catalog = load_targets(BUNDLED_TARGETS)
    with pytest.raises(InputError) as refused:
        prepare(catalog, *row[:4], unit=row[4], source=row[5], note=row[6])
    result = read_csv(_csv([ROWS[0], row]), "f.csv", catalog)
    assert result.errors == [(3, str(refused.value))]
    assert len(result.revisions) == 1


def _reference(data: str, catalog, default_source: str):
    """What an import of data must give, row by row by `prepare`: (revisions, errors, blank lines).
    An error names the line its row starts on."""
    reader = csv.reader(io.StringIO(data, newline=""))
    columns = next(reader)
    at = {c: columns.index(c) for c in columns}
    revisions, errors, blank, line = [], [], 0, reader.line_num + 1
    for row in reader:
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            blank += 1
        elif len(row) != len(columns):
            errors.append((start, f"{len(row)} fields, expected {len(columns)} ({','.join(columns)})"))
        else:
            cell = {c: row[i] for c, i in at.items()}
            try:
                revisions.append(prepare(catalog, cell["region"], cell["indicator"], cell["year"], cell["value"],
                                         unit=cell.get("unit", ""), source=cell.get("source", "") or default_source,
                                         note=cell.get("note", "")))
            except InputError as exc:
                errors.append((start, str(exc)))
    return revisions, errors, blank


CELLS = {  # common cells often, every kind of uncommon one now and then
    "region": ["quanzhou"] * 6 + ["cn", "泉州市", "福建省", "nowhere", "", " quanzhou"],
    "indicator": ["ec_transactions"] * 6 + ["b2b_share", "电子商务交易额", "manager_it_training", "nothing", ""],
    "year": ["2014"] * 4 + ["2015", "2030", " 2016", "２０１７", "1899", "2201", "20x4", "", "2014\n"],
    "value": ["1200", "-3.25", "0", "48.6", "1000000000000000"] * 3 + ["10000000000000000", "约1800亿元", "1e5",
              " 12 ", "12.", ".5", "", "是", "1", "7", "1\n2", "１２", "-0", "12\r\n"],
    "unit": [""] * 6 + ["亿元", "万元", "%", " ", "是/否"],
    "source": ["统计公报"] * 4 + ["", "  ", " 年鉴 ", "a\nb"],
    "note": [""] * 6 + ["  备注 ", "corrected", "x\ry"],
}


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("columns", [("region", "indicator", "year", "value", "unit", "source", "note"),
                                     ("value", "year", "indicator", "region"),
                                     ("note", "region", "indicator", "year", "value", "source")])
def test_an_import_gives_what_prepare_gives_row_by_row(seed, columns):
    """Random files: mostly common rows, with blank lines, short rows, quoted line breaks and every
    kind of uncommon cell."""
    rng = random.Random(seed)
    catalog = load_targets(BUNDLED_TARGETS)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=rng.choice(["\n", "\r\n"]))
    writer.writerow(columns)
    for _ in range(400):
        kind = rng.random()
        if kind < 0.03:
            out.write(rng.choice(["\n", ",,,\n", " \n"]))
        elif kind < 0.05:
            writer.writerow(["quanzhou", "2014"])
        elif kind < 0.6:  # a common row
            writer.writerow([CELLS[c][0] for c in columns])
        else:
            writer.writerow([rng.choice(CELLS[c]) for c in columns])
    data = out.getvalue()
    result = read_csv(data.encode(), "f.csv", catalog, default_source="默认来源")
    revisions, errors, blank = _reference(data, catalog, "默认来源")
    assert result.errors == errors
    assert result.revisions == revisions and result.blank_lines == blank
    assert [type(r) for r in result.revisions] == [type(r) for r in revisions]
    assert len(revisions) > 150 and errors


def test_a_malformed_row_stops_the_import_after_checking_the_rows_before_it():
    catalog = load_targets(BUNDLED_TARGETS)
    data = ("region,indicator,year,value\n"
            "quanzhou,ec_transactions,2014,1\n"
            "quanzhou,ec_transactions,1899,1\n"         # line 3: a bad year
            'quanzhou,ec_transactions,2015,"a\nb"\n'    # lines 4-5: a quoted line break
            "quanzhou,ec_transactions,2016,x\n"         # line 6
            "quanzhou,ec_transactions,2017,1\n"
            "quanzhou,ec_transactions,2018,1\n"
            f"quanzhou,ec_transactions,2019,{'1' * 200_000}\n"  # line 9: beyond csv's field limit
            "quanzhou,ec_transactions,2020,1\n")
    result = read_csv(data.encode(), "f.csv", catalog)
    assert [line for line, _ in result.errors] == [3, 4, 6, 9]
    assert "malformed CSV: field larger than field limit" in result.errors[-1][1] and "1899" in result.errors[0][1]
    assert [r.year for r in result.revisions] == [2014, 2017, 2018]


def test_progress_is_reported_every_so_many_rows(monkeypatch):
    monkeypatch.setattr(importer, "PROGRESS_EVERY", 3)
    catalog = load_targets(BUNDLED_TARGETS)
    seen = []
    result = read_csv(_csv([ROWS[0]] * 7), "f.csv", catalog, progress=seen.append)
    assert seen == [3, 6] and len(result.revisions) == 7


def test_the_years_read_by_lookup_are_the_plain_years():
    """Every four ASCII digits within range, and nothing else; the rest is parse_year's to read."""
    from ectui.model import YEAR_MAX, YEAR_MIN
    from ectui.recording.entry import PLAIN_YEARS, InputError, parse_year
    for n in range(10_000):
        text = f"{n:04d}"
        assert PLAIN_YEARS.get(text) == (n if YEAR_MIN <= n <= YEAR_MAX else None), text
    assert {"２０２０", " 2015", "015", "2015.0"}.isdisjoint(PLAIN_YEARS)
    assert (parse_year("２０２０"), parse_year(" 2015 "), parse_year(2015)) == (2020, 2015, 2015)
    for bad in ("²⁰¹⁵", "1899", "015x"):  # superscript digits are digits to isdigit(), not to int()
        with pytest.raises(InputError):
            parse_year(bad)
