"""Serving the app safely: the theme, the Host-header and anti-framing middleware, and ``launch``.

The safety settings every launch uses live here so tests launch exactly what ``python app.py`` does.
"""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from rag.app_safety import (  # noqa: F401  # re-exported: the app and tests read them here
    CONCURRENCY,
    DEFAULT_PORT,
    DELETE_CACHE,
    LOOPBACK,
    LOOPBACK_NAMES,
    MAX_FILE_SIZE,
    QUEUE_MAX_SIZE,
    SECURITY_HEADERS,
    UPLOADS_ENABLED,
    Safety,
    allowed_hosts,
)
from rag.config import Settings

ASSETS = Path(__file__).resolve().parent / "assets"

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
      button_primary_background_fill_dark="*primary_600",
      button_primary_background_fill_hover_dark="*primary_700",  # white on primary_500 is 4.46:1 (axe, hovered Ask)
      block_label_text_color="*primary_700",
      block_title_text_color="*neutral_800", block_title_text_color_dark="*neutral_100",
      checkbox_label_text_color="*neutral_800", checkbox_label_background_fill_selected="*primary_700",
      checkbox_label_background_fill_selected_dark="*primary_700", link_text_color="*primary_700",
      link_text_color_dark="*primary_300")



def asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


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
           prevent_thread_lock: bool = False, quiet: bool = False, early=None):
    """Serve ``demo`` with the safety settings. ``early``: the server already answering ``POST /api/ask``
    on this port (rag/app_early.py), which then serves gradio's app too, behind its own Safety."""
    from starlette.middleware import Middleware

    hosts, any_ip = allowed_hosts(host)
    demo.delete_cache = DELETE_CACHE  # read when the server app is created
    app_kwargs = {"middleware": [Middleware(Safety, hosts=hosts, any_ip=any_ip)],
                  "routes": list(getattr(demo, "rag_routes", []))}  # POST /api/ask
    if early is None:
        return demo.launch(server_name=host, server_port=port, prevent_thread_lock=prevent_thread_lock,
                           quiet=quiet, app_kwargs=app_kwargs, **launch_kwargs(settings))
    from gradio import http_server

    real = http_server.start_server

    def start_server(*args, **kwargs):  # this launch's one call; a later launch starts its own server
        http_server.start_server = real
        return early.start_server(*args, **kwargs)

    http_server.start_server = start_server
    try:
        return demo.launch(server_name=host, server_port=port, prevent_thread_lock=prevent_thread_lock,
                           quiet=quiet, app_kwargs={}, **launch_kwargs(settings))
    finally:
        http_server.start_server = real
