"""Web app: ask the five articles in English, Arabic or Persian; every claim cited, disagreements side by side.

    python app.py [--port N] [--host H] [--share-lan]

Binds to 127.0.0.1 unless ``--host``/``--share-lan`` says otherwise; the port comes from ``--port``,
then ``GRADIO_SERVER_PORT``, then 7860. The index is loaded (or built, with a progress bar) before the
server starts. ``build_app(pipeline)`` returns the Blocks; ``launch(demo, ...)`` starts it with the safety
settings below, which tests use too.

Scripts can call the ``ask`` endpoint through the queue (the unqueued REST route is closed)::

    from gradio_client import Client
    Client("http://127.0.0.1:7860/").predict("How many Jews live in Azerbaijan?", 8, api_name="/ask")
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
import time
from collections.abc import Mapping
from functools import partial
from html import escape
from pathlib import Path

# gradio int()s GRADIO_SERVER_PORT while it is imported: a non-numeric value would crash the import
# even with --port. Set it aside here; parse_address() reports it if it is the port actually used.
os.environ.update({"RAG_INVALID_GRADIO_SERVER_PORT": os.environ.pop("GRADIO_SERVER_PORT")}
                  if not os.environ.get("GRADIO_SERVER_PORT", "0").strip().isdecimal() else {})

import gradio as gr

from rag import library, ui, ui_panels
from rag.chat import RagChat
from rag.config import MAX_K, Settings, check_k
from rag.errors import InvalidInput, RagError
from rag.llm import spec_from_env
from rag.phrases import UI_LANGUAGES, language_name, say, ui_language
from rag.pipeline import Pipeline, ensure_index
from rag.progress import tqdm_progress
from rag.render import answer_to_dict
from rag.types import Answer
from rag.ui_chrome import counter_html, examples_label_html, note_html, status_line_html, title_html

log = logging.getLogger("rag.app")

LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 7860
MAX_FILE_SIZE = "1mb"  # also library.MAX_BYTES, the cap on an added document
# Uploads go only to the library's add field: capped by MAX_FILE_SIZE, gradio's cache of uploaded
# files emptied hourly (DELETE_CACHE).
UPLOADS_ENABLED = True
DELETE_CACHE = (3600, 3600)  # (every seconds, older than seconds)
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
SECURITY_HEADERS = [(b"x-frame-options", b"DENY"), (b"content-security-policy", b"frame-ancestors 'none'"),
                    (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]
QUEUE_MAX_SIZE = 16
CONCURRENCY = 2
APOLOGY = say("apology", "en")
ANSWER_CACHE = 1024  # answers kept per index generation (Settings.answer_cache; RAG_ANSWER_CACHE=0 turns it off)
WARM_UP_QUESTION = "Which agreements did the two countries sign?"
ASSETS = Path(__file__).resolve().parent / "rag" / "assets"

EXAMPLES = [
    "When did Azerbaijan open its embassy in Israel?",
    "متى افتتحت أذربيجان سفارتها في إسرائيل؟",
    "آذربایجان چه زمانی سفارت خود را در اسرائیل افتتاح کرد؟",
    "How many Jews live in Azerbaijan?",
    "When did Israel recognize the independence of Azerbaijan?",
    "Who won the 2022 World Cup?",
]
# Fonts Gradio bundles (no font download), then system fonts with Arabic script (DejaVu Sans here).
# Secondary text and the primary button darkened for WCAG AA contrast (4.5:1) in light and dark.
THEME = gr.themes.Soft(
    primary_hue="indigo", neutral_hue="slate",
    font=[gr.themes.GoogleFont("IBM Plex Sans", weights=(400, 600, 700)),
          *map(gr.themes.Font, ["Noto Sans", "DejaVu Sans", "sans-serif"])],
    font_mono=[gr.themes.GoogleFont("IBM Plex Mono"), gr.themes.Font("monospace")],
).set(body_text_color_subdued="*neutral_600", body_text_color_subdued_dark="*neutral_300",
      input_placeholder_color="*neutral_600", input_placeholder_color_dark="*neutral_300",
      button_primary_background_fill="*primary_700", button_primary_background_fill_hover="*primary_800",
      button_primary_background_fill_dark="*primary_600", block_label_text_color="*primary_700",
      block_title_text_color="*neutral_800", block_title_text_color_dark="*neutral_100",
      checkbox_label_text_color="*neutral_800", checkbox_label_background_fill_selected="*primary_700",
      checkbox_label_background_fill_selected_dark="*primary_700", link_text_color="*primary_700",
      link_text_color_dark="*primary_300")


def asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


class Asker:
    """Thread-safe access to one Pipeline; adding or removing a document swaps in the updated index."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self.chat = RagChat.from_spec(pipeline, spec_from_env())  # follow-ups; a model only if RAG_LLM is set
        self._lock = threading.Lock()

    @property
    def documents(self):
        return self.pipeline.index.documents

    def ask(self, question: str, k: float, doc_ids=None, languages=None, history=None) -> Answer:
        if not isinstance(question, str):
            raise InvalidInput("question must be text")
        question = self.pipeline.check_question(question)  # cheap; refuses before any embedding or search
        k = check_k(k)
        doc_ids = ([doc_ids] if isinstance(doc_ids, str) else list(doc_ids or [])) or None
        languages = ([languages] if isinstance(languages, str) else list(languages or [])) or None
        unknown = [d for d in doc_ids or [] if d not in self.documents]
        if unknown:
            raise InvalidInput(f"unknown article id(s): {', '.join(map(str, unknown))}")
        bad = [x for x in languages or [] if x not in ("ar", "fa", "en")]
        if bad:
            raise InvalidInput(f"unknown language(s): {', '.join(map(str, bad))} (use ar, fa or en)")
        with self._lock:
            self.pipeline.reload_if_changed()  # a newly published index is served from the next question on
            return self.chat.ask(question, history, k=k, doc_ids=doc_ids, languages=languages)

    def warm_up(self) -> None:
        """Ask one fixed question (not one of the gold set) and drop the answer, so the first real
        question finds the lexicon, the concept index, the query model and LangChain loaded. Runs in
        a thread while the server starts (``main``); holds the same lock as ``ask``."""
        t0 = time.perf_counter()
        try:
            self.ask(WARM_UP_QUESTION, 8)
        except RagError as e:  # never fatal: the first real question then pays for the loading
            log.warning("warm-up question failed: %s", e)
        log.info("warm-up question answered in %.2f s", time.perf_counter() - t0)

    def _reindex(self) -> None:
        self.pipeline.index, _ = ensure_index(self.pipeline.settings, self.pipeline.embedder)

    def add(self, name: str, raw: bytes):
        """Write the file into the corpus and index its text (only the new text is embedded)."""
        with self._lock:
            doc = library.add_bytes(name, raw, Path(self.pipeline.settings.corpus_dir))
            try:
                self._reindex()
            except RagError:
                library.remove(doc.doc_id, Path(self.pipeline.settings.corpus_dir))
                raise
            return self.documents.get(doc.doc_id, doc)

    def remove(self, doc_id: str):
        with self._lock:
            doc = self.documents.get(doc_id)
            library.remove(doc_id, Path(self.pipeline.settings.corpus_dir))
            self._reindex()
            return doc



class Safety:
    """ASGI middleware: Host header check (DNS rebinding), anti-framing and related headers on every
    response, and the upload route closed while the app has no upload field."""

    def __init__(self, app, hosts: frozenset[str], any_ip: bool = False) -> None:
        self.app, self.hosts, self.any_ip = app, hosts, any_ip

    def allowed(self, host_header: str) -> bool:
        import ipaddress

        host = host_header.strip().lower()
        if host.startswith("[") and "]" in host:  # [::1]:7860
            host = host[1:host.index("]")]
        elif host.count(":") == 1:  # name:port
            host = host.rsplit(":", 1)[0]
        if host in self.hosts:
            return True
        try:
            ipaddress.ip_address(host)
        except ValueError:
            return False
        return self.any_ip

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        host = headers.get(b"host", b"").decode("latin-1")  # no Host header (HTTP/1.0) is refused too
        refuse = None
        if not self.allowed(host):
            refuse = (421, b"unknown Host header")
        elif scope["type"] == "http" and scope["path"].rstrip("/").endswith("/upload") and not UPLOADS_ENABLED:
            refuse = (403, b"uploads are disabled in this app")
        if refuse is not None:
            if scope["type"] == "websocket":
                return await send({"type": "websocket.close", "code": 1008})
            await send({"type": "http.response.start", "status": refuse[0],
                        "headers": [(b"content-type", b"text/plain"), *SECURITY_HEADERS]})
            return await send({"type": "http.response.body", "body": refuse[1]})

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
            await send(message)

        return await self.app(scope, receive, send_with_headers)


def allowed_hosts(host: str) -> tuple[frozenset[str], bool]:
    """Names the Host header may carry: loopback names and the bound address; on all interfaces, also
    this machine's names and any IP literal (a DNS-rebinding attack needs a domain name)."""
    import socket

    names = set(LOOPBACK_NAMES) | {host.lower()}
    everywhere = host in ("0.0.0.0", "::")
    if everywhere:
        names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    return frozenset(names), everywhere


def _polite(error: Exception, lang: str = "en") -> str:
    text = str(error).strip() or "the request could not be processed"
    return say("sorry", lang, msg=text[0].lower() + text[1:] if text[:1].isupper() and text[1:2].islower() else text)


def build_app(pipeline: Pipeline, warm_up: bool = False) -> gr.Blocks:
    """The Blocks; ``warm_up`` starts ``Asker.warm_up`` in a thread (``main`` does, tests need not)."""
    asker = Asker(pipeline)
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
                gr.update(placeholder=say("placeholder", lang), label=say("question_label", lang)),
                gr.update(value=say("ask", lang)), counter_html(lang, limit),
                examples_label_html(lang),
                gr.update(label=say("settings", lang)),
                gr.update(label=say("only_articles", lang), choices=doc_choices(lang)),
                gr.update(label=say("only_languages", lang),
                          choices=[(language_name(x, lang), x) for x in languages_present()]),
                gr.update(label=say("ui_language", lang)),
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
        if result.understood_as:  # a follow-up: show what was answered, so a wrong rewrite can be corrected
            html = f'<div class="rag-understood" dir="auto">Understood as: {escape(result.understood_as)}</div>' + html
        turns = [*turns[:-1], {**turns[-1], "html": html, "md": ui.answer_markdown(result, docs())}]
        first = next((c for claim in result.claims for c in claim.citations), None)
        doc = docs().get(first.doc_id) if first else None
        article = ui_panels.article_html(doc, lang, first.start, first.end, first.n) if doc and first else library_panel(lang)
        updates = chrome(lang) if follow else tuple([gr.update()] * 11)  # only when the language changed
        return (turns, ui.conversation_html(turns, lang), ui_panels.sources_html(result, docs(), lang), article,
                last, *updates)

    def open_link(choice: str, last: str, evt: gr.EventData):
        """A citation, article or remove link was clicked anywhere on the page (see assets/app.js)."""
        lang = effective(choice, last)
        data = getattr(evt, "_data", None)
        parsed = ui.parse_cite_href(str(data.get("href", ""))) if isinstance(data, dict) else None
        if parsed is None:
            return gr.update(), gr.update(), gr.update()
        kind, doc_id, start, end, n = parsed
        if kind == "library":
            return library_panel(lang), gr.update(), gr.update()
        if kind == "remove":
            try:
                doc = asker.remove(doc_id)
            except RagError as e:
                return library_panel(lang), note_html(say("refused", lang, msg=str(e)), bad=True), gr.update()
            title = ui_panels.title_for(doc, lang) if doc else doc_id
            return (library_panel(lang), note_html(say("removed", lang, title=title)),
                    gr.update(choices=doc_choices(lang), value=[]))
        doc = docs().get(doc_id)
        if doc is None:
            return gr.update(), gr.update(), gr.update()
        if kind == "cite" and start is not None and end is not None and 0 <= start < end <= len(doc.text):
            return ui_panels.article_html(doc, lang, start, end, n), gr.update(), gr.update()
        return ui_panels.article_html(doc, lang), gr.update(), gr.update()

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
        return (*chrome(lang), library_panel(lang), ui.conversation_html(turns, lang) if not turns else gr.update())

    def on_load(request: gr.Request):
        """``?lang=ar`` (or fa, en) chooses the interface language from a link."""
        asked = (request.query_params.get("lang") if request else None) or "auto"
        choice = asked if asked in UI_LANGUAGES else "auto"
        lang = effective(choice, "en")
        return (choice, *chrome(lang), library_panel(lang), ui.conversation_html([], lang))

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
    with gr.Blocks(title="Azerbaijan–Israel relations · cited answers", fill_width=True,
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

        turns, pending, last_lang = gr.State([]), gr.State(""), gr.State("en")
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
        article.click(open_link, [ui_choice, last_lang], [article, lib_msg, doc_filter], api_visibility="private",
                      show_progress="hidden")
        uploader.upload(upload, [uploader, ui_choice, last_lang], [article, lib_msg, doc_filter],
                        api_visibility="private")
        ui_choice.change(on_language, [ui_choice, last_lang, turns], [*chrome_out, article, conv],
                         api_visibility="private", show_progress="hidden")
        demo.load(on_load, None, [ui_choice, *chrome_out, article, conv], api_visibility="private",
                  show_progress="hidden")
        gr.api(api_ask, api_name="ask")

    demo.queue(api_open=False, max_size=QUEUE_MAX_SIZE, default_concurrency_limit=CONCURRENCY)
    return demo


def launch_kwargs(settings: Settings) -> dict:
    """The safety settings every launch uses."""
    return {
        "show_error": False, "max_file_size": MAX_FILE_SIZE, "enable_monitoring": False, "share": False,
        "allowed_paths": [], "blocked_paths": [str(Path(settings.corpus_dir).resolve()),
                                               str(Path(settings.index_dir).resolve())],
        "ssr_mode": False, "pwa": False, "mcp_server": False, "footer_links": ["api"],
        "theme": THEME, "css": asset("app.css"),
    }


def launch(demo: gr.Blocks, settings: Settings, host: str = LOOPBACK, port: int = DEFAULT_PORT,
           prevent_thread_lock: bool = False, quiet: bool = False):
    from starlette.middleware import Middleware

    hosts, any_ip = allowed_hosts(host)
    demo.delete_cache = DELETE_CACHE  # read when the server app is created
    return demo.launch(server_name=host, server_port=port, prevent_thread_lock=prevent_thread_lock,
                       quiet=quiet, app_kwargs={"middleware": [Middleware(Safety, hosts=hosts, any_ip=any_ip)]},
                       **launch_kwargs(settings))


def _port(value: str | None) -> int:
    try:
        port = int(value) if value else DEFAULT_PORT
    except ValueError:
        raise SystemExit(f"error: port must be a number, got {value!r}") from None
    if not 0 < port < 65536:
        raise SystemExit(f"error: port must be between 1 and 65535, got {port}")
    return port


def parse_address(argv: list[str] | None = None, env: Mapping[str, str] | None = None) -> tuple[str, int]:
    """(host, port) from the command line and ``GRADIO_SERVER_PORT``; loopback unless a flag says otherwise."""
    env = os.environ if env is None else env
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--port", help=f"port (default: $GRADIO_SERVER_PORT or {DEFAULT_PORT})")
    parser.add_argument("--host", help=f"address to bind (default: {LOOPBACK}, this machine only)")
    parser.add_argument("--share-lan", action="store_true",
                        help="listen on all interfaces (0.0.0.0) so other machines on the network can connect")
    args = parser.parse_args(argv)
    host = args.host or ("0.0.0.0" if args.share_lan else LOOPBACK)
    if args.port:
        return host, _port(args.port)
    value = env.get("GRADIO_SERVER_PORT") or env.get("RAG_INVALID_GRADIO_SERVER_PORT")
    try:
        return host, _port(value)
    except SystemExit:
        raise SystemExit(f"error: GRADIO_SERVER_PORT must be a port number, got {value!r} "
                         "(or pass --port N)") from None


def main(argv: list[str] | None = None) -> None:
    host, port = parse_address(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    log.setLevel(logging.INFO)
    try:
        # The answer cache is on in the app unless RAG_ANSWER_CACHE says otherwise (rag.pipeline._AnswerCache).
        settings = Settings.from_env(**({} if os.environ.get("RAG_ANSWER_CACHE") else {"answer_cache": ANSWER_CACHE}))
        t0 = time.perf_counter()
        print(f"Loading the index for {settings.corpus_dir} …", file=sys.stderr)
        pipeline = Pipeline(settings, progress=tqdm_progress("building index:"))
        state = "built" if pipeline.rebuilt else "loaded"
        print(f"Index {state} in {time.perf_counter() - t0:.1f} s ({settings.index_dir}).", file=sys.stderr)
    except RagError as e:
        raise SystemExit(f"error: {e}") from None
    if host not in (LOOPBACK, "localhost", "::1"):
        print(f"Warning: listening on {host}: anyone who can reach this machine on port {port} can use the app.",
              file=sys.stderr)
    try:
        demo = build_app(pipeline, warm_up=True)
    except RagError as e:  # e.g. a malformed RAG_LLM
        raise SystemExit(f"error: {e}") from None
    launch(demo, settings, host=host, port=port)


if __name__ == "__main__":
    main()
