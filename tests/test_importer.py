"""The importer's fast path for common rows (recording.prepare_plain) must give exactly what
`prepare` gives for the same row."""

import csv
import io

import pytest

from ectui.importer import read_csv
from ectui.recording import InputError, prepare
from ectui.targets import load_targets
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


def test_every_row_as_prepare_makes_it():
    catalog = load_targets(BUNDLED_TARGETS)
    result = read_csv(_csv(ROWS), "f.csv", catalog, default_source="默认来源")
    assert not result.errors
    expected = [prepare(catalog, r, i, y, v, unit=u, source=s or "默认来源", note=n) for r, i, y, v, u, s, n in ROWS]
    assert result.revisions == expected
    assert [type(r) for r in result.revisions] == [type(e) for e in expected]
    assert result.revisions[0] == ("quanzhou", "ec_transactions", 2014, 1200.0, "亿元", "", "1200", "统计公报", "")
    assert result.revisions[1].note == "备注" and result.revisions[2].source == "年鉴"
    # the fast path takes the common rows (an id or a name, a unit column equal to the
    # indicator's) and leaves every other row to prepare_resolved
    from ectui.recording import prepare_plain, resolve
    taken = [prepare_plain(*resolve(catalog, r, i), y, v, u, s or "默认来源", n) is not None
             for r, i, y, v, u, s, n in ROWS]
    assert taken == [True, True, True, False, False, False, False, True, False, True, True]  # ２０２０ is digits


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
