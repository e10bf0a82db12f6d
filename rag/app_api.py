"""``POST /api/ask``: the ``ask`` endpoint as one plain JSON request, beside gradio's queued one.

Through gradio's queue an API answer is two requests (POST ``/gradio_api/call/ask``, then its event
stream), a new gradio session with the config of every block, and the queue's bookkeeping; under 8
clients that was about half of the server's CPU, the answer itself the other half (py-spy,
``reports/profile_load.txt``). This route runs the same ``Asker.ask`` and returns the same
``rag ask --json`` object. It keeps the queue's guarantees: answers run on the same shared access as
the queue's (``Asker``), and at most ``MAX_WAITING`` requests wait or run at once — the next one gets
503 at once, as a full queue refuses a join. The Host check, the security headers and the body limit
of the app's middleware apply to it like to every route. The browser page still uses the queue.

    curl -s 127.0.0.1:7860/api/ask -H 'content-type: application/json' \\
         -d '{"question": "How many Jews live in Azerbaijan?", "k": 8}'
"""

from __future__ import annotations

import logging

from rag.app_server import CONCURRENCY, QUEUE_MAX_SIZE
from rag.errors import RagError

log = logging.getLogger("rag.app")
PATH = "/api/ask"
MAX_WAITING = QUEUE_MAX_SIZE + CONCURRENCY  # what the queue holds plus what it runs
FIELDS = ("question", "k", "doc_ids", "languages", "history")


def ask_route(ask, polite, apology: str):
    """A Starlette route: ``ask(question, k, doc_ids, languages, history) -> dict`` runs in a worker
    thread; ``polite(RagError) -> str`` words a refusal (400), ``apology`` any other failure (500)."""
    from anyio import CapacityLimiter, to_thread
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    running = CapacityLimiter(CONCURRENCY)
    waiting = 0

    async def endpoint(request):
        nonlocal waiting
        if waiting >= MAX_WAITING:
            return JSONResponse({"error": "the app is busy; try again in a moment"}, status_code=503,
                                headers={"retry-after": "1"})
        try:
            body = await request.json()
        except ValueError:
            return JSONResponse({"error": "the body must be a JSON object"}, status_code=400)
        if not isinstance(body, dict) or set(body) - set(FIELDS):
            return JSONResponse({"error": f"the body must be a JSON object with {', '.join(FIELDS)}"},
                                status_code=400)
        args = [body.get(f) for f in FIELDS]
        waiting += 1
        try:
            result = await to_thread.run_sync(lambda: ask(*args), limiter=running)
        except RagError as e:
            return JSONResponse({"error": polite(e)}, status_code=400)
        except Exception:
            log.exception("api ask %r failed", str(args[0])[:200])
            return JSONResponse({"error": apology}, status_code=500)
        finally:
            waiting -= 1
        return JSONResponse(result)

    return Route(PATH, endpoint, methods=["POST"])
