from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from callpilot.api import create_app
from callpilot.config import Settings


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as c:
        yield c


def test_healthz_reports_ok_and_database(client: TestClient) -> None:
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["database"] == "ok"


def test_lead_is_created_normalised_and_listed(client: TestClient) -> None:
    res = client.post(
        "/api/leads",
        json={
            "phone": "+1 (415) 555-0100",
            "name": "Dana",
            "email": "dana@example.com",
            "fields": {"zip": "94110"},
        },
    )
    assert res.status_code == 201
    lead = res.json()
    assert lead["phone"] == "+14155550100" and lead["state"] == "new"
    assert client.get(f"/api/leads/{lead['id']}").json()["name"] == "Dana"
    assert [x["id"] for x in client.get("/api/leads").json()] == [lead["id"]]


def test_retried_lead_with_external_id_returns_the_same_lead(client: TestClient) -> None:
    body = {"phone": "+14155550100", "source": "meta", "external_id": "leadgen-77"}
    first = client.post("/api/leads", json=body)
    second = client.post("/api/leads", json=body)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert len(client.get("/api/leads").json()) == 1


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"phone": "4155550100"}, "phone", "country code"),
        ({"phone": "+14155550100", "email": "not-an-email"}, "email", "email"),
        ({"phone": "+14155550100", "surprise": 1}, "surprise", "not permitted"),
        ({}, "phone", "required"),
    ],
)
def test_invalid_lead_gets_422_with_the_reason(
    client: TestClient, body: dict[str, object], field: str, words: str
) -> None:
    res = client.post("/api/leads", json=body)
    assert res.status_code == 422
    detail = res.json()["detail"]
    assert any(field in err["loc"] and words in err["msg"].lower() for err in detail), detail
    assert client.get("/api/leads").json() == []


def test_unknown_call_is_404_and_openapi_is_served(client: TestClient) -> None:
    assert client.get("/api/calls/nope").status_code == 404
    spec = client.get("/openapi.json").json()
    assert {"/healthz", "/api/leads", "/api/calls", "/api/calls/{call_id}"} <= set(spec["paths"])
    assert client.get("/docs").status_code == 200


def test_dashboard_is_served_without_outside_assets(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and 'type="module"' in page.text
    assert "http://" not in page.text and "https://" not in page.text
    assert client.get("/static/app.js").status_code == 200


def test_api_token_is_required_when_configured(settings: Settings) -> None:
    secured = settings.model_copy(
        update={"security": settings.security.model_copy(update={"api_token": "s3cret"})}
    )
    with TestClient(create_app(secured)) as c:
        assert c.get("/api/leads").status_code == 401
        assert c.get("/api/leads", headers={"Authorization": "Bearer s3cret"}).status_code == 200
