"""Web app: ask the five articles in English, Arabic or Persian; every claim cited, disagreements side by side.

    python app.py [--port N] [--host H] [--share-lan]

Binds to 127.0.0.1 unless ``--host``/``--share-lan`` says otherwise; the port comes from ``--port``,
then ``GRADIO_SERVER_PORT``, then 7860. The index is loaded (or built, with a progress bar) before the
server starts; ``POST /api/ask`` answers as soon as it is, the page once gradio is imported and its
Blocks built (rag/app_early.py). ``build_app(pipeline)`` (rag/app_blocks.py) returns the Blocks; ``launch(demo, ...)``
(rag/app_server.py) starts it with the safety settings, which tests use too. Only this file and
``rag/app_*.py`` import gradio.

Scripts can call the ``ask`` endpoint through the queue (the unqueued REST route is closed)::

    from gradio_client import Client
    Client("http://127.0.0.1:7860/").predict("How many Jews live in Azerbaijan?", 8, api_name="/ask")

or in one plain request, ``POST /api/ask`` with ``{"question": …, "k": 8}`` (rag/app_api.py; same answer,
bounded like the queue, about half the server's CPU per answer).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
import time
from collections.abc import Mapping

# gradio int()s GRADIO_SERVER_PORT while it is imported: a non-numeric value would crash the import
# even with --port. Set it aside here, before the app modules import gradio; parse_address() reports
# it if it is the port actually used.
os.environ.update({"RAG_INVALID_GRADIO_SERVER_PORT": os.environ.pop("GRADIO_SERVER_PORT")}
                  if not os.environ.get("GRADIO_SERVER_PORT", "0").strip().isdecimal() else {})

from rag.app_import import defer_unused_imports, import_early, skip_stub_rewriting  # noqa: E402

import_early()  # wordfreq, while few modules are loaded: its import inspects the whole stack (rag/app_import.py)
skip_stub_rewriting()  # before gradio's first import: its type-stub rewriting was ~40 % of it (rag/app_import.py)
defer_unused_imports()  # and pandas, which gradio imports for a feature the app does not use
# Should matplotlib be imported after all (see main), its backend is set, so pyplot is never needed.
os.environ.setdefault("MPLBACKEND", "agg")

from rag.app_safety import DEFAULT_PORT, LOOPBACK, UPLOADS_ENABLED  # noqa: E402
from rag.config import Settings  # noqa: E402
from rag.errors import RagError  # noqa: E402
from rag.pipeline import Pipeline  # noqa: E402
from rag.progress import tqdm_progress  # noqa: E402

__all__ = ["build_app", "launch", "parse_address", "main", "UPLOADS_ENABLED"]  # noqa: F822  # the first two: __getattr__
log = logging.getLogger("rag.app")
FIRST_ANSWER_WAIT = 20.0  # seconds main waits for the first answer before importing gradio anyway
ANSWER_CACHE = 1024  # answers kept per index generation (Settings.answer_cache; RAG_ANSWER_CACHE=0 turns it off)


def __getattr__(name: str):
    """``build_app`` and ``launch`` import gradio: only when read (main reads them after the index is served)."""
    if name == "build_app":
        from rag.app_blocks import build_app

        return build_app
    if name == "launch":
        from rag.app_server import launch

        return launch
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    # gradio imports matplotlib around every event only to read its backend, set 'agg' and restore
    # it (gradio.utils.MatplotlibBackendMananger, which carries on when the import fails). The app
    # draws no plot, so the served process does not import matplotlib: ~0.2-0.4 s of CPU at start,
    # measured here. Only here, in the program, never on import of this module (tests import it).
    if "matplotlib" not in sys.modules:
        sys.modules["matplotlib"] = None  # type: ignore[assignment]  # `import matplotlib` raises ImportError
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
    from rag.app_asker import Asker
    from rag.app_early import serve_early
    from rag.app_safety import CONCURRENCY
    from rag.config import MAX_K

    try:
        asker = Asker(pipeline, readers=CONCURRENCY)  # as many questions at once as the queue runs
    except RagError as e:  # e.g. a malformed RAG_LLM
        raise SystemExit(f"error: {e}") from None
    # POST /api/ask answers from here on, while gradio is imported and the page built (rag/app_early.py).
    try:
        early = serve_early(asker, min(settings.top_k, MAX_K), host, port)
    except OSError as e:
        raise SystemExit(f"error: {e}") from None
    threading.Thread(target=asker.warm_up, name="warm-up", daemon=True).start()
    print(f"Answering POST /api/ask on http://{host}:{port}/api/ask; starting the page …", file=sys.stderr)
    # Importing gradio holds the GIL for seconds: it starts once a first question (the warm-up's, or a
    # real one) has loaded what every question needs, so that question does not share the GIL with it.
    asker.answered.wait(timeout=FIRST_ANSWER_WAIT)
    asker.wait_quiet(timeout=FIRST_ANSWER_WAIT)  # and for users' questions already in (the first answer's)
    from rag.app_blocks import build_app
    from rag.app_server import launch

    launch(build_app(pipeline, asker=asker), settings, host=host, port=port, early=early)

if __name__ == "__main__":
    main()
