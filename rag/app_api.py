"""``POST /api/ask``: the ``ask`` endpoint as one plain JSON request, beside gradio's queued one.

Through gradio's queue an API answer is two requests (POST ``/gradio_api/call/ask``, then its event
stream), a new gradio session with the config of every block, and the queue's bookkeeping; under 8
clients that was about half of the server's CPU, the answer itself the other half (py-spy,
``reports/profile_load.txt``). This route runs the same ``Asker.ask`` and returns the same
``rag ask --json`` object. It keeps the queue's guarantees: answers run on the same shared access as
the queue's (``Asker``), and at most ``MAX_WAITING`` requests wait or run at once — the next one gets
503 at once, as a full queue refuses a join. The Host check and the security headers of the app's
middleware apply to it like to every route; the body is capped here (``MAX_BODY``, 413), so the route
is the same behind gradio's app and behind the early server (rag/app_early.py), which serves it before
gradio is imported. The browser page still uses the queue.

    curl -s 127.0.0.1:7860/api/ask -H 'content-type: application/json' \\
         -d '{"question": "How many Jews live in Azerbaijan?", "k": 8}'
"""

from __future__ import annotations

import json
import logging

from rag.app_safety import CONCURRENCY, QUEUE_MAX_SIZE
from rag.errors import RagError
from rag.phrases import say

log = logging.getLogger("rag.app")
PATH = "/api/ask"
MAX_WAITING = QUEUE_MAX_SIZE + CONCURRENCY  # what the queue holds plus what it runs
FIELDS = ("question", "k", "doc_ids", "languages", "history")
MAX_BODY = 1_000_000  # bytes, as gradio's cap on the app's requests (rag.app_safety.MAX_FILE_SIZE)
APOLOGY = say("apology", "en")


def polite(error: Exception, lang: str = "en") -> str:
    """A refusal's words for a person: the error's text in the app's sentence."""
    text = str(error).strip() or "the request could not be processed"
    return say("sorry", lang, msg=text[0].lower() + text[1:] if text[:1].isupper() and text[1:2].islower() else text)


def asker_route(asker, default_k: int):
    """``POST /api/ask`` answering with ``asker`` (rag.app_asker.Asker): the ``rag ask --json`` object."""
    from rag.render import answer_to_dict

    def json_ask(question, k=None, doc_ids=None, languages=None, history=None) -> dict:
        return answer_to_dict(asker.ask(question, default_k if k is None else k, doc_ids, languages, history))

    return ask_route(json_ask, polite, APOLOGY)


async def _body(request) -> bytes | None:
    """The request's body, or None past ``MAX_BODY`` (read no further than that)."""
    size = request.headers.get("content-length", "")
    if size.isdecimal() and int(size) > MAX_BODY:
        return None
    chunks, total = [], 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > MAX_BODY:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


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
        raw = await _body(request)
        if raw is None:
            return JSONResponse({"error": f"the body is larger than {MAX_BODY:,} bytes"}, status_code=413)
        try:
            body = json.loads(raw)
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
