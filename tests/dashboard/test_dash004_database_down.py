"""Database down: the app starts anyway, pages load, a clear banner shows, charts
say so, and everything comes back by itself when the database is back."""

from __future__ import annotations

import pytest

from tests.dashboard.conftest import login
from tests.dashboard.proxy import PgProxy


def chart_payload(name: str) -> dict:
    cid = {"type": "chart", "name": name}
    return {
        "output": '{"name":["MATCH"],"type":"chart"}.figure',
        "outputs": {"id": cid, "property": "figure"},
        "inputs": [{"id": "page-params", "property": "data", "value": {"site_id": 1, "range": "7d"}},
                   {"id": "refresh", "property": "n_intervals", "value": 1}],
        "state": [{"id": cid, "property": "id", "value": cid}],
        "changedPropIds": ["refresh.n_intervals"],
    }


def banner(shown=None, refreshes=3) -> dict:
    return {
        "output": "..db-banner.children...refresh.n_intervals..",
        "outputs": [{"id": "db-banner", "property": "children"}, {"id": "refresh", "property": "n_intervals"}],
        "inputs": [{"id": "health", "property": "n_intervals", "value": 1},
                   {"id": "url", "property": "pathname", "value": "/"}],
        "state": [{"id": "db-banner", "property": "children", "value": shown},
                  {"id": "refresh", "property": "n_intervals", "value": refreshes}],
        "changedPropIds": ["health.n_intervals"],
    }


@pytest.fixture
def proxy(seeded_dsn):
    p = PgProxy(seeded_dsn[0])
    yield p
    p.close()


def test_dash004_down_banner_and_recovery(client, use_db, proxy):
    proxy.down()
    use_db(proxy.dsn)  # the app is (re)started while the database is down
    login(client, "admin")
    assert client.get("/").status_code == 200
    assert client.get("/_dash-layout").status_code == 200
    r = client.post("/_dash-update-component", json=banner())
    assert r.status_code == 200 and "The database cannot be reached" in r.get_data(as_text=True)
    shown = r.get_json()["response"]["db-banner"]["children"]
    r = client.post("/_dash-update-component", json=chart_payload("site.occupancy"))
    assert r.status_code == 200 and "The database cannot be reached" in r.get_data(as_text=True)

    proxy.up()
    r = client.post("/_dash-update-component", json=banner(shown, 3))
    assert r.status_code == 200 and "cannot be reached" not in r.get_data(as_text=True)
    # the banner goes and every page's figures refresh at once
    assert r.get_json()["response"] == {"db-banner": {"children": None}, "refresh": {"n_intervals": 4}}
    r = client.post("/_dash-update-component", json=chart_payload("site.occupancy"))
    body = r.get_data(as_text=True)
    assert "cannot be reached" not in body and '"type":"scatter"' in body.replace(" ", "")

    # down again while the pool holds connections: refused, then back again
    proxy.down()
    r = client.post("/_dash-update-component", json=chart_payload("site.visitors"))
    assert "cannot be reached" in r.get_data(as_text=True)
    proxy.up()
    r = client.post("/_dash-update-component", json=chart_payload("site.visitors"))
    assert '"type":"bar"' in r.get_data(as_text=True).replace(" ", "")
