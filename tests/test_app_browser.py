"""The app in headless Chromium: ask, see the disagreement card, open a citation, check RTL, keep a screenshot.

Uses Debian's /usr/bin/chromium (Playwright never downloads a browser here); skipped when it is missing.
The screenshot goes to test-artifacts/app-embassy.png (git-ignored).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rag.ui import parse_cite_href
from tests.test_app import EMBASSY

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = os.environ.get("RAG_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
ARABIC_QUESTION = "متى افتتحت أذربيجان سفارتها في إسرائيل؟"


@pytest.fixture(scope="module")
def app_page(served):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not found (make browser installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1440, "height": 1000}, device_scale_factor=1)
        # loopback only: anything else the page asks for is refused, and the test fails on it
        outside: list[str] = []

        def route(r):
            if r.request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
                r.continue_()
            else:
                outside.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        pg = context.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.goto(served.url, wait_until="domcontentloaded")
        pg.wait_for_selector("#rag-question textarea", timeout=30_000)
        yield pg
        assert not errors, errors
        assert not outside, f"the page tried to reach the network: {outside}"
        browser.close()


def _ask(page, question: str, n_answers: int) -> None:
    page.fill("#rag-question textarea", question)
    page.click("#rag-send")
    page.wait_for_function(f"document.querySelectorAll('#rag-chat .rag-msg').length >= {n_answers}",
                           timeout=30_000)


@pytest.fixture()
def screenshot(app_page):
    """Saved after the test, pass or fail, so a failure can be looked at."""
    yield
    ARTIFACTS.mkdir(exist_ok=True)
    app_page.screenshot(path=str(ARTIFACTS / "app-embassy.png"), full_page=True)


def test_embassy_conflict_card_citation_and_rtl(app_page, served, screenshot):
    page = app_page
    docs = served.pipeline.index.documents
    _ask(page, EMBASSY, 1)
    card = page.locator("#rag-chat .rag-msg").last.locator(".rag-conflict-card")
    card.wait_for(timeout=10_000)

    # the disagreement card: one column per value, each with numbered citations and article titles
    columns = card.locator(".rag-claim")
    values = [columns.nth(i).locator(".rag-claim-value").inner_text() for i in range(columns.count())]
    assert "November 2022" in values and "March 2023" in values, values
    for i in range(columns.count()):
        col = columns.nth(i)
        assert col.locator("a.rag-cite").count() >= 1
        titles = [t.strip() for t in col.locator(".rag-src").all_inner_texts()]
        assert titles and all(t in {d.title for d in docs.values()} for t in titles), titles

    # click a citation of the March 2023 column: the article opens with exactly that sentence highlighted
    march = columns.nth(values.index("March 2023"))
    link = march.locator("a.rag-cite").first
    _, doc_id, start, end, _ = parse_cite_href(link.get_attribute("href"))
    quote = docs[doc_id].text[start:end]
    link.click()
    page.wait_for_function(
        "q => { const m = document.querySelector('#rag-panel mark.rag-hl'); return m && m.textContent === q; }",
        arg=quote, timeout=10_000)
    mark = page.locator("#rag-panel mark.rag-hl")
    assert mark.count() == 1 and mark.text_content() == quote
    assert page.locator("#rag-panel .rag-article-title").inner_text().strip() == docs[doc_id].title
    assert mark.is_visible()
    in_view = mark.evaluate("""m => { const b = m.closest('.rag-article-body');
        return m.offsetTop >= b.scrollTop - 2 && m.offsetTop < b.scrollTop + b.clientHeight; }""")
    assert in_view, "the highlighted sentence is not scrolled into view in the article panel"

    # right-to-left: the Arabic article, and Arabic quotes inside the English answer
    body = page.locator("#rag-panel .rag-article-body")
    assert body.evaluate("e => getComputedStyle(e).direction") == "rtl"
    quotes = page.locator('#rag-chat .rag-quote[lang="ar"]')
    assert quotes.count() >= 1
    assert quotes.first.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert page.locator("#rag-chat .rag-msg").last.evaluate("e => getComputedStyle(e).direction") == "ltr"

    # the timeline and the source list follow the answer
    assert page.locator("#rag-timeline").is_visible()
    assert page.locator("#rag-sources li.rag-source").count() >= 2


def test_arabic_follow_up_reads_right_to_left(app_page):
    page = app_page
    before = page.locator("#rag-chat .rag-msg").count()
    asked = page.locator("#rag-chat .rag-question").count()
    _ask(page, ARABIC_QUESTION, before + 1)
    last = page.locator("#rag-chat .rag-msg").last
    assert last.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert last.locator("a.rag-cite").count() >= 1
    # a follow-up: earlier questions and answers stay in the chat
    assert page.locator("#rag-chat .rag-question").count() == asked + 1
    assert page.locator("#rag-chat .rag-msg").count() == before + 1
    question = page.locator("#rag-chat .rag-question").last
    assert question.evaluate("e => getComputedStyle(e).direction") == "rtl"
