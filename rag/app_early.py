"""Answer ``POST /api/ask`` while gradio is still being imported, then serve the whole app on that port.

A start of ``app.py`` to its first answer was mostly gradio: importing it, building the Blocks and
launching them were ~12 of the ~17 s of samples in a profile at load average 7.6, against ~4.4 s for
loading the index and the first question (``python -m benchmarks.perf start``, reports/profile_start.txt).
None of that is needed to answer. So ``app.main`` loads the index, starts this server on the app's
port with the JSON route (rag/app_api.py) behind the app's Safety middleware, and only then imports
gradio and builds the page. Until the page is ready every other path answers 503 with Retry-After
(browsers get a page that reloads itself), websockets are closed with "try again later".

``launch(..., early=server)`` (rag/app_server.py) then gives gradio's app to this same server rather
than starting a second one: ``start_server`` stands in for gradio's ``http_server.start_server`` for that
one call, and gradio's lifespan (its state and upload-cache cleaners) runs under this server's. One
port, one uvicorn, the same middleware in front of the page and the JSON route.
"""

from __future__ import annotations

import asyncio
import threading
import time

import uvicorn

from rag.app_api import PATH
from rag.app_safety import Safety, allowed_hosts

STARTING = (b"<!doctype html><meta charset=utf-8><meta http-equiv=refresh content=1>"
            b"<title>Starting</title><p>The app is starting; this page reloads itself.</p>")
LIFESPAN = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}}


class _Lifespan:
    """Another ASGI app's lifespan, run as a task on the server's loop: started, later stopped."""

    def __init__(self, app) -> None:
        self.inbox: asyncio.Queue = asyncio.Queue()
        self.outbox: asyncio.Queue = asyncio.Queue()
        self.task = asyncio.create_task(app({**LIFESPAN, "state": {}}, self.inbox.get, self.outbox.put))

    async def _step(self, message: str, timeout: float) -> None:
        await self.inbox.put({"type": f"lifespan.{message}"})
        reply = asyncio.ensure_future(self.outbox.get())
        await asyncio.wait({reply, self.task}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        reply.cancel()
        if reply.done() and not reply.cancelled() and reply.result()["type"].endswith(".failed"):
            raise RuntimeError(f"the app's lifespan {message} failed: {reply.result().get('message', '')}")
        if self.task.done() and not self.task.cancelled() and self.task.exception() is not None:
            raise RuntimeError(f"the app's lifespan {message} failed") from self.task.exception()

    async def start(self) -> None:
        await self._step("startup", 60)

    async def stop(self) -> None:
        await self._step("shutdown", 5)


class Switch:
    """ASGI: ``/api/ask`` to ``api``; every other request to the adopted app, or 503 until there is one."""

    def __init__(self, api) -> None:
        self.api = api
        self.target = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self._life: _Lifespan | None = None

    async def __call__(self, scope, receive, send):
        kind = scope["type"]
        if kind == "lifespan":
            return await self._lifespan(receive, send)
        if kind == "http" and scope["path"] == PATH:
            return await self.api(scope, receive, send)
        if self.target is not None:
            return await self.target(scope, receive, send)
        if kind == "websocket":
            return await send({"type": "websocket.close", "code": 1013})  # try again later
        await send({"type": "http.response.start", "status": 503,
                    "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"retry-after", b"1"),
                                (b"cache-control", b"no-store")]})
        await send({"type": "http.response.body", "body": STARTING})

    async def _lifespan(self, receive, send) -> None:
        self.loop = asyncio.get_running_loop()
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self._life is not None:
                    await self._life.stop()
                return await send({"type": "lifespan.shutdown.complete"})

    async def _adopt(self, app) -> None:
        self._life = _Lifespan(app)
        await self._life.start()
        self.target = app

    def adopt(self, app) -> None:
        """From any thread but the server's: start ``app``'s lifespan, then send it the requests."""
        if self.loop is None:
            raise RuntimeError("the server is not running")
        asyncio.run_coroutine_threadsafe(self._adopt(app), self.loop).result(timeout=90)


class EarlyServer(uvicorn.Server):
    """The app's one server, run in a thread; gradio keeps it as its own (``close()`` as gradio's)."""

    switch: Switch
    thread: threading.Thread

    def install_signal_handlers(self) -> None:  # the main thread keeps its own (Ctrl+C ends gradio's wait)
        pass

    def _run(self) -> None:
        try:
            self.run()
        except SystemExit:  # uvicorn's way to say it could not bind: run_in_thread reports it
            pass

    def run_in_thread(self, timeout: float = 30.0) -> None:
        self.thread = threading.Thread(target=self._run, name="server", daemon=True)
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not (self.started and self.switch.loop is not None):
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise OSError(f"could not serve on {self.config.host}:{self.config.port} (is the port in use?)")
            time.sleep(0.005)

    def close(self) -> None:
        self.should_exit = True
        self.thread.join(timeout=5)

    def start_server(self, app, server_name=None, server_port=None, **_ssl):
        """Stands in for ``gradio.http_server.start_server``: serve ``app`` here; gradio's return values."""
        self.switch.adopt(app)
        host, port = self.config.host, self.config.port
        return server_name or host, port, f"http://{'localhost' if host == '0.0.0.0' else host}:{port}/", self


def serve_early(asker, default_k: int, host: str, port: int) -> EarlyServer:
    """Start serving ``POST /api/ask`` with ``asker`` on ``host:port`` now; the page follows (``launch``)."""
    from starlette.applications import Starlette

    from rag.app_api import asker_route

    switch = Switch(Starlette(routes=[asker_route(asker, default_k)]))
    hosts, any_ip = allowed_hosts(host)
    config = uvicorn.Config(Safety(switch, hosts=hosts, any_ip=any_ip), host=host, port=port,
                            log_level="warning", lifespan="on")
    server = EarlyServer(config)
    server.switch = switch
    server.run_in_thread()
    return server
