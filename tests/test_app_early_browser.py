"""``make run``'s app as a person sees it when the early server (rag/app_early.py) serves the page: the real
``python app.py`` on 127.0.0.1, Debian's chromium: the page loads, a question gets its answer card and a
citation opens the article, with no page error and nothing fetched from outside."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from rag.config import ROOT
from tests.test_app import EMBASSY

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = os.environ.get("RAG_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def test_the_page_served_by_the_early_server_answers_and_opens_citations(pipeline, settings):
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not found (make browser installs Debian's chromium)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RAG_CORPUS": str(settings.corpus_dir),
           "RAG_INDEX": str(settings.index_dir)}
    server = subprocess.Popen([sys.executable, "app.py", "--port", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(url, timeout=30).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, "the page never came up"
            time.sleep(0.2)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
            errors: list[str] = []
            outside: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("http://127.0.0.1", "data:", "blob:"))
                       else (outside.append(r.request.url), r.abort()))
            page.goto(url, wait_until="domcontentloaded")
            page.wait_for_selector("#rag-question textarea", timeout=30_000)
            page.wait_for_function("document.querySelector('#rag-count') && window.__ragBound", timeout=10_000)
            page.fill("#rag-question textarea", EMBASSY)
            page.click("#rag-send")
            page.wait_for_selector("#rag-conv article.rag-msg .rag-conflict-card", timeout=60_000)
            values = page.locator("#rag-conv .rag-conflict-card .rag-claim-value").all_inner_texts()
            assert "November 2022" in values and "March 2023" in values, values
            page.locator("#rag-conv article.rag-msg a.rag-cite").first.click()
            page.wait_for_selector("#rag-panel mark.rag-hl", timeout=30_000)  # the cited sentence, highlighted
            browser.close()
        assert not errors, errors
        assert not outside, f"the page tried to reach the network: {outside}"
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        finally:
            server.kill()
