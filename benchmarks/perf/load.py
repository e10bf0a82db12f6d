"""The app under load: start ``app.py`` on 127.0.0.1 with a built index, time the first answer, then
``clients`` concurrent HTTP callers of ``/ask`` for ``seconds`` (through the app's queue, or with ``route="json"``
its one-request ``POST /api/ask``); answers/s, p50/p95, errors,
CPU taken by the server and by the load generator itself (both share the same 2 cores), and a py-spy
profile of the server during the run (``reports/profile_load.txt``, collapsed stacks).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from typing import Any

from benchmarks.perf.common import ROOT, cpu_seconds, pct

PROFILE = ROOT / "reports" / "profile_load.txt"
PROFILE_JSON = ROOT / "reports" / "profile_load_json.txt"  # the cache-off run through POST /api/ask
SERVER_LOG = ROOT / ".cache" / "load_server.log"  # the served app's stderr: a failed answer's traceback


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ask(http, url: str, question: str, k: int = 8) -> dict:
    """One answer through the app's queue, over Gradio's two-step HTTP API (what ``curl`` users do):
    POST ``/gradio_api/call/ask`` -> event id, then read that event's stream until ``complete``.
    A plain HTTP client keeps the load generator's own CPU small (gradio_client took ~100 ms per
    answer here, more than the server), so the two cores go to the server being measured."""
    import json

    response = http.post(f"{url}gradio_api/call/ask", json={"data": [question, k, None, None, None]})
    response.raise_for_status()
    event_id = response.json()["event_id"]
    event = None
    with http.stream("GET", f"{url}gradio_api/call/ask/{event_id}") as stream:
        for line in stream.iter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and event in ("complete", "error"):
                data = json.loads(line.split(":", 1)[1])
                if event == "error":
                    raise RuntimeError(f"server error: {data}")
                return data[0]
    raise RuntimeError(f"no answer in the event stream (last event {event!r})")


def ask_json(http, url: str, question: str, k: int = 8) -> dict:
    """One answer through the app's plain JSON route, ``POST /api/ask`` (rag/app_api.py): one request."""
    response = http.post(f"{url}api/ask", json={"question": question, "k": k})
    if response.status_code != 200:
        raise RuntimeError(f"server error {response.status_code}: {response.text[:200]}")
    return response.json()


ROUTES = {"queue": ask, "json": ask_json}


def first_answers(url: str, question: str, started: float, pid: int, timeout: float = 300.0) -> dict:
    """Seconds from launching the app to its first answer over HTTP, and the server's CPU seconds then:
    ``json`` through ``POST /api/ask`` (served as soon as the index is loaded, before gradio is imported:
    rag/app_early.py), then ``queue`` through gradio's queue (the whole app, page included, is up)."""
    import httpx

    out = {}
    with httpx.Client(timeout=60) as http:
        for name, call in (("json", ask_json), ("queue", ask)):
            while True:
                if time.perf_counter() - started > timeout:
                    raise TimeoutError(f"no {name} answer from {url} within {timeout} s")
                try:
                    call(http, url, question)
                    break
                except (httpx.HTTPError, RuntimeError):
                    time.sleep(0.05)
            out[name] = (time.perf_counter() - started, cpu_seconds(pid))
    return out


def summarize_profile(path, top: int = 25) -> list[dict]:
    """Inclusive share of on-CPU samples per function, from py-spy's collapsed stacks."""
    total = 0
    inclusive: Counter[str] = Counter()
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        total += n
        for frame in set(stack.split(";")):
            inclusive[frame.split(" (")[0] + " " + frame.rsplit("/", 1)[-1].rstrip(")")] += n
    return [{"frame": f, "share": round(c / max(total, 1), 3)} for f, c in inclusive.most_common(top)]


def run(clients: int, seconds: float, profile: bool = True, cache: bool = True, route: str = "queue",
        profile_path=PROFILE) -> dict:
    """One run against a fresh server; ``cache=False`` starts it with RAG_ANSWER_CACHE=0; ``route``:
    ``queue`` is gradio's queued API (two requests per answer, as ``gradio_client`` and ``curl`` users
    of ``/gradio_api/call/ask`` do), ``json`` the app's ``POST /api/ask`` (one request).

    The clients cycle through the gold questions (78), so with the app's answer cache on, every
    question after the first round is a cache hit; each answer's ``timings_ms.cached`` is counted
    and reported (``load_cache_hits``), and a run with the cache off gives the computed-answer rate.
    """
    import httpx

    from rag.evaluate import load_gold

    questions = [g.question for g in load_gold()]
    call = ROUTES[route]
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "PYTHONPATH": str(ROOT), **({} if cache else {"RAG_ANSWER_CACHE": "0"})}
    started = time.perf_counter()
    SERVER_LOG.parent.mkdir(parents=True, exist_ok=True)
    log = SERVER_LOG.open("w", encoding="utf-8")
    server = subprocess.Popen([sys.executable, "app.py", "--port", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=log)
    spy = None
    try:
        firsts = first_answers(url, questions[0], started, server.pid)
        (first_s, first_cpu), (page_s, page_cpu) = firsts["json"], firsts["queue"]
        print(f"app start to first answer: {first_s:.2f} s by POST /api/ask, {page_s:.2f} s through the queue "
              f"(server CPU {first_cpu:.1f} / {page_cpu:.1f} s, load average {os.getloadavg()[0]:.1f})", flush=True)
        callers = [httpx.Client(timeout=120) for _ in range(clients)]
        latencies: list[float] = []
        hits: list[bool] = []
        errors: list[str] = []
        lock = threading.Lock()
        deadline = time.perf_counter() + seconds

        def work(i: int) -> None:
            j = i
            while time.perf_counter() < deadline:
                q = questions[j % len(questions)]
                j += clients
                t0 = time.perf_counter()
                try:
                    result = call(callers[i], url, q)
                    with lock:
                        latencies.append((time.perf_counter() - t0) * 1e3)
                        hits.append("cached" in (result.get("timings_ms") or {}))
                except Exception as e:  # counted and reported, the run goes on
                    with lock:
                        errors.append(f"{type(e).__name__}: {str(e)[:120]}")

        exe = shutil.which("py-spy") or os.path.join(os.path.dirname(sys.executable), "py-spy")
        if profile and os.path.exists(exe):
            spy = subprocess.Popen([exe, "record", "--pid", str(server.pid), "--duration", str(int(seconds)),
                                    "--format", "raw", "--rate", "50", "--nonblocking", "-o", str(profile_path)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        me0, srv0, t_start = cpu_seconds(os.getpid()), cpu_seconds(server.pid), time.perf_counter()
        threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for caller in callers:
            caller.close()
        wall = time.perf_counter() - t_start
        me, srv = cpu_seconds(os.getpid()) - me0, cpu_seconds(server.pid) - srv0
        if spy is not None:
            spy.wait(timeout=60)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    result: dict[str, Any] = {
        "app_first_answer_s": round(first_s, 2),
        "app_first_answer_server_cpu_s": round(first_cpu, 2),
        "app_first_answer_load_average": round(os.getloadavg()[0], 2),
        "app_first_answer_route": "POST /api/ask (answered before gradio's page is built)",
        "app_first_queue_answer_s": round(page_s, 2),
        "app_first_queue_answer_server_cpu_s": round(page_cpu, 2),
        "load_answer_cache": "on" if cache else "off (RAG_ANSWER_CACHE=0)",
        "load_route": {"queue": "gradio queue: POST /gradio_api/call/ask + its event stream",
                       "json": "POST /api/ask (one request)"}[route],
        "load_questions": f"the {len(questions)} gold questions, cycled",
        "load_cache_hits": sum(hits),
        "load_clients": clients,
        "load_seconds": round(wall, 1),
        "load_answers": len(latencies),
        "load_answers_per_s": round(len(latencies) / wall, 2),
        "load_errors": len(errors),
        "load_error_examples": sorted(set(errors))[:5],
        "load_p50_ms": pct(latencies, 50),
        "load_p95_ms": pct(latencies, 95),
        "load_server_cpu_s": round(srv, 1),
        "load_client_cpu_s": round(me, 1),
        "load_client_cpu_share": round(me / max(me + srv, 1e-9), 3),
        "load_server_cpu_ms_per_answer": round(srv * 1e3 / max(len(latencies), 1), 1),
        # the server's share of the shared machine, and the rate its CPU per answer would give on 2 free cores
        "load_server_cores_used": round(srv / wall, 2),
        "load_two_free_cores_answers_per_s": round(2 * len(latencies) / max(srv, 1e-9), 1),
        "load_load_average": round(os.getloadavg()[0], 2),
    }
    if spy is not None and profile_path.exists():
        result["load_profile_top"] = summarize_profile(profile_path)
        result["load_profile_file"] = str(profile_path.relative_to(ROOT))
    print(f"{clients} clients, {wall:.0f} s: {result['load_answers_per_s']} answers/s, p50 {result['load_p50_ms']} ms, "
          f"p95 {result['load_p95_ms']} ms, {len(errors)} errors; CPU server {srv:.1f} s, clients {me:.1f} s", flush=True)
    return result
