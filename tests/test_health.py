"""Liveness and readiness endpoints."""


def test_health_endpoints_report_ok_with_a_reachable_database(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ok", "database": "ok"}
