"""``POST /api/ask`` (rag/app_api.py) on the real running app (conftest's ``served``): the same answer as
the queued ``ask`` endpoint in one request, the same refusals, the same Host check, and a bound."""

from __future__ import annotations

import httpx
import pytest

from rag import app_api

EMBASSY = "When did Azerbaijan open its embassy in Israel?"


def _without_timings(d: dict) -> dict:
    return {k: v for k, v in d.items() if k != "timings_ms"}


@pytest.mark.slow
def test_json_route_gives_the_queued_endpoints_answer(served):
    from gradio_client import Client

    queued = Client(served.url, verbose=False).predict(question=EMBASSY, k=8, api_name="/ask")
    r = httpx.post(f"{served.url}api/ask", json={"question": EMBASSY, "k": 8}, timeout=120)
    assert r.status_code == 200, r.text
    assert r.headers["x-frame-options"] == "DENY"
    d = r.json()
    assert d["status"] == "conflict" and d["claims"], d
    assert _without_timings(d) == _without_timings(queued)
    persian = httpx.post(f"{served.url}api/ask", json={"question": EMBASSY, "languages": ["fa"]}, timeout=120).json()
    assert all(served.pipeline.index.documents[s].language == "fa" for s in persian["sources"]), persian


@pytest.mark.slow
def test_json_route_refuses_bad_requests_politely(served):
    url = f"{served.url}api/ask"
    empty = httpx.post(url, json={"question": "  "}, timeout=60)
    assert empty.status_code == 400 and "empty" in empty.json()["error"]
    long = httpx.post(url, json={"question": "x" * (served.settings.max_query_chars + 1)}, timeout=60)
    assert long.status_code == 400 and "too long" in long.json()["error"]
    assert httpx.post(url, content=b"not json", timeout=60).status_code == 400
    assert httpx.post(url, json={"question": EMBASSY, "sql": "drop"}, timeout=60).status_code == 400
    assert httpx.post(url, json=["a list"], timeout=60).status_code == 400
    bad_k = httpx.post(url, json={"question": EMBASSY, "k": 10_000}, timeout=60)
    assert bad_k.status_code == 400, bad_k.text
    assert httpx.get(url, timeout=60).status_code == 405
    assert httpx.post(url, json={"question": EMBASSY}, headers={"host": "evil.example"}, timeout=60).status_code == 421


@pytest.mark.slow
def test_json_route_refuses_at_once_when_full(served, monkeypatch):
    monkeypatch.setattr(app_api, "MAX_WAITING", 0)  # as if MAX_WAITING requests were already waiting
    r = httpx.post(f"{served.url}api/ask", json={"question": EMBASSY}, timeout=60)
    assert r.status_code == 503 and r.headers["retry-after"] == "1"
