"""app.py imports gradio without its type-stub rewriting and docstring templating (rag/app_import.py),
and only that changes."""

import subprocess
import sys

import pytest

from rag.config import ROOT

CHECK = ("import sys, {first}; import gradio, gradio.component_meta as m, gradio.events as e; "
         "print(m.create_or_modify_pyi.__name__, e.EventListener.set_doc.__name__, "
         "'gradio.components' in sys.modules, len(gradio.Button().click.__doc__ or '') > 0)")


def _fresh(first: str) -> str:
    out = subprocess.run([sys.executable, "-c", CHECK.format(first=first)], cwd=ROOT, capture_output=True,
                         text=True, timeout=300, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.split()


@pytest.mark.slow
def test_importing_the_app_skips_gradios_stub_rewriting_and_doc_templating_only():
    assert _fresh("app") == ["_no_stub", "_no_doc", "True", "True"]  # every component and listener still defined
    assert _fresh("gradio") == ["create_or_modify_pyi", "set_doc", "True", "True"]  # gradio alone is untouched


def test_the_hook_is_inert_once_gradio_is_imported_or_installed_twice():
    from rag import app_import

    before = list(sys.meta_path)
    app_import.skip_stub_rewriting()
    app_import.skip_stub_rewriting()
    added = [f for f in sys.meta_path if f not in before]
    assert len(added) <= 1  # installed at most once (none if gradio is already imported in this process)
    for finder in added:
        sys.meta_path.remove(finder)


@pytest.mark.slow
def test_the_app_imports_wordfreq_before_gradio_and_leaves_pandas_unloaded_until_it_is_used():
    # app.py imports gradio only in main, after the index is served (rag/app_early.py); build_app imports it
    check = ("import sys, app; print('gradio' in sys.modules); from rag.pipeline import Pipeline; Pipeline(); "
             "app.build_app; names = list(sys.modules); "
             "print(names.index('wordfreq') < names.index('gradio'), 'pandas' in sys.modules, 'pandas.core' in sys.modules); "
             "import pandas; print(int(pandas.DataFrame({'a': [1, 2]})['a'].sum()), 'pandas.core' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["False", "True", "True", "False", "3", "True"]  # pandas found, not run; then the real module
