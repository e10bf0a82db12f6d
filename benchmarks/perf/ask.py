"""Ask latency on the seed corpus: idle, beside a CPU-bound neighbour, and threads 1 vs every core."""

from __future__ import annotations

import time

from benchmarks.perf.common import BUSY_LOOP, EMBED_LOOP, neighbour, pct


def _latencies(pipeline, questions: list[str], rounds: int, cpu: list[float] | None = None) -> list[float]:
    """Wall ms per ask; ``cpu`` collects the asking thread's CPU ms (what an idle machine would see)."""
    out = []
    for _ in range(rounds):
        for q in questions:
            t0, c0 = time.perf_counter(), time.thread_time()
            pipeline.ask(q)
            out.append((time.perf_counter() - t0) * 1e3)
            if cpu is not None:
                cpu.append((time.thread_time() - c0) * 1e3)
    return out


def run(rounds: int = 2, index_dir=None, threads_list: list[int] | None = None) -> dict:
    """``threads_list`` (default: 1 and every core): the thread counts measured this run; rows of
    other thread counts are kept from the previous report and listed in ``ask_threads_kept``."""
    import json

    from benchmarks.perf.common import REPORT
    from rag.config import Settings
    from rag.embed import all_cores
    from rag.evaluate import load_gold
    from rag.pipeline import Pipeline

    questions = [g.question for g in load_gold()]
    cores = all_cores()
    rows: dict[str, dict] = {}
    for threads in threads_list or (1, cores):
        pipeline = Pipeline(Settings.from_env(index_dir=index_dir, threads=threads))
        _latencies(pipeline, questions[:5], 1)  # warm caches
        for label, code in (("idle", None), ("busy_loop", BUSY_LOOP), ("embedding_neighbour", EMBED_LOOP)):
            cpu: list[float] = []
            if code is None:
                ms = _latencies(pipeline, questions, rounds, cpu)
            else:
                with neighbour(code):
                    ms = _latencies(pipeline, questions, rounds)
            rows[f"threads{threads}_{label}"] = {"p50": pct(ms, 50), "p95": pct(ms, 95), "n": len(ms)}
            if cpu:
                rows[f"threads{threads}_{label}"] |= {"cpu_p50": pct(cpu, 50), "cpu_p95": pct(cpu, 95)}
            print(f"threads={threads} {label:20s} p50 {rows[f'threads{threads}_{label}']['p50']:8.1f} ms"
                  f"  p95 {rows[f'threads{threads}_{label}']['p95']:8.1f} ms  (n={len(ms)})", flush=True)
        if cores == 1:
            break
    previous = json.loads(REPORT.read_text(encoding="utf-8")).get("ask_threads", {}) if REPORT.exists() else {}
    kept = sorted(set(previous) - set(rows))
    rows |= {key: previous[key] for key in kept}
    idle = rows["threads1_idle"]
    busy = rows["threads1_busy_loop"]
    result = {
        "ask_p50_ms": idle["p50"],
        "ask_p95_ms": idle["p95"],
        "ask_cpu_p50_ms": idle.get("cpu_p50"),
        "ask_cpu_p95_ms": idle.get("cpu_p95"),
        "ask_busy_neighbour_p50_ms": busy["p50"],
        "ask_busy_neighbour_p95_ms": busy["p95"],
        "ask_busy_neighbour_ratio_p50": round(busy["p50"] / idle["p50"], 2),
        "ask_threads": rows,
        "ask_threads_kept": kept,
        "ask_note": ("seed corpus, index loaded, every gold question x rounds, Pipeline.ask end to end; "
                     "threadsN = Settings.threads (threads per question); busy_loop = one 'while True: pass' "
                     "process; embedding_neighbour = a process batch-embedding on every core as an index build does"),
    }
    print(f"ask p50 {idle['p50']} ms, p95 {idle['p95']} ms; with a busy neighbour p50 {busy['p50']} ms "
          f"= {result['ask_busy_neighbour_ratio_p50']}x idle")
    return result
