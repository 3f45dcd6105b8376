"""Schema versions of the store, applied in order; ``PRAGMA user_version`` says where a file is.

Each step takes a sqlite-utils Database inside an open transaction. Never edit a released
step: add a new one, so that any older file migrates without loss.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the steps are given a Database; importing sqlite-utils (click, dateutil) takes 50 ms
    import sqlite_utils


def _v1_revisions(db: sqlite_utils.Database) -> None:
    db.table("revisions").create(
        {
            "id": int,
            "region": str,
            "indicator": str,
            "year": int,
            "value": float,
            "unit": str,
            "source": str,
            "note": str,
            "author": str,
            "recorded_at": str,
        },
        pk="id",
        not_null={"region", "indicator", "year", "unit", "source", "note", "author", "recorded_at"},
    )
    # Append-only: history is evidence, so the database itself refuses edits.
    db.execute(
        "CREATE TRIGGER revisions_no_update BEFORE UPDATE ON revisions "
        "BEGIN SELECT RAISE(ABORT, 'revisions are append-only: record a new revision instead'); END"
    )
    db.execute(
        "CREATE TRIGGER revisions_no_delete BEFORE DELETE ON revisions "
        "BEGIN SELECT RAISE(ABORT, 'revisions are append-only: use retract instead'); END"
    )


def _v2_qualifier_and_index(db: sqlite_utils.Database) -> None:
    # v2 keeps what the user typed and its qualifier (超过/近/约/余), and indexes lookups.
    db.table("revisions").add_column("qualifier", str, not_null_default="")
    db.table("revisions").add_column("entered", str, not_null_default="")
    db.table("revisions").create_index(["region", "indicator", "year", "id"], index_name="revisions_key")


def _v3_covering_index(db: sqlite_utils.Database) -> None:
    # Current figures are read from this index alone (no table lookups): 2x faster at national scale.
    db.table("revisions").create_index(["region", "indicator", "year", "id", "value", "qualifier"],
                                 index_name="revisions_current")
    db.execute("DROP INDEX IF EXISTS revisions_key")  # a prefix of the new index


def _v4_packed_current(db: sqlite_utils.Database) -> None:
    # Current figures packed per (region, indicator) for fast whole-country reads (db/packed.py).
    # Empty here: the first write or read that may write fills it from the revisions.
    db.execute("CREATE TABLE current_packed (region TEXT NOT NULL, indicator TEXT NOT NULL, years BLOB NOT NULL, "
               "figures BLOB NOT NULL, qualifiers TEXT, PRIMARY KEY (region, indicator)) WITHOUT ROWID")
    db.execute("CREATE TABLE current_packed_state (revision_id INTEGER NOT NULL)")


def _v5_provenance(db: sqlite_utils.Database) -> None:
    # v5: where a figure comes from (docs/store.md, "Which figure counts"): who published it, when
    # (YYYY, YYYY-MM or YYYY-MM-DD; "" = when it was recorded), whether it is official, where it
    # can be read, and its period ("" = the whole year). Every existing revision keeps its
    # values and reads as official, published when it was recorded, for its whole year.
    table = db.table("revisions")
    table.add_column("publisher", str, not_null_default="")
    table.add_column("published", str, not_null_default="")
    table.add_column("official", int, not_null_default=1)
    table.add_column("url", str, not_null_default="")
    table.add_column("period", str, not_null_default="")
    # the packed figures gain each year's rank (official, publication date); rebuilt on first use
    db.execute("ALTER TABLE current_packed ADD COLUMN ranks TEXT")
    db.execute("DELETE FROM current_packed_state")


def _v6_part_year_index(db: sqlite_utils.Database) -> None:
    # v6: figures for part of a year (1-9月, 上半年) are found without reading the annual ones:
    # a partial index holds only them, so a report asks for them at no cost when there are none.
    db.execute("CREATE INDEX revisions_part_year ON revisions (region, indicator, year, period, id) "
               "WHERE period != ''")


MIGRATIONS = [_v1_revisions, _v2_qualifier_and_index, _v3_covering_index, _v4_packed_current, _v5_provenance,
              _v6_part_year_index]
SCHEMA_VERSION = len(MIGRATIONS)
