"""A deterministic dashboard for Pilot and snapshot tests: fixed authors, times and year."""

from __future__ import annotations

from pathlib import Path

from ectui.model import NewRevision
from ectui.recording.workspace import seed_revisions
from ectui.screens.app import EctuiApp
from ectui.targets.loader import load_targets
from tests.conftest import ENGINE, store_of, write_five_documents

STAMP = "2026-01-02T03:04:05.000000Z"
FIGURES = [
    ("quanzhou", "ec_transactions", 2012, 700.0, "亿元", "2012年统计公报"),
    ("quanzhou", "ec_transactions", 2013, 1000.0, "亿元", "2013年统计公报"),
    ("quanzhou", "sme_ec_adoption", 2013, 75.0, "%", "经贸委调查"),
    ("quanzhou", "sme_ec_adoption", 2014, 82.0, "%", "经贸委调查"),
    ("quanzhou", "demo_enterprises", 2014, 40.0, "家", "经贸委"),
    ("cn", "ec_transactions", 2013, 100000.0, "亿元", "商务部"),
    ("cn", "online_purchase_share", 2010, 20.0, "%", "统计"),
]

PUBLISHED = {("quanzhou", "ec_transactions", 2013): {"publisher": "泉州市统计局", "published": "2014-02-28"}}


def make_workspace(root: Path, request=None) -> Path:
    """The workspace; on the engine under test when ``request`` (a pytest request) is given
    (tests/conftest.py ENGINE), else on SQLite."""
    ws = root / "ws"
    ws.mkdir(parents=True, exist_ok=True)
    write_five_documents(ws / "targets.toml")
    catalog = load_targets(ws / "targets.toml")
    if request is not None and ENGINE == "postgresql":  # a database of its own, filled as SQLite's is
        from ectui.db.postgres import open_postgres
        server = request.getfixturevalue("pg_server")
        url = server.url(server.database())
        open_postgres(url, create=True).close()
        (ws / "ectui.toml").write_text(f'[store]\nurl = "{url}"\n', encoding="utf-8")
    store = store_of(ws)
    store.record(seed_revisions(catalog), author="plan", recorded_at=STAMP)
    store.record([NewRevision(r, i, y, v, unit=u, entered=f"{v:g}{u}", source=s, **PUBLISHED.get((r, i, y), {}))
                  for r, i, y, v, u, s in FIGURES], author="analyst", recorded_at=STAMP)
    # a 2014 figure so far: shown beside the row, not judged
    store.record([NewRevision("quanzhou", "ec_transactions", 2014, 1150.0, unit="亿元", entered="1150亿元",
                              source="统计月报", publisher="泉州市统计局", published="2014-10-20", period="M01-M09")],
                 author="analyst", recorded_at=STAMP)
    store.close()
    return ws


def make_app(ws: Path, lang: str = "zh", readonly: bool = False, refresh_seconds: float = 0.2) -> EctuiApp:
    catalog = load_targets(ws / "targets.toml")
    store = store_of(ws, readonly=True if readonly else None)
    return EctuiApp(catalog, store, lang=lang, refresh_seconds=refresh_seconds, current_year=2014)
