"""Every first screen (desktop 1366×900 and phone 390×844, light and dark, en/ar/fa), the 'understood
as' line of a follow-up, and a Persian PDF quote shown in reading order, in headless Chromium.

Same app, browser and screenshot fixtures as tests/test_app_browser.py (screenshots in test-artifacts/).
"""

from __future__ import annotations

import pytest

from rag.phrases import say
from tests import test_app_browser as base
from tests.test_app_browser import ARTIFACTS, DESKTOP, PERSIAN_QUESTION, PHONE, ask, in_viewport, serious_violations

site, browser, open_page = base.site, base.browser, base.open_page  # the same fixtures, by name

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# WCAG contrast of an element's text against the first opaque background behind it.
CONTRAST = """e => {
    const rgb = s => s.match(/\\d+(\\.\\d+)?/g).map(Number);
    const lin = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    const lum = ([r, g, b]) => 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    let bg = null;
    for (let n = e; n && !bg; n = n.parentElement) {
        const c = rgb(getComputedStyle(n).backgroundColor);
        if (c.length < 4 || c[3] > 0.9) bg = c.slice(0, 3);
    }
    bg = bg || [255, 255, 255];
    const a = lum(rgb(getComputedStyle(e).color).slice(0, 3)), b = lum(bg);
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


def _wait_for_chrome(page, lang: str) -> None:
    page.wait_for_function("t => document.querySelector('.rag-title h1').textContent === t", arg=say("title", lang),
                           timeout=30_000)


@pytest.mark.parametrize("lang", ["en", "ar", "fa"])
@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_first_screen(open_page, size, theme, lang):
    viewport = DESKTOP if size == "desktop" else PHONE
    page = open_page(viewport, f"?lang={lang}" + ("&__theme=dark" if theme == "dark" else ""))
    _wait_for_chrome(page, lang)
    assert page.evaluate("document.body.classList.contains('dark')") == (theme == "dark")
    # the title is not scrolled away by autofocus; nothing is wider than the screen
    assert page.evaluate("window.scrollY") == 0 and in_viewport(page, ".rag-title h1")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= viewport["width"] + 1
    # the chrome speaks the interface language and the placeholder is shown whole
    box = page.locator("#rag-question textarea")
    assert box.get_attribute("placeholder") == say("placeholder", lang)
    assert box.evaluate("t => getComputedStyle(t).direction") == ("rtl" if lang in ("ar", "fa") else "ltr")
    assert page.locator("#rag-send").inner_text().strip() == say("ask", lang)
    assert box.evaluate("""t => { const c = document.createElement('canvas').getContext('2d');
        const s = getComputedStyle(t); c.font = s.fontSize + ' ' + s.fontFamily;
        const pad = parseFloat(s.paddingLeft) + parseFloat(s.paddingRight);
        return c.measureText(t.placeholder).width <= t.clientWidth - pad; }"""), "placeholder is cut"
    # every word of the chrome in the interface language: the source list and the language switch too
    assert page.locator("#rag-sources .rag-empty").inner_text().strip() == say("sources_empty", lang)
    assert page.locator("#rag-ui-lang").get_by_text(say("auto", lang), exact=True).count() == 1
    meta = page.locator("#rag-panel .rag-meta").first  # "Label: value" laid out in the interface's direction
    assert meta.evaluate("e => getComputedStyle(e).direction") == ("rtl" if lang in ("ar", "fa") else "ltr")
    if size == "desktop":  # the empty chat points at the examples: they are on the first screen
        assert page.locator(".rag-examples button").last.evaluate("e => e.getBoundingClientRect().bottom") <= 900
    assert serious_violations(page) == []


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_follow_up_shows_how_it_was_understood_muted_and_readable(open_page, theme):
    page = open_page(DESKTOP, "?lang=en" + ("&__theme=dark" if theme == "dark" else ""))
    ask(page, "How many Jews live in Azerbaijan?")
    ask(page, "What about the Persian article?")
    msg = page.locator("#rag-conv article.rag-msg").last
    line = msg.locator(".rag-understood")
    assert line.count() == 1 and page.locator("#rag-conv .rag-understood").count() == 1
    assert line.inner_text().startswith("Understood as: How many Jews live in Azerbaijan?")
    assert "Understood as: How many Jews" in msg.locator("textarea.rag-plain").input_value()
    ratio = line.evaluate(CONTRAST)
    assert ratio >= 4.5, ratio  # WCAG AA for its small text
    answer_colour = msg.locator(".rag-answer").evaluate("e => getComputedStyle(e).color")
    assert line.evaluate("e => getComputedStyle(e).color") != answer_colour  # muted, set apart from the answer
    ARTIFACTS.mkdir(exist_ok=True)
    msg.screenshot(path=str(ARTIFACTS / f"understood-{theme}.png"))
    assert serious_violations(page) == []


def test_persian_pdf_quote_in_reading_order_and_dark_timeline(open_page):
    page = open_page(DESKTOP, "?lang=fa&__theme=dark")
    _wait_for_chrome(page, "fa")
    ask(page, PERSIAN_QUESTION)
    msg = page.locator("#rag-conv article.rag-msg").last
    quotes = [q for q in msg.locator(".rag-quote").all_inner_texts() if "یک ماه بعد" in q]
    assert quotes, msg.inner_text()
    assert all("سفارت خود در اسرائیل را اعلام کرد" in q and "افتتاح اهمیت" not in q and "\u0640" not in q
               for q in quotes), quotes
    # the timeline of this date disagreement is drawn in the dark theme, its words readable
    timeline = msg.locator("figure.rag-timeline")
    assert timeline.count() == 1
    for label in timeline.locator(".rag-tl-label").all():
        assert label.evaluate(CONTRAST) >= 4.5
    assert timeline.evaluate("""t => { let n = t, c;
        while (n) { c = getComputedStyle(n).backgroundColor.match(/\\d+(\\.\\d+)?/g).map(Number);
                    if (c.length < 4 || c[3] > 0.9) break; n = n.parentElement; }
        return c.slice(0, 3).reduce((a, b) => a + b) < 3 * 128; }"""), "timeline background is not dark"
    timeline.screenshot(path=str(ARTIFACTS / "timeline-desktop-fa-dark.png"))
    # a citation opens the original text, highlighted where the stored sentence is (offsets unchanged)
    link = msg.locator(".rag-evidence", has_text="یک ماه بعد").locator("a.rag-cite").first
    link.click()
    page.wait_for_selector("#rag-panel mark.rag-hl", timeout=10_000)
    assert "یک ماه بعد" in page.locator("#rag-panel mark.rag-hl").inner_text()
    assert serious_violations(page) == []
