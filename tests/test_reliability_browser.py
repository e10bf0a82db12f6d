"""Citation and article links in a real browser for file names with spaces, emoji and right-to-left letters."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest

from rag.config import Settings
from tests.conftest import CORPUS
from tests.test_app_browser import ARABIC_QUESTION, ARGS, CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NAMES = ["my article", "مقالة جديدة 🚀", "article ✓ two", "مقاله فارسی", "x y z"]  # one per corpus article


def test_links_open_articles_whatever_their_file_name(tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not found")
    from playwright.sync_api import sync_playwright

    import app
    from rag.pipeline import Pipeline

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, path in zip(NAMES, sorted(CORPUS.glob("*.md"))):  # the real articles under hostile file names
        text = re.sub(r"(?m)^id:.*\n", "", path.read_text(encoding="utf-8"), count=1)  # the id comes from the name
        (corpus / f"{name}.md").write_text(text, encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    pipeline = Pipeline(settings)
    assert set(pipeline.index.documents) == set(NAMES)
    titles = [d.title for d in pipeline.index.documents.values()][:2]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    demo = app.build_app(pipeline)
    _, url, _ = app.launch(demo, settings, port=port, prevent_thread_lock=True, quiet=True)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            page = browser.new_page()
            page.goto(url, wait_until="domcontentloaded")
            page.wait_for_selector("#rag-panel a.rag-doc-link", timeout=60_000)
            for title in titles:
                page.locator("#rag-panel a.rag-doc-link", has_text=title).first.click()
                page.wait_for_function("t => { const h = document.querySelector('#rag-panel .rag-article-title');"
                                       " return h && h.textContent.includes(t); }", arg=title, timeout=90_000)
                page.click("#rag-panel a[href='#library']") if page.locator("#rag-panel a[href='#library']").count() else None
                page.wait_for_selector("#rag-panel .rag-library-list a.rag-doc-link", timeout=90_000)
            page.fill("#rag-question textarea", ARABIC_QUESTION)
            page.click("#rag-send")
            try:
                page.wait_for_selector("#rag-conv a.rag-cite", timeout=120_000)
            except Exception:
                print("CHAT:", page.locator("#rag-conv").inner_text()[:2000])
                raise
            cite = page.locator("#rag-conv a.rag-cite").first
            href = cite.get_attribute("href")
            cite.click()
            page.wait_for_selector("#rag-panel mark.rag-hl", timeout=30_000)
            assert href and any(href.startswith(f"#cite:{name}:") for name in NAMES)
            browser.close()
    finally:
        demo.close()
