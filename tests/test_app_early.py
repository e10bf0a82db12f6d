"""The early server (rag/app_early.py): ``POST /api/ask`` answers before gradio's page exists, then the
page and the queue are served on the same port behind the same checks. Real pipeline, real servers on
127.0.0.1: one in this process with no page yet, and ``python app.py`` itself."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest

from rag.config import ROOT

EMBASSY = "When did Azerbaijan open its embassy in Israel?"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _without_timings(d: dict) -> dict:
    return {k: v for k, v in d.items() if k != "timings_ms"}


def test_early_server_answers_before_there_is_a_page(pipeline):
    from rag.app_api import MAX_BODY
    from rag.app_asker import Asker
    from rag.app_early import serve_early

    port = _port()
    server = serve_early(Asker(pipeline, readers=2), 8, "127.0.0.1", port)
    url = f"http://127.0.0.1:{port}/"
    try:
        r = httpx.post(f"{url}api/ask", json={"question": EMBASSY, "k": 8}, timeout=120)
        assert r.status_code == 200, r.text
        d = r.json()
        assert d["status"] == "conflict" and d["claims"] and d["sources"], d
        assert {"question", "language", "status", "answer", "claims", "sources", "timings_ms"} <= set(d)
        assert r.headers["x-frame-options"] == "DENY"  # the app's Safety is in front of it
        page = httpx.get(url, timeout=30)
        assert page.status_code == 503 and page.headers["retry-after"] == "1", page.text
        assert "reloads itself" in page.text and page.headers["x-frame-options"] == "DENY"
        assert httpx.post(f"{url}api/ask", json={"question": EMBASSY}, headers={"host": "evil.example"},
                          timeout=30).status_code == 421
        assert httpx.post(f"{url}api/ask", json={"question": " "}, timeout=30).status_code == 400
        big = b'{"question": "' + b"a" * MAX_BODY + b'"}'
        assert httpx.post(f"{url}api/ask", content=big, timeout=30).status_code == 413
    finally:
        server.close()
    with pytest.raises(httpx.ConnectError):
        httpx.get(url, timeout=5)


def test_early_server_says_so_when_the_port_is_taken(pipeline):
    from rag.app_asker import Asker
    from rag.app_early import serve_early

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(OSError, match="port in use"):
            serve_early(Asker(pipeline, readers=2), 8, "127.0.0.1", taken.getsockname()[1])


@pytest.mark.slow
def test_app_answers_json_first_then_serves_page_and_queue_on_one_port(pipeline, settings):
    from gradio_client import Client

    port = _port()
    url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RAG_CORPUS": str(settings.corpus_dir),
           "RAG_INDEX": str(settings.index_dir)}
    server = subprocess.Popen([sys.executable, "app.py", "--port", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 180
        first = None
        while first is None and time.monotonic() < deadline:
            try:
                r = httpx.post(f"{url}api/ask", json={"question": EMBASSY, "k": 8}, timeout=60)
                first = r.json() if r.status_code == 200 else None
            except httpx.HTTPError:
                time.sleep(0.05)
        assert first is not None and first["status"] == "conflict", first
        # gradio is still being imported when the first answer is served (seconds of CPU on this machine)
        assert httpx.get(url, timeout=30).status_code == 503
        while httpx.get(url, timeout=30).status_code != 200:
            assert time.monotonic() < deadline, "the page never came up"
            time.sleep(0.2)
        page = httpx.get(url, timeout=30)
        assert page.headers.get_list("x-frame-options") == ["DENY"]  # one Safety in front, not two
        assert httpx.get(url, headers={"host": "evil.example"}, timeout=30).status_code == 421
        queued = Client(url, verbose=False).predict(question=EMBASSY, k=8, api_name="/ask")
        assert _without_timings(queued) == _without_timings(first)
        again = httpx.post(f"{url}api/ask", json={"question": EMBASSY, "k": 8}, timeout=60)
        assert again.status_code == 200 and _without_timings(again.json()) == _without_timings(first)
    finally:
        server.send_signal(signal.SIGINT)  # Ctrl+C: gradio's wait ends and closes the one server
        try:
            server.wait(timeout=30)
        finally:
            server.kill()
            log = server.stdout.read() if server.stdout else ""
    assert "Answering POST /api/ask" in log and log.index("Answering POST /api/ask") < log.index("Running on local URL"), log
    assert server.returncode == 0, log


def test_the_adopted_app_gets_the_requests_and_its_lifespan(pipeline):
    """What ``launch(..., early=server)`` does with gradio's app, shown with a plain ASGI app."""
    from rag.app_asker import Asker
    from rag.app_early import serve_early

    events: list[str] = []

    async def adopted(scope, receive, send):
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                events.append(message["type"])
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                else:
                    return await send({"type": "lifespan.shutdown.complete"})
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"adopted"})

    port = _port()
    server = serve_early(Asker(pipeline, readers=2), 8, "127.0.0.1", port)
    url = f"http://127.0.0.1:{port}/"
    try:
        assert httpx.get(url, timeout=30).status_code == 503
        name, bound, local_url, same = server.start_server(adopted, "127.0.0.1", port)
        assert (bound, local_url, same) == (port, url, server) and events == ["lifespan.startup"]
        page = httpx.get(f"{url}anything", timeout=30)
        assert page.status_code == 200 and page.text == "adopted" and page.headers["x-frame-options"] == "DENY"
        assert httpx.post(f"{url}api/ask", json={"question": EMBASSY}, timeout=120).json()["status"] == "conflict"
    finally:
        server.close()
    assert events == ["lifespan.startup", "lifespan.shutdown"]
