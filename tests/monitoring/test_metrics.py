"""/metrics: HTTP metrics labelled by a bounded GraphQL operation name, plus the domain metrics."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator

import pytest
from prometheus_client.parser import text_string_to_metric_families
from pydantic import ValidationError
from starlette.testclient import TestClient

import api.dashboard
from api.app import create_app
from api.config import Settings
from tests.conftest import require_executable

REQUESTS = "fintrack_http_requests_total"
METRICS_TOKEN = "scrape-token-0123456789abcdef"
DURATIONS = "fintrack_http_request_duration_seconds_count"


def scrape(client: TestClient) -> str:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return response.text


def sample_total(text: str, name: str, **labels: str) -> float:
    """The sum of the samples called `name` whose labels include `labels`."""
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name and all(sample.labels.get(key) == value for key, value in labels.items())
    )


def label_values(text: str, name: str, label: str) -> set[str]:
    return {
        sample.labels[label]
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name and label in sample.labels
    }


def post(client: TestClient, query: str, operation_name: object = None) -> None:
    body = {"query": query} if operation_name is None else {"query": query, "operationName": operation_name}
    client.post("/graphql", json=body)


def unique_name(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex}"


def test_metrics_pass_promtool_after_graphql_traffic(client, anonymous):
    promtool = require_executable("promtool")
    anonymous.execute("query Ping { __typename }")
    anonymous.execute("{ me { id } }")
    anonymous.execute("{ nonsense }")
    anonymous.execute('mutation SignIn { login(email: "no@example.com", password: "wrong") { accessToken } }')
    result = subprocess.run([promtool, "check", "metrics"], input=scrape(client), capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_requests_are_counted_and_timed_by_operation_name(client, anonymous):
    labels = {"operation": "Categories", "path": "/graphql", "method": "POST", "status_code": "200"}
    before = scrape(client)
    anonymous.execute("query Categories { __typename }")
    anonymous.execute("query Categories { __typename }")
    after = scrape(client)
    for name in (REQUESTS, DURATIONS):
        assert sample_total(after, name, **labels) - sample_total(before, name, **labels) == 2


def test_operation_name_is_in_the_response_header(client):
    response = client.post("/graphql", json={"query": "query Ping { __typename }"})
    assert response.headers["x-graphql-operation"] == "Ping"


def test_anonymous_operations_share_one_label(client, anonymous):
    before = sample_total(scrape(client), REQUESTS, operation="anonymous", path="/graphql")
    anonymous.execute("{ __typename }")
    anonymous.execute("query { me { id } }")
    after = sample_total(scrape(client), REQUESTS, operation="anonymous", path="/graphql")
    assert after - before == 2


def test_unusable_operation_names_share_the_other_label(client):
    before = scrape(client)
    post(client, f"query {'Long' * 40} {{ __typename }}")  # a valid name, but too long for a label
    post(client, "query {", operation_name="robert'); DROP TABLE students;--")
    post(client, "query {", operation_name={"not": "a string"})
    after = scrape(client)
    other = {"operation": "other"}
    assert sample_total(after, REQUESTS, **other) - sample_total(before, REQUESTS, **other) == 3
    assert all(len(value) <= 64 for value in label_values(after, REQUESTS, "operation"))


def test_names_the_server_does_not_know_share_the_other_label(client):
    names = [unique_name("Flood") for _ in range(20)]
    before = sample_total(scrape(client), REQUESTS, operation="other")
    for name in names:
        post(client, f"query {name} {{ __typename }}")
    text = scrape(client)
    assert sample_total(text, REQUESTS, operation="other") - before == len(names)
    assert not set(names) & label_values(text, REQUESTS, "operation")


def test_root_fields_as_written_or_capitalised_keep_their_label(client):
    for name in ("summary", "Summary", "createRecord", "CreateRecord", "me"):
        post(client, f"query {name} {{ __typename }}")
    assert {"summary", "Summary", "createRecord", "CreateRecord", "me"} <= label_values(
        scrape(client), REQUESTS, "operation"
    )


def test_configured_operation_names_keep_their_label(settings):
    name = unique_name("MonthlyReport")
    settings.metrics_operation_names = [name]
    with TestClient(create_app(settings)) as client:
        post(client, f"query {name} {{ __typename }}")
        assert sample_total(scrape(client), REQUESTS, operation=name) == 1


def test_the_dashboards_own_operation_names_are_known_by_default(client):
    post(client, "query RecordsPage { __typename }")
    assert "RecordsPage" in label_values(scrape(client), REQUESTS, "operation")


@pytest.fixture
def token_client(settings) -> Iterator[TestClient]:
    """The app with /metrics behind a bearer token."""
    settings.metrics_token = METRICS_TOKEN
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer wrong-token-of-some-length", f"Basic {METRICS_TOKEN}", f"Bearer {METRICS_TOKEN}x"],
)
def test_metrics_without_the_token_are_refused(token_client, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    response = token_client.get("/metrics", headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="metrics"'
    assert REQUESTS not in response.text


def test_metrics_with_the_token_are_served(token_client):
    response = token_client.get("/metrics", headers={"Authorization": f"bearer {METRICS_TOKEN}"})
    assert response.status_code == 200
    assert "fintrack_logins_total" in response.text


def test_a_short_metrics_token_is_refused():
    with pytest.raises(ValidationError):
        Settings(metrics_token="short")


def test_probes_and_scrapes_are_not_counted(client):
    for path in ("/healthz", "/readyz", "/metrics"):
        client.get(path)
    paths = label_values(scrape(client), REQUESTS, "path")
    assert not paths & {"/healthz", "/readyz", "/metrics"}


def test_unknown_paths_get_no_label_of_their_own(client):
    path = f"/{uuid.uuid4().hex}.php"
    client.get(path)
    assert path not in label_values(scrape(client), REQUESTS, "path")


@pytest.fixture
def dashboard_client(settings, tmp_path, monkeypatch) -> Iterator[TestClient]:
    """The real app serving a minimal notebook as its dashboard."""
    notebook = tmp_path / "notebook.py"
    notebook.write_text("import marimo\n\napp = marimo.App()\n")
    monkeypatch.setattr(api.dashboard, "NOTEBOOK_LOCATIONS", (notebook,))
    settings.ensure_data_dir()
    with TestClient(create_app(settings)) as client:
        yield client


def test_dashboard_requests_share_one_path_label_and_assets_are_not_counted(dashboard_client):
    before = sample_total(scrape(dashboard_client), REQUESTS, path="/dashboard{rest:path}")
    assert dashboard_client.get("/dashboard/").status_code == 200
    dashboard_client.get(f"/dashboard/{uuid.uuid4().hex}")
    dashboard_client.get(f"/dashboard/assets/{uuid.uuid4().hex}.js")
    text = scrape(dashboard_client)
    assert sample_total(text, REQUESTS, path="/dashboard{rest:path}") - before == 2
    assert not any(path.startswith("/dashboard/") for path in label_values(text, REQUESTS, "path"))


def test_several_apps_in_one_process_share_the_metrics(settings):
    for _ in range(2):
        with TestClient(create_app(settings)) as client:
            assert client.post("/graphql", json={"query": "{ __typename }"}).status_code == 200
            assert scrape(client)


def test_login_outcomes_are_counted(client, make_user):
    make_user("counted@example.com", password="correct horse battery")
    before = scrape(client)
    login = 'mutation { login(email: "counted@example.com", password: "%s") { accessToken } }'
    post(client, login % "correct horse battery")
    post(client, login % "wrong horse battery")
    after = scrape(client)
    for outcome in ("success", "failure"):
        moved = (sample_total(after, "fintrack_logins_total", outcome=outcome)
                 - sample_total(before, "fintrack_logins_total", outcome=outcome))
        assert moved == 1, outcome


def test_records_created_and_summary_durations_are_measured(client, alice):
    account = alice.ok(
        'mutation { createAccount(input: {name: "Cash", type: CASH, currency: "EUR"}) { id } }'
    )["createAccount"]["id"]
    before = scrape(client)
    alice.ok(
        "mutation Add($input: RecordInput!) { createRecord(input: $input) { id } }",
        {"input": {"accountId": account, "kind": "EXPENSE", "amount": "4.20", "date": "2026-01-15"}},
    )
    alice.ok('{ summary(from: "2026-01-01", to: "2026-01-31") { totals { expense } } }')
    after = scrape(client)
    for name in ("fintrack_records_created_total", "fintrack_summaries_duration_seconds_count"):
        assert sample_total(after, name) > sample_total(before, name), name
