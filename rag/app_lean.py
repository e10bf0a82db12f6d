"""Work gradio does that this app does not need, measured and left out.

Each item below was found in a py-spy profile of the server (``python -m benchmarks.perf start|load``,
``reports/profile_start.txt``, ``reports/profile_load.txt``) and removed only where the app never
uses its result. Figures are CPU on this 2-core machine, measured beside other work.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator
from contextlib import contextmanager

import gradio as gr

# gradio recomputes its monitoring summary (a pandas DataFrame over up to 10,000 past events) after
# every event, though only the monitoring page reads it and launch turns monitoring off
# (rag/app_server.py): ~15 % of the server's CPU under 8 clients. gradio's queue reads this when it
# is created; a recount every 2**31 events is never.
ANALYTICS_ENV = {"GRADIO_ANALYTICS_CACHE_FREQUENCY": str(2**31)}


def quiet_analytics() -> None:
    """Call before ``Blocks.queue()``; an explicit setting in the environment wins."""
    for key, value in ANALYTICS_ENV.items():
        os.environ.setdefault(key, value)


def schema_once(component: gr.components.Component) -> None:
    """Compute the component's API schema once, not per session.

    gradio builds a fresh session state for every call of the ``/ask`` API (a client that sends no
    session id gets a new one per call) and with it the config of every block; an upload button's
    config runs pydantic's ``FileData.model_json_schema()`` three times: ~4 of the ~8 ms CPU of each
    new session, measured here. The schema depends on the component's class only; a copy is returned
    so a caller that edits it changes nothing shared."""
    info = component.api_info()
    component.api_info = lambda: copy.deepcopy(info)  # type: ignore[method-assign]


def keep_signatures(demo: gr.Blocks) -> None:
    """Give each block class's ``__init__`` its signature once, as ``__signature__``.

    A new session (see ``schema_once``) builds the config of every block, and each config reads
    ``inspect.signature(cls.__init__)`` afresh: ~10 % of the server's CPU under 8 clients, half of a
    session's cost. ``inspect.signature`` returns a function's ``__signature__`` when it has one (PEP
    362), and a signature is immutable, so the configs are the same (tests/test_app_lean.py)."""
    import inspect

    for cls in {type(block) for block in demo.blocks.values()}:
        for klass in cls.__mro__:
            init = klass.__dict__.get("__init__")
            if init is None or getattr(init, "__signature__", None) is not None:
                continue
            try:
                init.__signature__ = inspect.signature(init)
            except (AttributeError, TypeError, ValueError):  # a slot wrapper (object.__init__) takes no attribute
                continue


@contextmanager
def one_server_app() -> Iterator[None]:
    """Build the Blocks and its queue without the FastAPI apps gradio throws away.

    gradio creates a server app (its ~80 routes, each analysed by FastAPI and pydantic) when a
    Blocks is created, again when its ``with`` block closes, again in ``queue()``, and once more in
    ``launch()`` - the only one served. Measured here: the three discarded ones were 0.54 s of a
    0.60 s ``build_app``. Inside this context ``App.create_app`` returns None; ``launch()``, outside
    it, creates the served app as before. Not thread-safe: one Blocks is built at a time."""
    from gradio.routes import App

    real = App.__dict__["create_app"]
    App.create_app = staticmethod(lambda *args, **kwargs: None)  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        App.create_app = real  # type: ignore[method-assign]
