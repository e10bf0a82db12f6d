"""App start with a built index to its first answer, without the load test behind it.

Same measurement as ``load`` (``app_first_answer_s``: from launching ``app.py`` to its first answer over
HTTP, by ``POST /api/ask``, which is served before gradio is imported; ``app_first_queue_answer_s``: to the
first answer through gradio's queue, when the whole app is up), repeated ``repeat`` times on fresh
servers and summarized by the median,
with the server's CPU seconds and the load average beside each run (a busy machine stretches the wall
time, not the CPU). With py-spy, the start of the last run is profiled to ``reports/profile_start.txt``.
"""

from __future__ import annotations

import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.perf.common import ROOT
from benchmarks.perf.load import _free_port, first_answers, summarize_profile

PROFILE = ROOT / "reports" / "profile_start.txt"  # a summary; py-spy's raw stacks stay in RAW
RAW = ROOT / ".cache" / "profile_start.raw"


# stages of a start, by a frame each contains (inclusive; threads overlap, so shares need not sum to 1)
STAGES = {"import gradio": "<module> (rag/app_blocks.py:", "early server (POST /api/ask)": "serve_early",
          "gradio's type-stub rewriting": "create_or_modify_pyi",
          "Pipeline(): index, word map": "Pipeline.__init__", "  bm25s import": "bm25s/__init__.py",
          "  word map": "attach_word_map", "ONNX query encoder build": "_build_in_background",
          "build_app (Blocks)": "build_app", "launch": "launch (", "warm-up question": "warm_up",
          "server event loop (first request)": "asyncio_run", "matplotlib": "matplotlib/"}


def stage_shares(raw: Path) -> dict[str, float]:
    """Seconds of samples (200/s) per stage of a start, from py-spy's raw collapsed stacks."""
    seconds = dict.fromkeys(STAGES, 0.0)
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if count.isdigit():
            for label, frame in STAGES.items():
                if frame in stack:
                    seconds[label] += int(count) / 200
    return {label: round(s, 2) for label, s in seconds.items()}


def _one(question: str, profile: bool) -> dict:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    load = os.getloadavg()[0]
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "app.py", "--port", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    spy = None
    RAW.parent.mkdir(parents=True, exist_ok=True)
    exe = shutil.which("py-spy") or os.path.join(os.path.dirname(sys.executable), "py-spy")
    if profile and os.path.exists(exe):
        spy = subprocess.Popen([exe, "record", "--pid", str(server.pid), "--format", "raw", "--rate", "200",
                                "--nonblocking", "-o", str(RAW)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        firsts = first_answers(f"http://127.0.0.1:{port}/", question, started, server.pid)
        (first, cpu), (page, page_cpu) = firsts["json"], firsts["queue"]
    finally:
        if spy is not None:
            spy.send_signal(signal.SIGINT)  # py-spy writes its file on interrupt
            spy.wait(timeout=60)
        server.terminate()
        server.wait(timeout=30)
    print(f"first answer {first:.2f} s by POST /api/ask, {page:.2f} s through the queue; server CPU {cpu:.2f} / "
          f"{page_cpu:.2f} s; load average at launch {load:.2f}", flush=True)
    return {"s": round(first, 2), "server_cpu_s": round(cpu, 2), "queue_s": round(page, 2),
            "queue_server_cpu_s": round(page_cpu, 2), "load_average": round(load, 2)}


def run(repeat: int = 3, profile: bool = True) -> dict:
    from rag.evaluate import load_gold

    question = load_gold()[0].question
    runs = [_one(question, profile and i == repeat - 1) for i in range(repeat)]
    result = {
        "app_first_answer_s": statistics.median(r["s"] for r in runs),
        "app_first_answer_server_cpu_s": statistics.median(r["server_cpu_s"] for r in runs),
        "app_first_answer_load_average": statistics.median(r["load_average"] for r in runs),
        "app_first_answer_route": "POST /api/ask (answered before gradio's page is built)",
        "app_first_queue_answer_s": statistics.median(r["queue_s"] for r in runs),
        "app_first_queue_answer_server_cpu_s": statistics.median(r["queue_server_cpu_s"] for r in runs),
        "app_first_answer_runs": runs,
    }
    if profile and RAW.exists():
        top, stages = summarize_profile(RAW, 60), stage_shares(RAW)
        PROFILE.write_text("py-spy over one start of app.py (launch to first answer), 200 samples/s, all threads; "
                           f"{runs[-1]}\nseconds of samples per stage (a thread waiting for the GIL or a core still counts):\n"
                           + "\n".join(f"{v:6.2f} s  {k}" for k, v in stages.items())
                           + "\n\ninclusive share of samples per frame:\n"
                           + "\n".join(f"{row['share']:6.1%}  {row['frame']}" for row in top
                                       if row["share"] <= 1 and "importlib" not in row["frame"]) + "\n", encoding="utf-8")
        result["app_start_profile_stages_s"] = stages
        result["app_start_profile_top"] = top[:25]
        result["app_start_profile_file"] = str(PROFILE.relative_to(ROOT))
    print(f"app start to first answer: median {result['app_first_answer_s']} s over {repeat} runs "
          f"(server CPU {result['app_first_answer_server_cpu_s']} s); through the queue "
          f"{result['app_first_queue_answer_s']} s")
    return result
