"""The Gradio Blocks of the web app: question box, conversation, article panel, library and settings.

Handlers turn typed answers into HTML through ``rag.ui``/``rag.ui_panels``; every error becomes a
polite message in the chat (``RagError`` text, else an apology), never a traceback.
"""

from __future__ import annotations

import logging
import threading
from functools import partial
from pathlib import Path

import gradio as gr

from rag import library, ui, ui_panels
from rag.app_api import APOLOGY, asker_route, polite
from rag.app_asker import Asker
from rag.app_lean import keep_signatures, one_server_app, quiet_analytics, schema_once
from rag.app_server import CONCURRENCY, QUEUE_MAX_SIZE, asset
from rag.config import MAX_K
from rag.errors import RagError
from rag.phrases import UI_LANGUAGES, language_name, say, ui_language
from rag.pipeline import Pipeline
from rag.render import answer_to_dict
from rag.ui_chrome import counter_html, examples_label_html, note_html, status_line_html, title_html

log = logging.getLogger("rag.app")

EXAMPLES = [
    "When did Azerbaijan open its embassy in Israel?",
    "متى افتتحت أذربيجان سفارتها في إسرائيل؟",
    "آذربایجان چه زمانی سفارت خود را در اسرائیل افتتاح کرد؟",
    "How many Jews live in Azerbaijan?",
    "When did Israel recognize the independence of Azerbaijan?",
    "Who won the 2022 World Cup?",
]


_polite = polite  # rag/app_api.py: the same words for the page, the queued API and POST /api/ask

def build_app(pipeline: Pipeline, warm_up: bool = False, asker: Asker | None = None) -> gr.Blocks:
    """The Blocks; ``warm_up`` starts ``Asker.warm_up`` in a thread (tests need not). ``asker``: one made
    already (``app.main`` makes it to serve ``POST /api/ask`` before gradio is imported, rag/app_early.py)."""
    asker = asker or Asker(pipeline, readers=CONCURRENCY)  # as many questions at once as the queue runs
    if warm_up:
        threading.Thread(target=asker.warm_up, name="warm-up", daemon=True).start()
    limit = pipeline.settings.max_query_chars
    default_k = min(pipeline.settings.top_k, MAX_K)

    def docs():
        return asker.documents

    def languages_present():
        found = {d.language for d in docs().values()}
        return [x for x in ("ar", "fa", "en") if x in found]

    def library_panel(lang: str) -> str:
        return ui_panels.library_html(docs(), lang, library.added(docs()))

    def chrome(lang: str) -> tuple:
        """Updates for every component that shows words, in `lang`."""
        info = pipeline.index.manifest.get("counts", {})
        return (title_html(lang, len(docs())),
                gr.update(placeholder=say("placeholder", lang), label=say("question_label", lang),
                          rtl=lang in ("ar", "fa")),  # typed text still takes its own direction (app.css)
                gr.update(value=say("ask", lang)), counter_html(lang, limit),
                examples_label_html(lang),
                gr.update(label=say("settings", lang)),
                gr.update(label=say("only_articles", lang), choices=doc_choices(lang)),
                gr.update(label=say("only_languages", lang),
                          choices=[(language_name(x, lang), x) for x in languages_present()]),
                gr.update(label=say("ui_language", lang),
                          choices=[(say("auto", lang), "auto"), *[(language_name(x, x), x) for x in UI_LANGUAGES]]),
                gr.update(label=say("upload", lang, mb=library.MAX_BYTES // 1_000_000)),
                status_line_html(lang, info, len(docs())))

    def doc_choices(lang: str):
        return [(ui_panels.title_for(d, lang), d.doc_id) for d in docs().values()]

    def effective(choice: str, last: str) -> str:
        return choice if choice in UI_LANGUAGES else ui_language(last)

    def add_question(question: str, turns: list, lang: str):
        """Step 1 (instant): show the question with a placeholder, clear the box, remember the text."""
        question = (question or "").strip()
        if not question:
            return turns, gr.update(), gr.update(), ""
        turns = [*turns, {"q": question, "html": None, "md": ""}]
        return turns, ui.conversation_html(turns, lang), "", question

    def answer(question: str, turns: list, choice: str, last: str, doc_ids, langs):
        """Step 2: the answer card, the source list, the first citation opened; the chrome follows the
        question's language when the switch says so."""
        if not question or not turns:
            return (turns, gr.update(), gr.update(), gr.update(), last, *([gr.update()] * 11))
        lang = effective(choice, last)
        try:
            history = [m for t in turns[:-1] for m in ({"role": "user", "content": t.get("q", "")},
                                                    {"role": "assistant", "content": t.get("md", "")})]
            result = asker.ask(question, default_k, doc_ids, langs, history)  # earlier turns: follow-ups
        except Exception as e:  # a polite message in the chat, never a traceback
            if isinstance(e, RagError):
                message = _polite(e, lang)
            else:
                log.exception("answering %r failed", question[:200])
                message = say("apology", lang)
            turns = [*turns[:-1], {**turns[-1], "html": ui.error_html(message, lang), "md": message}]
            return (turns, ui.conversation_html(turns, lang), ui_panels.sources_html(None, docs(), lang),
                    gr.update(), last, *([gr.update()] * 11))
        follow = choice not in UI_LANGUAGES and ui_language(result.language) != lang
        if choice not in UI_LANGUAGES:
            last, lang = result.language, ui_language(result.language)
        scope = ui.scope_text(doc_ids, langs, docs(), lang)
        html = ui.answer_html(result, docs(), lang, scope)
        turns = [*turns[:-1], {**turns[-1], "html": html, "md": ui.answer_markdown(result, docs())}]
        first = next((c for claim in result.claims for c in claim.citations), None)
        doc = docs().get(first.doc_id) if first else None
        article = ui_panels.article_html(doc, lang, first.start, first.end, first.n) if doc and first else library_panel(lang)
        updates = chrome(lang) if follow else tuple([gr.update()] * 11)  # only when the language changed
        return (turns, ui.conversation_html(turns, lang), ui_panels.sources_html(result, docs(), lang), article,
                last, *updates)

    def open_link(choice: str, last: str, shown: int, evt: gr.EventData):
        """A citation, article or remove link was clicked anywhere on the page (see assets/app.js). Each click carries
        the page's running count: two quick clicks may reach the server in either order, and a panel older than the
        one shown is not shown over it (the last click wins); a removal is still made."""
        lang = effective(choice, last)
        data = getattr(evt, "_data", None)
        parsed = ui.parse_cite_href(str(data.get("href", ""))) if isinstance(data, dict) else None
        if parsed is None:
            return gr.update(), gr.update(), gr.update(), shown
        seq = data.get("seq") if isinstance(data, dict) else None
        stale = isinstance(seq, int) and seq < shown
        now = shown if stale or not isinstance(seq, int) else seq
        kind, doc_id, start, end, n = parsed
        if kind == "remove":
            try:
                doc = asker.remove(doc_id)
            except RagError as e:
                return (gr.update() if stale else library_panel(lang), note_html(say("refused", lang, msg=str(e)), bad=True),
                        gr.update(), now)
            title = ui_panels.title_for(doc, lang) if doc else doc_id
            return (gr.update() if stale else library_panel(lang), note_html(say("removed", lang, title=title)),
                    gr.update(choices=doc_choices(lang), value=[]), now)
        if stale:
            return gr.update(), gr.update(), gr.update(), now
        if kind == "library":
            return library_panel(lang), gr.update(), gr.update(), now
        doc = docs().get(doc_id)
        if doc is None:
            return gr.update(), gr.update(), gr.update(), now
        if kind == "cite" and start is not None and end is not None and 0 <= start < end <= len(doc.text):
            return ui_panels.article_html(doc, lang, start, end, n), gr.update(), gr.update(), now
        return ui_panels.article_html(doc, lang), gr.update(), gr.update(), now

    def upload(path, choice: str, last: str):
        lang = effective(choice, last)
        if not path:
            return gr.update(), gr.update(), gr.update()
        name = Path(str(path)).name
        try:
            raw = Path(str(path)).read_bytes()
            doc = asker.add(getattr(path, "orig_name", None) or name, raw)
        except (RagError, OSError) as e:
            return library_panel(lang), note_html(say("refused", lang, msg=str(e)), bad=True), gr.update()
        return (library_panel(lang), note_html(say("added", lang, title=ui_panels.title_for(doc, lang))),
                gr.update(choices=doc_choices(lang)))

    def on_language(choice: str, last: str, turns: list):
        lang = effective(choice, last)
        fresh = not turns  # the empty chat and source list speak the new language; answers keep theirs
        return (*chrome(lang), library_panel(lang), ui.conversation_html(turns, lang) if fresh else gr.update(),
                ui_panels.sources_html(None, docs(), lang) if fresh else gr.update())

    def on_load(request: gr.Request):
        """``?lang=ar`` (or fa, en) chooses the interface language from a link."""
        asked = (request.query_params.get("lang") if request else None) or "auto"
        choice = asked if asked in UI_LANGUAGES else "auto"
        lang = effective(choice, "en")
        return (choice, *chrome(lang), library_panel(lang), ui.conversation_html([], lang),
                ui_panels.sources_html(None, docs(), lang))

    def api_ask(question: str, k: int = default_k, doc_ids: list[str] | None = None,
                languages: list[str] | None = None, history: list[dict] | None = None) -> dict:
        """Answer a question from the articles; returns the `rag ask --json` dict (question, language,
        status, answer, claims with citations, sources, timings_ms, understood_as). doc_ids / languages restrict
        the search; history, a list of {"role": "user"|"assistant", "content"} messages, makes a follow-up standalone."""
        try:
            return answer_to_dict(asker.ask(question, k, doc_ids, languages, history))
        except RagError as e:
            raise gr.Error(_polite(e), print_exception=False) from None
        except Exception:
            log.exception("api ask %r failed", str(question)[:200])
            raise gr.Error(APOLOGY, print_exception=False) from None

    en = "en"
    with one_server_app(), gr.Blocks(title="Azerbaijan–Israel relations · cited answers", fill_width=True,
                   analytics_enabled=False) as demo:
        title = gr.HTML(title_html(en, len(docs())), padding=False)
        with gr.Row(equal_height=False):
            with gr.Column(scale=6, min_width=340):
                conv = gr.HTML(ui.conversation_html([], en), elem_id="rag-conv", padding=False)
                with gr.Row(equal_height=True):
                    box = gr.Textbox(elem_id="rag-question", label=say("question_label", en), show_label=False,
                                     scale=8, lines=1, max_lines=4, max_length=limit,
                                     placeholder=say("placeholder", en), submit_btn=False)
                    send = gr.Button(say("ask", en), variant="primary", scale=1, min_width=72, elem_id="rag-send")
                counter = gr.HTML(counter_html(en, limit), elem_id="rag-count-wrap", padding=False)
                with gr.Row(elem_classes="rag-examples"):
                    try_label = gr.HTML(examples_label_html(en), padding=False, min_width=0)
                    example_buttons = [gr.Button(q, size="sm", variant="secondary", min_width=100) for q in EXAMPLES]
                with gr.Accordion(say("settings", en), open=False) as settings_box:
                    doc_filter = gr.Dropdown(doc_choices(en), multiselect=True, value=[], label=say("only_articles", en))
                    lang_filter = gr.CheckboxGroup([(language_name(x, en), x) for x in languages_present()], value=[],
                                                   label=say("only_languages", en))
                ui_choice = gr.Radio([(say("auto", en), "auto"), *[(language_name(x, x), x) for x in UI_LANGUAGES]],
                                     value="auto", label=say("ui_language", en), elem_id="rag-ui-lang")
                status_line = gr.HTML(status_line_html(en, pipeline.index.manifest.get("counts", {}), len(docs())),
                                      padding=False)
            with gr.Column(scale=5, min_width=320):
                article = gr.HTML(library_panel(en), elem_id="rag-panel", js_on_load=asset("app.js"), padding=False)
                sources = gr.HTML(ui_panels.sources_html(None, docs(), en), elem_id="rag-sources", padding=False)
                uploader = gr.UploadButton(say("upload", en, mb=library.MAX_BYTES // 1_000_000), size="sm",
                                           file_types=list(library.SUFFIXES), file_count="single", elem_id="rag-upload")
                lib_msg = gr.HTML("", elem_id="rag-lib-msg", padding=False)
        schema_once(uploader)

        turns, pending, last_lang = gr.State([]), gr.State(""), gr.State("en")
        link_seq = gr.State(0)  # the running count of the last link click whose panel is shown
        chrome_out = [title, box, send, counter, try_label, settings_box, doc_filter, lang_filter, ui_choice,
                      uploader, status_line]

        def on(event, fn, inputs):  # show the question at once, then answer it
            event(fn, inputs, [turns, conv, box, pending], api_visibility="private", show_progress="hidden").then(
                answer, [pending, turns, ui_choice, last_lang, doc_filter, lang_filter],
                [turns, conv, sources, article, last_lang, *chrome_out], api_visibility="private",
                show_progress="hidden")

        def current(choice, last):
            return effective(choice, last)

        on(box.submit, lambda q, t, c, la: add_question(q, t, current(c, la)), [box, turns, ui_choice, last_lang])
        on(send.click, lambda q, t, c, la: add_question(q, t, current(c, la)), [box, turns, ui_choice, last_lang])
        for q, btn in zip(EXAMPLES, example_buttons):
            on(btn.click, partial(lambda q, t, c, la: add_question(q, t, current(c, la)), q),
               [turns, ui_choice, last_lang])
        # every link click is acted on, in the order clicked: "once" (the default) dropped a click made while one
        # was pending, "always_last" re-sends the first click's data (Gradio 6 keeps only the pending event), and
        # "multiple" alone let two clicks run at once and the slower one's panel win; one at a time, first in first out
        article.click(open_link, [ui_choice, last_lang, link_seq], [article, lib_msg, doc_filter, link_seq],
                      api_visibility="private",
                      show_progress="hidden", trigger_mode="multiple", concurrency_limit=1)
        uploader.upload(upload, [uploader, ui_choice, last_lang], [article, lib_msg, doc_filter],
                        api_visibility="private")
        ui_choice.change(on_language, [ui_choice, last_lang, turns], [*chrome_out, article, conv, sources],
                         api_visibility="private", show_progress="hidden")
        demo.load(on_load, None, [ui_choice, *chrome_out, article, conv, sources], api_visibility="private",
                  show_progress="hidden")
        gr.api(api_ask, api_name="ask")

    demo.rag_routes = [asker_route(asker, default_k)]  # served by launch() (rag/app_server.py)
    keep_signatures(demo)
    quiet_analytics()
    with one_server_app():  # launch() builds the one app served (rag/app_lean.py)
        demo.queue(api_open=False, max_size=QUEUE_MAX_SIZE, default_concurrency_limit=CONCURRENCY)
    return demo
