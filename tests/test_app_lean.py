"""What rag/app_lean.py leaves out of gradio's work, and that it leaves out nothing else."""

from __future__ import annotations

import os


def test_blocks_built_inside_one_server_app_have_no_discarded_app_and_gradio_is_restored_after():
    import gradio as gr
    from gradio.routes import App

    from rag.app_lean import one_server_app

    real = App.__dict__["create_app"]
    with one_server_app(), gr.Blocks() as lean:
        gr.HTML("<p>x</p>")
    with one_server_app():
        lean.queue()
    assert lean.app is None  # launch() creates the one app that is served
    assert App.__dict__["create_app"] is real
    with gr.Blocks() as usual:
        gr.HTML("<p>y</p>")
    assert usual.app is not None  # outside the context gradio builds its apps as before


def test_schema_once_gives_the_same_schema_as_a_copy():
    import gradio as gr

    from rag.app_lean import schema_once

    button = gr.UploadButton("add", file_count="single")
    before = button.api_info()
    schema_once(button)
    first, second = button.api_info(), button.api_info()
    assert first == before == second and first is not second  # a caller editing one changes nothing shared
    assert button.api_info_as_input() == before


def test_quiet_analytics_keeps_an_explicit_setting(monkeypatch):
    from rag.app_lean import ANALYTICS_ENV, quiet_analytics

    monkeypatch.setenv("GRADIO_ANALYTICS_CACHE_FREQUENCY", "5")
    quiet_analytics()
    assert os.environ["GRADIO_ANALYTICS_CACHE_FREQUENCY"] == "5"
    monkeypatch.delenv("GRADIO_ANALYTICS_CACHE_FREQUENCY")
    quiet_analytics()
    assert os.environ["GRADIO_ANALYTICS_CACHE_FREQUENCY"] == ANALYTICS_ENV["GRADIO_ANALYTICS_CACHE_FREQUENCY"]


def test_kept_signatures_leave_every_block_config_unchanged():
    import gradio as gr

    from rag.app_lean import keep_signatures

    with gr.Blocks() as demo:
        gr.HTML("<p>x</p>", js_on_load="trigger('click', {});", padding=False)
        gr.Textbox(label="q", max_length=10)
        gr.Button("ask", variant="primary")
        gr.UploadButton("add", file_count="single")
        gr.State([])
    inits = {klass.__dict__["__init__"] for cls in {type(b) for b in demo.blocks.values()}
             for klass in cls.__mro__ if "__init__" in klass.__dict__}
    kept = {f: f.__signature__ for f in inits if getattr(f, "__signature__", None) is not None}
    for f in kept:  # as gradio left them (another test in this process may have kept them already)
        del f.__signature__

    def configs():
        return {i: demo.default_config.config_for_block(i, [], b) for i, b in demo.blocks.items()}

    before = configs()
    keep_signatures(demo)
    assert any(getattr(f, "__signature__", None) is not None for f in inits)
    assert configs() == before
