"""Serving the app safely: the theme, the Host-header and anti-framing middleware, and ``launch``.

The safety settings every launch uses live here so tests launch exactly what ``python app.py`` does.
"""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from rag.config import Settings

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
                       quiet=quiet, app_kwargs={"middleware": [Middleware(Safety, hosts=hosts, any_ip=any_ip)],
                                               "routes": list(getattr(demo, "rag_routes", []))},  # POST /api/ask
                       **launch_kwargs(settings))
