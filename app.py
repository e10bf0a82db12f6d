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
import matplotlib

matplotlib.use("Agg")
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.figure import Figure

from rag import ui
from rag.chat import RagChat
from rag.config import MAX_K, Settings, check_k
from rag.errors import InvalidInput, RagError
from rag.llm import spec_from_env
from rag.pipeline import Pipeline
from rag.progress import tqdm_progress
from rag.render import answer_to_dict
from rag.values import values_agree

log = logging.getLogger("rag.app")

LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 7860
MAX_FILE_SIZE = "1mb"
# No upload field exists yet, so the upload route is closed (gradio opens it for every app). When the
# upload feature lands, set UPLOADS_ENABLED and it is capped by MAX_FILE_SIZE, with gradio's cache
# of uploaded files emptied hourly (DELETE_CACHE).
UPLOADS_ENABLED = False
DELETE_CACHE = (3600, 3600)  # (every seconds, older than seconds)
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
SECURITY_HEADERS = [(b"x-frame-options", b"DENY"), (b"content-security-policy", b"frame-ancestors 'none'"),
                    (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]
QUEUE_MAX_SIZE = 16
CONCURRENCY = 2
APOLOGY = "Sorry, something went wrong while answering. Please try again, or rephrase the question."

EXAMPLES = [
    "When did Azerbaijan open its embassy in Israel?",
    "متى افتتحت أذربيجان سفارتها في إسرائيل؟",
    "آذربایجان چه زمانی سفارت خود را در اسرائیل افتتاح کرد؟",
    "How many Jews live in Azerbaijan?",
    "When did Israel recognize the independence of Azerbaijan?",
    "Who won the 2022 World Cup?",
]
# Fonts Gradio bundles (no font download), then system fonts with Arabic script (DejaVu Sans here).
THEME = gr.themes.Soft(
    primary_hue="indigo", neutral_hue="slate",
    font=[gr.themes.GoogleFont("IBM Plex Sans", weights=(400, 600, 700)),
          *map(gr.themes.Font, ["Noto Sans", "DejaVu Sans", "sans-serif"])],
    font_mono=[gr.themes.GoogleFont("IBM Plex Mono"), gr.themes.Font("monospace")])
_PLOT_COLORS = ["#f59e0b", "#0ea5e9", "#a855f7", "#10b981"]  # same order as the disagreement card columns


class Asker:
    """Thread-safe access to one Pipeline, plus the lookups the UI needs (value spans in quotes)."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self.chat = RagChat.from_spec(pipeline, spec_from_env())  # follow-ups; a model only if RAG_LLM is set
        self._lock = threading.Lock()

    @property
    def documents(self):
        return self.pipeline.index.documents

    def ask(self, question: str, k: float, doc_ids=None, languages=None, history=None) -> dict:
        if not isinstance(question, str):
            raise InvalidInput("question must be text")
        question = self.pipeline.check_question(question)  # cheap; refuses before any embedding or search
        k = check_k(k)
        doc_ids = ([doc_ids] if isinstance(doc_ids, str) else list(doc_ids or [])) or None
        languages = ([languages] if isinstance(languages, str) else list(languages or [])) or None
        unknown = [d for d in doc_ids or [] if d not in self.documents]
        if unknown:
            raise InvalidInput(f"unknown article id(s): {', '.join(map(str, unknown))}")
        bad = [x for x in languages or [] if x not in ui.LANGUAGE_NAMES]
        if bad:
            raise InvalidInput(f"unknown language(s): {', '.join(map(str, bad))} (use ar, fa or en)")
        with self._lock:
            self.pipeline.reload_if_changed()  # a newly published index is served from the next question on
            return answer_to_dict(self.chat.ask(question, history, k=k, doc_ids=doc_ids, languages=languages))

    def value_spans(self, claim: Mapping, citation: Mapping) -> list[tuple[int, int]]:
        """Where, inside the quote, the claimed value is stated (for emphasis)."""
        if claim.get("kind") == "text":
            return []
        sent_id = self.pipeline.index.sentence_at.get((citation["doc_id"], citation["start"], citation["end"]))
        values = self.pipeline.index.values.get(sent_id, ()) if sent_id else ()
        return [(v.start, v.end) for v in values
                if v.kind == claim["kind"] and values_agree(v.value, claim["value"])]


def timeline_figure(d: Mapping | None) -> Figure | None:
    """Which source claims which date: one row per article; a bar as wide as the stated precision
    (a month, a year, a range) with a dot at its middle, labelled with the value and its citations."""
    points = ui.timeline_points(d)
    if not points:
        return None
    docs = list(dict.fromkeys(p["doc_id"] for p in points))
    titles = {p["doc_id"]: p["title"] for p in points}
    lo = date2num(min(p["start"] for p in points))
    hi = date2num(max(p["end"] for p in points)) + 1
    pad = max((hi - lo) * 0.12, 45)
    fig = Figure(figsize=(7.2, 1.0 + 0.8 * len(docs)), dpi=110, layout="constrained")
    ax = fig.add_subplot()
    for y, doc_id in enumerate(docs):
        row = sorted((p for p in points if p["doc_id"] == doc_id), key=lambda p: p["start"])
        for i, p in enumerate(row):
            color = _PLOT_COLORS[p["claim"] % len(_PLOT_COLORS)]
            x0, x1 = date2num(p["start"]), date2num(p["end"]) + 1
            if x1 - x0 > (hi - lo + 2 * pad) * 0.006:
                ax.barh(y, x1 - x0, left=x0, height=0.36, color=color, alpha=0.55)
            ax.plot([(x0 + x1) / 2], [y], "o", color=color, markersize=8, markeredgecolor="white")
            above, where = i % 2 == 0, ((x0 + x1) / 2 - lo) / max(hi - lo, 1)
            ax.annotate(f"{p['display']} {''.join(f'[{n}]' for n in p['ns'])}", ((x0 + x1) / 2, y),
                        xytext=(0, 12 if above else -12), textcoords="offset points",
                        ha="right" if where > 0.8 else "left" if where < 0.2 else "center",
                        va="bottom" if above else "top", fontsize=8.5, color="#222")
    ax.set_yticks(range(len(docs)), [_short(titles[d]) for d in docs], fontsize=9)
    ax.set_ylim(len(docs) - 0.4, -0.75)
    ax.set_xlim(lo - pad, hi + pad)
    locator = AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.grid(axis="x", alpha=0.3)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.set_title("Which source claims which date", fontsize=10, loc="left")
    ax.set_xlabel("dot = claimed date; bar = the month, year or range a source states", fontsize=8, color="#555")
    return fig


def question_bubble(question: str) -> str:
    """The question as one line of escaped HTML: the chat renders Markdown, and a blank line would end
    the HTML block and let the rest become Markdown (clickable links)."""
    return ui.question_html(" ".join(question.split()))


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


def _short(title: str, limit: int = 38) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def _polite(error: Exception) -> str:
    text = str(error).strip() or "the request could not be processed"
    return f"Sorry — {text[0].lower() + text[1:] if text[:1].isupper() and text[1:2].islower() else text}."


def build_app(pipeline: Pipeline) -> gr.Blocks:
    asker = Asker(pipeline)
    docs = asker.documents
    limit = pipeline.settings.max_query_chars
    default_k = min(pipeline.settings.top_k, MAX_K)
    langs = sorted({d.language for d in docs.values()}, key=lambda x: ["ar", "fa", "en"].index(x)
                   if x in ("ar", "fa", "en") else 9)

    def add_question(question: str, history: list):
        """Step 1 (instant): show the question, clear the box, remember the raw text."""
        question = (question or "").strip()
        if not question:
            return history, "", ""
        return history + [{"role": "user", "content": question_bubble(question)}], "", question

    def answer(question: str, history: list, k, doc_ids, languages):
        """Step 2: the answer card, the source list, the timeline and the first citation opened."""
        if not question:
            return history, gr.update(), gr.update(), gr.update()
        try:
            d = asker.ask(question, int(k), doc_ids, languages, history[:-1])  # earlier turns: follow-ups
        except Exception as e:  # a polite message in the chat, never a traceback
            if isinstance(e, RagError):
                message = _polite(e)
            else:
                log.exception("answering %r failed", question[:200])
                message = APOLOGY
            return (history + [{"role": "assistant", "content": ui.error_html(message)}],
                    ui.sources_html(None, docs), gr.update(value=None, visible=False), gr.update())
        content = ui.answer_html(d, docs, asker.value_spans, ui.scope_text(doc_ids, languages, docs))
        if d.get("understood_as"):
            content = f'<div class="rag-understood" dir="auto">Understood as: {escape(d["understood_as"])}</div>' + content
        fig = timeline_figure(d)
        plot = gr.update(value=fig, visible=True) if fig is not None else gr.update(value=None, visible=False)
        first = next((c for claim in d["claims"] for c in claim["citations"]), None)
        article = (ui.article_html(docs[first["doc_id"]], first["start"], first["end"], first["n"])
                   if first else gr.update())
        return (history + [{"role": "assistant", "content": content}], ui.sources_html(d, docs), plot, article)

    def open_link(evt: gr.EventData):
        """A citation or article link was clicked anywhere on the page (see ui.BRIDGE_JS)."""
        data = getattr(evt, "_data", None)
        parsed = ui.parse_cite_href(str(data.get("href", ""))) if isinstance(data, dict) else None
        if parsed is None:
            return gr.update()
        kind, doc_id, start, end, n = parsed
        if kind == "library":
            return ui.library_html(docs)
        doc = docs.get(doc_id)
        if doc is None:
            return gr.update()
        if kind == "cite" and start is not None and end is not None and 0 <= start < end <= len(doc.text):
            return ui.article_html(doc, start, end, n)
        return ui.article_html(doc)

    def api_ask(question: str, k: int = default_k, doc_ids: list[str] | None = None,
                languages: list[str] | None = None, history: list[dict] | None = None) -> dict:
        """Answer a question from the articles; returns the `rag ask --json` dict (question, language,
        status, answer, claims with citations, sources, timings_ms, understood_as). doc_ids / languages restrict
        the search; history, a list of {"role": "user"|"assistant", "content"} messages, makes a follow-up standalone."""
        try:
            return asker.ask(question, k, doc_ids, languages, history)
        except RagError as e:
            raise gr.Error(_polite(e), print_exception=False) from None
        except Exception:
            log.exception("api ask %r failed", str(question)[:200])
            raise gr.Error(APOLOGY, print_exception=False) from None

    info = pipeline.index.manifest.get("counts", {})
    with gr.Blocks(title="Azerbaijan–Israel relations · cited answers", fill_width=True,
                   analytics_enabled=False) as demo:
        gr.HTML('<div class="rag-title"><h1>Azerbaijan–Israel relations: answers with evidence</h1>'
                f'<p>Answers come only from {len(docs)} articles (Arabic and Persian). Ask in English, العربية or '
                'فارسی. Every claim is cited; click a number to read the sentence in its article. When the '
                'articles disagree, both sides are shown.</p></div>', padding=False)
        with gr.Row(equal_height=False):
            with gr.Column(scale=6, min_width=420):
                chat = gr.Chatbot(elem_id="rag-chat", height=680, show_label=False, layout="bubble",
                                  latex_delimiters=[], feedback_options=None, buttons=["copy"],
                                  placeholder="Ask a question below, or pick an example.")
                with gr.Row(equal_height=True):
                    box = gr.Textbox(elem_id="rag-question", show_label=False, scale=8, max_lines=4, autofocus=True,
                                     placeholder=f"Ask in English, العربية or فارسی … (up to {limit} characters)",
                                     submit_btn=False)
                    send = gr.Button("Ask", variant="primary", scale=1, min_width=80, elem_id="rag-send")
                with gr.Row(elem_classes="rag-examples"):
                    gr.HTML('<span class="rag-examples-label">Try:</span>', padding=False, min_width=0)
                    example_buttons = [gr.Button(q, size="sm", variant="secondary", min_width=120)
                                       for q in EXAMPLES]
                plot = gr.Plot(label="Timeline", visible=False, elem_id="rag-timeline", show_label=False)
                with gr.Accordion("Settings", open=False):
                    k = gr.Slider(1, MAX_K, value=default_k, step=1, label="Passages to read (k)")
                    doc_filter = gr.Dropdown([(d.title, d.doc_id) for d in docs.values()], multiselect=True,
                                             value=[], label="Only these articles (empty = all)")
                    lang_filter = gr.CheckboxGroup([(ui.LANGUAGE_NAMES[x], x) for x in langs], value=[],
                                                   label="Only articles in these languages (none = all)")
                gr.HTML(f'<div id="rag-status-line">Index: {info.get("documents", len(docs))} articles, '
                        f'{info.get("chunks", "?")} passages, {info.get("sentences", "?")} sentences · '
                        f'model {pipeline.embedder.model_id}</div>', padding=False)
            with gr.Column(scale=5, min_width=360):
                article = gr.HTML(ui.library_html(docs), elem_id="rag-panel", js_on_load=ui.BRIDGE_JS,
                                  padding=False)
                sources = gr.HTML(ui.sources_html(None, docs), elem_id="rag-sources", padding=False)

        pending = gr.State("")
        outputs = [chat, sources, plot, article]
        settings = [k, doc_filter, lang_filter]

        def on(event, fn, inputs):  # show the question at once, then answer it
            event(fn, inputs, [chat, box, pending], api_visibility="private", show_progress="hidden").then(
                answer, [pending, chat, *settings], outputs, api_visibility="private", show_progress_on=chat)

        on(box.submit, add_question, [box, chat])
        on(send.click, add_question, [box, chat])
        for q, btn in zip(EXAMPLES, example_buttons):
            on(btn.click, partial(add_question, q), [chat])
        article.click(open_link, None, article, api_visibility="private", show_progress="hidden")
        chat.clear(lambda: (ui.sources_html(None, docs), gr.update(value=None, visible=False),
                            ui.library_html(docs)), None, [sources, plot, article], api_visibility="private")
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
        "theme": THEME, "css": ui.CSS,
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
        settings = Settings.from_env()
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
        demo = build_app(pipeline)
    except RagError as e:  # e.g. a malformed RAG_LLM
        raise SystemExit(f"error: {e}") from None
    launch(demo, settings, host=host, port=port)


if __name__ == "__main__":
    main()
