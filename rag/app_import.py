"""Import gradio without rewriting its type stubs: about 40 % of ``import gradio`` here.

gradio 6's ``ComponentMeta.__new__`` calls ``create_or_modify_pyi`` for every component class it
defines, on every import: it reads the class's source file, parses it with ``ast`` and rewrites the
``.pyi`` stub beside it when the generated interface differs. Stubs serve type checkers and gradio's
custom-component tooling, never a running app. Measured on this machine (2 cores, load average ~5,
three alternating runs): ``import gradio`` took 5.0-5.6 s of CPU, and 2.2-3.2 s with the stub step
skipped; it was about 20 % of all CPU samples from launching ``app.py`` to its first answer
(py-spy, ``reports/profile_start.txt``).

``skip_stub_rewriting()`` installs an import hook, before gradio is imported, that replaces
``gradio.component_meta.create_or_modify_pyi`` with a no-op right after that module runs. If gradio
is already imported, or a future gradio has no such function, it changes nothing.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys

MODULE = "gradio.component_meta"


def _no_stub(*_args, **_kwargs) -> None:
    """gradio's type-stub rewriter, skipped (see the module docstring)."""


class _SkipStubs(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != MODULE:
            return None
        sys.meta_path.remove(self)  # once is enough
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        run = spec.loader.exec_module

        def exec_module(module) -> None:
            run(module)
            if callable(getattr(module, "create_or_modify_pyi", None)):
                module.create_or_modify_pyi = _no_stub

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def skip_stub_rewriting() -> None:
    """Call before the first ``import gradio``; harmless after it or when called twice."""
    if MODULE not in sys.modules and not any(isinstance(f, _SkipStubs) for f in sys.meta_path):
        sys.meta_path.insert(0, _SkipStubs())
