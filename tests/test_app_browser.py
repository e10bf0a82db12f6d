"""The app in headless Chromium at desktop (1366×900) and phone (390×844) sizes, light and dark,
English, Arabic and Persian: each fix from the trial, an axe-core accessibility check, and
upload → ask → cite → remove for a PDF, a Markdown and an HTML file.

Uses Debian's /usr/bin/chromium (Playwright never downloads a browser here); skipped when it is
missing. The app runs on a copy of the corpus (uploads must not touch the real one) and reuses the
session's index files. Screenshots go to test-artifacts/ (git-ignored).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from rag.config import ROOT, Settings
from rag.phrases import say
from rag.ui import parse_cite_href
from tests.test_app import EMBASSY
from tests.test_library import make_pdf

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = os.environ.get("RAG_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts"
AXE_DIR = ROOT / ".cache" / "axe"
AXE = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}
ARABIC_QUESTION = "متى افتتحت أذربيجان سفارتها في إسرائيل؟"
PERSIAN_QUESTION = "آذربایجان چه زمانی سفارت خود را در اسرائیل افتتاح کرد؟"


def axe_source() -> str:
    """axe-core from npm, installed into a git-ignored cache on first use (`make axe` does the same)."""
    if not AXE.exists():
        AXE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(AXE_DIR),
                        "axe-core@4.14.1"], check=False, timeout=300, capture_output=True)
    if not AXE.exists():
        pytest.fail("axe-core could not be installed from npm (run `make axe`)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory, pipeline, settings):
    """The app over a writable copy of the corpus, with a copy of the session's index (no re-embedding)."""
    import app
    from rag.pipeline import Pipeline

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not found (make browser installs Debian's chromium)")
    root = tmp_path_factory.mktemp("site")
    shutil.copytree(settings.corpus_dir, root / "corpus")
    shutil.copytree(settings.index_dir, root / "index")
    local = Settings.from_env(corpus_dir=root / "corpus", index_dir=root / "index")
    copy = Pipeline(local)
    assert not copy.rebuilt
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    demo = app.build_app(copy)
    _, url, _ = app.launch(demo, local, port=port, prevent_thread_lock=True, quiet=True)
    yield url.rstrip("/") + "/", copy
    demo.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def open_page(browser, site, request):
    """open_page(viewport, query) -> page; loopback only, no page errors; a screenshot is kept, pass or fail."""
    pages = []

    def make(viewport: dict, query: str = ""):
        context = browser.new_context(viewport=viewport, device_scale_factor=1)
        outside: list[str] = []

        def route(r):
            if r.request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
                r.continue_()
            else:
                outside.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(site[0] + query, wait_until="domcontentloaded")
        page.wait_for_selector("#rag-question textarea", timeout=30_000)
        page.wait_for_function("document.querySelector('#rag-count') && window.__ragBound", timeout=10_000)
        pages.append((page, errors, outside, viewport, query))
        return page

    yield make
    ARTIFACTS.mkdir(exist_ok=True)
    for i, (page, errors, outside, viewport, query) in enumerate(pages):
        tag = "".join(ch if ch.isalnum() else "-" for ch in query).strip("-") or "light-auto"
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{viewport['width']}-{tag}-{i}.png"))
        assert not errors, errors
        assert not outside, f"the page tried to reach the network: {outside}"
        page.context.close()


def ask(page, question: str) -> None:
    n = page.locator("#rag-conv article.rag-msg").count()
    page.fill("#rag-question textarea", question)
    page.click("#rag-send")
    page.wait_for_function(f"document.querySelectorAll('#rag-conv article.rag-msg').length > {n}", timeout=60_000)


def serious_violations(page) -> list[str]:
    """axe-core rules with serious or critical impact (colour contrast included)."""
    page.add_script_tag(content=axe_source())
    found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + n.failureSummary).join(' | '))""")
    return found


def in_viewport(page, selector: str) -> bool:
    return page.locator(selector).first.evaluate(
        "e => { const r = e.getBoundingClientRect(); return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight; }")


def test_desktop_english_light(open_page, site):
    page = open_page(DESKTOP)
    docs = site[1].index.documents
    # first screen: the title is not scrolled away, examples are above the fold, the box shows its whole placeholder
    assert page.evaluate("window.scrollY") == 0 and in_viewport(page, ".rag-title h1")
    assert in_viewport(page, ".rag-examples button")
    assert page.locator(".rag-examples button").last.evaluate("e => e.getBoundingClientRect().bottom") <= 900
    box = page.locator("#rag-question textarea")
    assert box.evaluate("""t => { const c = document.createElement('canvas').getContext('2d');
        const s = getComputedStyle(t); c.font = s.fontSize + ' ' + s.fontFamily;
        return c.measureText(t.placeholder).width < t.clientWidth - 16; }"""), "placeholder is cut"
    # no jargon control; a character counter and limit in the box
    assert page.get_by_text("(k)").count() == 0 and page.locator("input[type=range]").count() == 0
    limit = site[1].settings.max_query_chars
    assert box.get_attribute("maxlength") == str(limit)
    box.fill("x" * 40)
    page.wait_for_function("document.getElementById('rag-count').textContent.startsWith('40 /')", timeout=5_000)
    assert serious_violations(page) == []

    ask(page, EMBASSY)
    msg = page.locator("#rag-conv article.rag-msg").last
    card = msg.locator(".rag-conflict-card")
    columns = card.locator(".rag-claim")
    values = [columns.nth(i).locator(".rag-claim-value").inner_text() for i in range(columns.count())]
    assert "November 2022" in values and "March 2023" in values, values
    # every citation has an English fact line naming the value; English titles in the English interface
    glosses = msg.locator(".rag-gloss").all_inner_texts()
    assert len(glosses) == msg.locator(".rag-evidence").count() >= 3
    assert any("November 2022 (written as one month after October 2022)" in g for g in glosses), glosses
    assert all(t.strip() in {d.title_en for d in docs.values()} for t in msg.locator(".rag-src").all_inner_texts())
    # the timeline: only for this date disagreement, right under the card, visible without scrolling the page
    timeline = msg.locator("figure.rag-timeline")
    assert timeline.count() == 1
    gap = timeline.evaluate("t => t.getBoundingClientRect().top - t.previousElementSibling.getBoundingClientRect().bottom")
    assert 0 <= gap < 40
    # the answer opens at its top, not scrolled to its end
    top = msg.evaluate("""m => { const c = m.closest('.rag-conv'); const t = m.closest('.rag-turn');
        return t.getBoundingClientRect().top - c.getBoundingClientRect().top; }""")
    assert -10 <= top <= 60, top
    # plain-text form: aria label, copy and export carry numbered sources and no HTML
    plain = msg.locator("textarea.rag-plain").input_value()
    assert "[1]" in plain and "[3]" in plain and "<" not in plain.replace("<i>", "")
    assert msg.get_attribute("aria-label") == plain
    msg.locator("button.rag-copy").click()
    assert page.evaluate("window.__ragCopied") == plain
    with page.expect_download() as download:
        page.click("#rag-export-btn")
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    assert download.value.suggested_filename == "conversation.md" and EMBASSY in exported and plain in exported
    # a citation opens its sentence, highlighted and in view, with no offsets shown
    link = columns.nth(values.index("March 2023")).locator("a.rag-cite").first
    _, doc_id, start, end, n = parse_cite_href(link.get_attribute("href"))
    link.click()
    page.wait_for_function("q => { const m = document.querySelector('#rag-panel mark.rag-hl'); return m && m.textContent === q; }",
                           arg=docs[doc_id].text[start:end], timeout=10_000)
    kicker = page.locator("#rag-panel .rag-kicker").inner_text()
    assert f"Source [{n}]" in kicker and "character" not in kicker
    assert page.locator("#rag-panel mark.rag-hl").evaluate("""m => { const b = m.closest('.rag-article-body');
        return m.offsetTop >= b.scrollTop - 2 && m.offsetTop < b.scrollTop + b.clientHeight; }""")
    assert serious_violations(page) == []

    # the chrome follows the question's language
    ask(page, ARABIC_QUESTION)
    page.wait_for_function("t => document.querySelector('.rag-title h1').textContent === t", arg=say("title", "ar"),
                           timeout=10_000)
    last = page.locator("#rag-conv article.rag-msg").last
    assert last.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert page.locator("#rag-send").inner_text().strip() == say("ask", "ar")


def test_phone_persian_dark(open_page):
    page = open_page(PHONE, "?lang=fa&__theme=dark")
    assert page.evaluate("document.body.classList.contains('dark')")
    page.wait_for_function("t => document.querySelector('.rag-title h1').textContent === t", arg=say("title", "fa"),
                           timeout=30_000)  # ?lang=fa is applied by the page's load event
    assert page.evaluate("window.scrollY") == 0 and in_viewport(page, ".rag-title h1")
    assert page.locator("#rag-question textarea").get_attribute("placeholder") == say("placeholder", "fa")
    assert serious_violations(page) == []
    ask(page, PERSIAN_QUESTION)
    msg = page.locator("#rag-conv article.rag-msg").last
    assert msg.evaluate("e => getComputedStyle(e).direction") == "rtl"
    # the status icon stands out from its pill in dark mode (non-text contrast of at least 3:1)
    assert msg.locator(".rag-icon").evaluate("""i => {
        const rgb = s => s.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map(c => c / 255)
            .map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
        const lum = s => { const [r, g, b] = rgb(s); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
        const a = lum(getComputedStyle(i).color), b = lum(getComputedStyle(i.closest('.rag-status')).backgroundColor);
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) >= 3; }""")
    # nothing wider than the phone; a timeline (if the answer is a date disagreement) fits it too
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"] + 1
    for t in msg.locator("figure.rag-timeline").all():
        assert t.evaluate("e => e.getBoundingClientRect().right") <= PHONE["width"] + 1
    # tapping a citation opens the article in a drawer over the page, sentence in view; Close hides it
    msg.locator("a.rag-cite").first.click()
    page.wait_for_selector("#rag-panel.rag-drawer-open mark.rag-hl", timeout=10_000)
    page.wait_for_timeout(300)
    assert in_viewport(page, "#rag-panel mark.rag-hl")
    assert serious_violations(page) == []
    page.click("#rag-panel a.rag-close")
    assert not page.evaluate("document.getElementById('rag-panel').classList.contains('rag-drawer-open')")


def test_phone_arabic_light_conflict_timeline(open_page):
    page = open_page(PHONE, "?lang=ar")
    page.wait_for_function("t => document.querySelector('.rag-title h1').textContent === t", arg=say("title", "ar"),
                           timeout=30_000)
    ask(page, ARABIC_QUESTION)
    msg = page.locator("#rag-conv article.rag-msg").last
    assert msg.locator(".rag-status").inner_text().strip().endswith(say("conflict", "ar"))
    timeline = msg.locator("figure.rag-timeline")
    assert timeline.count() == 1 and timeline.evaluate("e => e.getBoundingClientRect().right") <= PHONE["width"] + 1
    ARTIFACTS.mkdir(exist_ok=True)
    timeline.screenshot(path=str(ARTIFACTS / "timeline-phone-ar.png"))
    labels = timeline.locator(".rag-tl-label")
    assert labels.count() >= 2 and all(lb.evaluate("e => e.scrollWidth <= e.clientWidth + 1") for lb in labels.all())
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"] + 1
    assert serious_violations(page) == []


def test_desktop_dark_english_single_answer_has_no_timeline(open_page):
    page = open_page(DESKTOP, "?lang=en&__theme=dark")
    ask(page, "When did Israel recognize the independence of Azerbaijan?")
    msg = page.locator("#rag-conv article.rag-msg").last
    assert "rag-answered" in msg.get_attribute("class") and msg.locator("figure.rag-timeline").count() == 0
    assert msg.locator(".rag-gloss").count() >= 1 and "December 1991" in msg.locator(".rag-gloss").first.inner_text()
    assert serious_violations(page) == []


def _upload(page, path: Path) -> str:
    with page.expect_file_chooser() as chooser:
        page.click("#rag-upload")
    chooser.value.set_files(str(path))
    page.wait_for_selector("#rag-lib-msg .rag-note", timeout=60_000)
    note = page.locator("#rag-lib-msg .rag-note").inner_text()
    page.evaluate("document.querySelector('#rag-lib-msg .rag-note').remove()")
    return note


def test_upload_ask_cite_remove(open_page, site, tmp_path):
    page = open_page(DESKTOP, "?lang=en")  # English words whatever the question's language
    files = {
        "terminal.pdf": (make_pdf(), "When did the Caspian terminal in Batumi open?", "March 2019"),
        "tbilisi.md": ((b"# Tbilisi cable car\n\nThe Tbilisi cable car reopened in May 2012 after a long pause.\n"
                        b"<img src=x onerror=\"window.__pwned=1\"> <script>window.__pwned=1</script>\n"),
                       "When did the Tbilisi cable car reopen?", "May 2012"),
        "ganja.html": (("<html lang='ar'><head><title>جسر كنجة</title></head><body><p>اكتمل بناء جسر نهر كنجة في "
                        "أغسطس 2016 على يد مهندسين محليين.</p><p>ويربط الجسر شطري المدينة القديمة.</p>"
                        "<script>window.__pwned=1</script></body></html>").encode(),
                       "متى اكتمل بناء جسر نهر كنجة؟", "2016"),
    }
    bad = tmp_path / "renamed.pdf"
    bad.write_bytes(b"MZ\x00\x00 not a pdf")
    assert _upload(page, bad) == say("refused", "en", msg="renamed.pdf: this is not a PDF file")
    for name, (raw, question, value) in files.items():
        path = tmp_path / name
        path.write_bytes(raw)
        note = _upload(page, path)
        assert note.startswith("Added"), note
        doc_id = next(d for d in site[1].index.documents if d.startswith("user-") and
                      page.locator(f'#rag-panel li[data-doc="{d}"]').count())
        assert page.locator(f'#rag-panel li[data-doc="{doc_id}"] .rag-summary').inner_text() == "no English summary"
        ask(page, question)
        msg = page.locator("#rag-conv article.rag-msg").last
        assert value in msg.locator(".rag-answer").inner_text(), msg.inner_text()
        link = msg.locator(f'a.rag-cite[href^="#cite:{doc_id}:"]').first
        link.click()
        page.wait_for_selector("#rag-panel mark.rag-hl", timeout=10_000)
        assert value.split()[0] in page.locator("#rag-panel mark.rag-hl").inner_text()
        # uploaded text is data: no element or script from it ever runs
        assert page.locator("#rag-panel img, #rag-conv img").count() == 0
        assert page.evaluate("window.__pwned") is None
        page.click("#rag-panel a.rag-back")
        page.locator(f'#rag-panel a[href="#remove:{doc_id}"]').click()
        page.wait_for_selector("#rag-lib-msg .rag-note", timeout=60_000)
        assert page.locator("#rag-lib-msg .rag-note").inner_text().startswith("Removed")
        page.evaluate("document.querySelector('#rag-lib-msg .rag-note').remove()")
        assert page.locator(f'#rag-panel li[data-doc="{doc_id}"]').count() == 0
        assert doc_id not in site[1].index.documents
    assert not [p for p in Path(site[1].settings.corpus_dir).iterdir() if p.name.startswith("user-")]


def test_quick_clicks_in_the_panel_are_not_lost(open_page):
    """A citation, then "All articles" before the article has come back, five times: the last click wins.

    With Gradio's default trigger mode ("once") the second click was dropped while the first was pending; with
    "multiple" alone both ran at once and the slower one's panel could land last (the upload test failed on CI
    under load both ways). Clicks are now handled one at a time, in the order made."""
    page = open_page(DESKTOP, "?lang=en")
    ask(page, "When did Israel recognize the independence of Azerbaijan?")
    cite = "#rag-conv article.rag-msg a.rag-cite"
    page.wait_for_selector(cite, timeout=10_000)
    for _ in range(5):
        page.evaluate("""sel => {
            document.querySelector(sel).click();
            setTimeout(() => {
                const back = document.createElement('a');
                back.href = '#library';
                document.body.appendChild(back);
                back.click();
                back.remove();
            }, 30);
        }""", cite)
        page.wait_for_selector("#rag-panel ol.rag-library-list", timeout=30_000)
        page.wait_for_timeout(1_000)  # and nothing pending replaces it afterwards
        assert page.locator("#rag-panel ol.rag-library-list").count() == 1
        assert page.locator("#rag-panel mark.rag-hl").count() == 0


def test_a_click_that_reaches_the_server_late_does_not_replace_a_later_ones_panel(open_page):
    """Two quick clicks are two requests, which a loaded server may receive in either order (the test above failed
    that way under the full suite): each carries the page's running count, and an older one's panel is not shown."""
    page = open_page(DESKTOP, "?lang=en")
    ask(page, "When did Israel recognize the independence of Azerbaijan?")
    cite = "#rag-conv article.rag-msg a.rag-cite"
    page.wait_for_selector(cite, timeout=10_000)
    href = page.get_attribute(cite, "href")
    # two clicks counted as the page counts them (the citation first), their requests arriving the other way round
    first = page.evaluate("() => { const s = window.__ragLinkSeq || 0; window.__ragLinkSeq = s + 2; return s + 1; }")
    page.evaluate("n => window.__ragTrigger('click', {href: '#library', seq: n + 1})", first)
    page.wait_for_selector("#rag-panel ol.rag-library-list", timeout=30_000)
    page.evaluate("([h, n]) => window.__ragTrigger('click', {href: h, seq: n})", [href, first])
    page.wait_for_timeout(2_000)
    assert page.locator("#rag-panel ol.rag-library-list").count() == 1
    page.click(cite)  # a new click (its count runs on from the page's own) is shown
    page.wait_for_selector("#rag-panel mark.rag-hl", timeout=30_000)
