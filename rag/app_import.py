"""Import gradio without the work it does for its tooling only: about half of ``import gradio`` here.

gradio 6 does two things for every component class it defines, on every import, that serve type
checkers and its documentation, never a running app:

- ``ComponentMeta.__new__`` calls ``create_or_modify_pyi``: it reads the class's source file, parses
  it with ``ast`` and rewrites the ``.pyi`` stub beside it when the generated interface differs.
  Measured on this machine (2 cores, load average ~5, three alternating runs): ``import gradio``
  took 5.0-5.6 s of CPU, and 2.2-3.2 s with the stub step skipped.
- ``EventListener.set_doc`` compiles each event listener's docstring as a Jinja template and renders
  it with the component's name (what ``help(gr.Button.click)`` shows). Skipped, ``import gradio``
  took 2.52-2.57 s of CPU against 2.92-3.02 s (three alternating runs, load average ~3.7); the
  docstrings keep their ``{{ component }}`` placeholders.

``skip_stub_rewriting()`` installs an import hook, before gradio is imported, that replaces both
with no-ops right after their modules run. If gradio is already imported, or a future gradio has no
such function, it changes nothing.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys

MODULE = "gradio.component_meta"
EVENTS = "gradio.events"


def _no_stub(*_args, **_kwargs) -> None:
    """gradio's type-stub rewriter, skipped (see the module docstring)."""


def _no_doc(_listener, component: str) -> None:
    """gradio's docstring templating of an event listener, skipped (see the module docstring)."""


def _patch_stubs(module) -> None:
    if callable(getattr(module, "create_or_modify_pyi", None)):
        module.create_or_modify_pyi = _no_stub


def _patch_docs(module) -> None:
    listener = getattr(module, "EventListener", None)
    if listener is not None and callable(getattr(listener, "set_doc", None)):
        listener.set_doc = _no_doc


PATCHES = {MODULE: _patch_stubs, EVENTS: _patch_docs}


class _SkipStubs(importlib.abc.MetaPathFinder):
    def __init__(self) -> None:
        self.pending = dict(PATCHES)

    def find_spec(self, name, path, target=None):
        patch = self.pending.pop(name, None)
        if patch is None:
            return None
        if not self.pending:
            sys.meta_path.remove(self)  # once each is enough
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        run = spec.loader.exec_module

        def exec_module(module) -> None:
            run(module)
            patch(module)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


class _Deferred(importlib.abc.MetaPathFinder):
    """Finds the named modules as usual, and has ``importlib.util.LazyLoader`` run each one only when
    one of its attributes is first read."""

    def __init__(self, names: frozenset[str]) -> None:
        self.names = names

    def find_spec(self, name, path, target=None):
        if name not in self.names:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is not None and spec.loader is not None and hasattr(spec.loader, "exec_module"):
            spec.loader = importlib.util.LazyLoader(spec.loader)
        return spec


# gradio imports pandas at the top of gradio.caching, for the content hash of ``gr.Cache`` (unused
# here); its Dataframe and monitoring import it inside functions. This app shows no table: importing
# pandas was ~0.45 s of CPU (measured: `import numpy, pandas` against `import numpy`, three runs).
DEFERRED = frozenset({"pandas"})


def defer_unused_imports() -> None:
    """Call before the first ``import gradio``: the modules in ``DEFERRED`` then load on first use
    (whoever reads an attribute first pays the import then, and gets the real module)."""
    if not any(m in sys.modules for m in DEFERRED) and not any(isinstance(f, _Deferred) for f in sys.meta_path):
        sys.meta_path.insert(0, _Deferred(DEFERRED))


# wordfreq (rag.query reads it for a question's rare words) finds its data folder at import with
# ``locate.this_dir()``, that is ``inspect.stack()``, which looks up the module of every frame on the
# stack through all of ``sys.modules``: imported once gradio is loaded (~2,000 modules), 0.72 s of
# CPU; imported first, 0.18 s (measured here, two runs each). The first question needs it anyway.
EARLY = ("wordfreq",)


def import_early() -> None:
    """Call before ``import gradio``: imports ``EARLY`` while few modules are loaded."""
    import importlib

    for name in EARLY:
        try:
            importlib.import_module(name)
        except ImportError:  # the question then imports it, or does without it, as before
            continue


def skip_stub_rewriting() -> None:
    """Call before the first ``import gradio``; harmless after it or when called twice."""
    if not any(m in sys.modules for m in PATCHES) and not any(isinstance(f, _SkipStubs) for f in sys.meta_path):
        sys.meta_path.insert(0, _SkipStubs())
