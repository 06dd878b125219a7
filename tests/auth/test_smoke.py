"""The skeleton works end to end through the ASGI app."""


def test_registered_user_sees_themselves(alice):
    assert alice.ok("{ me { email } }")["me"]["email"] == "alice@example.com"


def test_anonymous_me_is_unauthenticated(anonymous):
    error = anonymous.error("{ me { email } }")
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


def test_health_endpoints(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json()["database"] == "ok"
