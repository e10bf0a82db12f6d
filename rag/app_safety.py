"""The app's safety at the HTTP level, without gradio: the Host-header check, anti-framing headers, the bounds.

Kept apart from ``rag.app_server`` (which imports gradio for its theme) so the early server
(``rag.app_early``) can answer ``POST /api/ask`` behind the same checks before gradio is imported.
"""

from __future__ import annotations

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
