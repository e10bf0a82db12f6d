"""Questions about the collection over the ~100,000-sentence benchmark index: CPU per question.

The gold set's overview questions ("What are these articles about?", "Summarize the Persian article",
"Which articles mention Gantz?", ... in English, Arabic and Persian) asked of a ``Pipeline`` over the
index ``benchmarks.perf.grow`` builds and caches (synthetic corpus vectors, questions embedded for real),
after the app's warm-up questions, ``rounds`` times each. Before ``rag.overview.OVERVIEW_MAX`` the three
whole-collection questions listed and cited every one of the 6,341 articles: 5-9 s of CPU each.
"""

from __future__ import annotations

import json
import os
import time

from benchmarks.perf.common import pct


def run(sentences: int = 100_000, rounds: int = 2) -> dict:
    from benchmarks.perf.data import CACHE
    from benchmarks.perf.grow import SyntheticEmbedder, build_large
    from rag import pipeline as pipeline_mod
    from rag.app_asker import WARM_UP_QUESTIONS
    from rag.config import Settings
    from rag.evaluate import load_gold
    from rag.translate import WordVectors

    corpus_dir, index_dir, built = build_large(sentences)
    words = WordVectors(SyntheticEmbedder(), folder=CACHE / "synthetic-words")
    real_attach = pipeline_mod.attach_word_map

    def attach(index, embedder):
        return real_attach(index, embedder, cache=words)

    pipeline_mod.attach_word_map = attach  # type: ignore[assignment]
    try:
        pipeline = pipeline_mod.Pipeline(Settings.from_env(corpus_dir=corpus_dir, index_dir=index_dir, threads=1))
    finally:
        pipeline_mod.attach_word_map = real_attach
    for question in WARM_UP_QUESTIONS:
        pipeline.ask(question)
    questions = [g.question for g in load_gold() if g.kind == "overview"]
    load0 = os.getloadavg()[0]
    per_question: dict[str, list[dict]] = {q: [] for q in questions}
    for _ in range(rounds):
        for q in questions:
            c0 = time.thread_time()
            answer = pipeline.ask(q)
            per_question[q].append({"cpu_ms": round((time.thread_time() - c0) * 1e3, 1),
                                    "answer_ms": answer.timings_ms.get("answer"), "claims": len(answer.claims),
                                    "citations": sum(len(c.citations) for c in answer.claims)})
    load1 = os.getloadavg()[0]
    cpu = [r["cpu_ms"] for rows in per_question.values() for r in rows]
    row = {"sentences": built["sentences"], "documents": built["documents"], "questions": len(questions),
           "rounds": rounds, "cpu_p50_ms": pct(cpu, 50), "cpu_max_ms": max(cpu),
           "answer_p50_ms": pct([r["answer_ms"] for rows in per_question.values() for r in rows], 50),
           "max_claims": max(r["claims"] for rows in per_question.values() for r in rows),
           "max_citations": max(r["citations"] for rows in per_question.values() for r in rows),
           "per_question_cpu_ms": {q: [r["cpu_ms"] for r in rows] for q, rows in per_question.items()},
           "load_average_before": round(load0, 2), "load_average_after": round(load1, 2),
           "vectors": "synthetic corpus vectors (benchmarks.perf.grow), questions embedded for real",
           "what": "Pipeline.ask of the gold overview questions, thread CPU, after the app's warm-up questions"}
    print(json.dumps(row, ensure_ascii=False), flush=True)
    return {"ask_large_overview": row}
