"""Opening the product index (``rag.index.load_index``) at 100k and ~1M sentences: seconds, RSS, and where.

The ~100k index is ``benchmarks.perf.grow``'s (public text, synthetic vectors). The ~1M index is that
index tiled: each copy's documents, sentences and chunks get new ids (``~t<k>``), vectors, fragment
flags and BM25 token ids are repeated, BM25 is indexed over all the copies' tokens, and the dense index
is an exact ``IndexFlatIP`` (an HNSW graph over 574k chunks would take an hour to build here; the
product switches to HNSW above 50,000 chunks, whose file is ~20 % larger). It is written by the
product's own ``save_index``, so the files, checksums and manifest are the real format. Each open is
timed in a fresh process, in each of the store's modes (``rag.store.Verify``): ``auto``, what ``rag`` and the
app do (every file's size and sampled bytes; every byte hashed only under 256 MB, once per file version),
``full`` (every byte hashed: ``rag index --verify``) and ``none`` (the manifest only).
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from benchmarks.perf.common import ROOT, rss_mb
from benchmarks.perf.data import CACHE


def tiled(copies: int, sentences: int = 100_000) -> Path:
    """The large index repeated ``copies`` times, built once under ``.cache/perf/open-<copies>x/``."""
    import faiss

    from benchmarks.perf.grow import build_large
    from rag.index import Index, load_index, save_index
    from rag.index_bm25 import TokenIds, bm25_from_ids

    _, index_dir, _ = build_large(sentences)
    folder = CACHE / f"open-{copies}x"
    if (folder / "CURRENT").exists():
        from rag.errors import IndexCorrupt
        from rag.index import PIPELINE_VERSION, SCHEMA_VERSION, read_manifest

        try:
            manifest = read_manifest(folder)
            if (manifest.get("pipeline_version"), manifest.get("schema_version")) == (PIPELINE_VERSION, SCHEMA_VERSION):
                return folder
        except IndexCorrupt:
            pass
        shutil.rmtree(folder)  # written by other code: tiled again from the (rebuilt) base
    base = load_index(index_dir, verify=False)

    def suffix(k: int, i: str) -> str:
        return i if k == 0 else f"{i}~t{k}"

    documents, sents, chunks, values = {}, [], [], {}
    for k in range(copies):
        for d in base.documents.values():
            documents[suffix(k, d.doc_id)] = dataclasses.replace(d, doc_id=suffix(k, d.doc_id))
        for s in base.sentences:
            sid = suffix(k, s.sent_id)
            sents.append(dataclasses.replace(s, sent_id=sid, doc_id=suffix(k, s.doc_id)))
            values[sid] = base.values.get(s.sent_id, ())
        chunks += [dataclasses.replace(c, chunk_id=suffix(k, c.chunk_id), doc_id=suffix(k, c.doc_id),
                                       sentence_ids=tuple(suffix(k, x) for x in c.sentence_ids)) for c in base.chunks]
    chunk_vectors = np.tile(np.asarray(base.chunk_vectors), (copies, 1))
    dense = faiss.IndexFlatIP(chunk_vectors.shape[1])
    dense.add(chunk_vectors)
    ids, offsets = base.bm25_tokens.ids, base.bm25_tokens.offsets
    tokens = TokenIds(np.tile(ids, copies), np.concatenate(
        [offsets[:1]] + [offsets[1:] + k * offsets[-1] for k in range(copies)]))
    vocab = {t: i for t, i in base.bm25.vocab_dict.items() if t != ""}
    manifest = {**base.manifest, "counts": {"documents": len(documents), "sentences": len(sents), "chunks": len(chunks)},
                "dense_index": "flat_ip", "build": {"mode": "tiled", "copies": copies}}
    manifest.pop("files", None)
    concepts = base.concept_rows
    if concepts is not None:  # the lexicon's mentions repeat with the sentences
        counts = np.tile(np.diff(concepts.offsets), copies)
        concepts = dataclasses.replace(concepts, offsets=np.concatenate([[0], np.cumsum(counts)]),
                                       columns={k: np.tile(v, copies) for k, v in concepts.columns.items()})
    index = Index(manifest, documents, sents, chunks, values, np.tile(np.asarray(base.sentence_vectors), (copies, 1)),
                  chunk_vectors, dense, bm25_from_ids(tokens, vocab),
                  np.tile(np.asarray(base.value_vectors), (copies, 1)), bm25_tokens=tokens,
                  short_sentence=np.tile(base.short_sentence, copies), concept_rows=concepts)
    save_index(index, folder)
    return folder


def measure(folder: Path, mode: str) -> dict:
    """In a fresh process: open the index, seconds (wall, CPU) and RSS after."""
    from rag import store
    from rag.index_open import open_index

    pointer = store.read_pointer(folder)
    manifest = store.manifest_at(folder / pointer.generation, None) if pointer is not None else None
    remembered = pointer is not None and (folder / store.VERIFIED / f"{pointer.generation}.json").exists()
    hashed: list[str] = []
    real = store.verify_files
    def counted(gen: Path, manifest) -> None:
        hashed.append(gen.name)
        real(gen, manifest)

    store.verify_files = counted  # type: ignore[assignment]  # counts the opens that hash every byte
    before = rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    index = open_index(folder, mode)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    verify = mode != "none"
    touched = _touch(index)
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    kib = {k: int(status[k].split()[0]) for k in ("RssAnon", "RssFile") if k in status}
    return {"sentences": len(index.sentences), "chunks": len(index.chunks), "verify": verify,
            # verified: "hashed" (every file's sha256) or "remembered" (a check of the same file versions, rag.store)
            # what the open checked: every byte hashed; a full check remembered for these file versions (a small
            # index, or one published before sizes were recorded); or each file's size and sampled bytes
            "mode": mode, "checksums": "off" if not verify else "hashed" if hashed else "remembered" if (
                remembered and manifest is not None and store._hash_in_full(store.verify_mode(mode), manifest)
            ) else "sizes and samples",
            "open_s": round(wall, 2), "open_cpu_s": round(cpu, 2), "rss_mb": round(rss_mb(), 1),
            # RSS = private memory (anon: the records, lookups, BM25) + pages of the mapped files the process
            # has touched (file: vectors, FAISS; shared with the page cache, dropped under memory pressure)
            "rss_anon_mb": round(kib.get("RssAnon", 0) / 1024, 1), "rss_file_mb": round(kib.get("RssFile", 0) / 1024, 1),
            "rss_before_mb": round(before, 1), "load_average": round(os.getloadavg()[0], 2),
            "schema_version": index.manifest.get("schema_version"), **touched}


def _touch(index) -> dict:
    """What a question pays for records read on demand: 1,000 scattered sentences, their values and chunks, and
    their ids looked up, the first time (made from their lines) and again (kept); then the concept index."""
    from rag.concepts import ConceptIndex

    rng = np.random.default_rng(0)
    rows = rng.choice(len(index.sentences), size=min(1000, len(index.sentences)), replace=False)
    crows = rng.choice(len(index.chunks), size=min(1000, len(index.chunks)), replace=False)
    out = {}
    for name in ("first", "again"):
        t0 = time.perf_counter()
        for r, c in zip(rows.tolist(), crows.tolist()):
            s = index.sentences[r]
            index.values.get(s.sent_id, ())
            index.chunk_row[index.chunks[c].chunk_id]
            index.sentence_row[s.sent_id]
        out[f"read_1000_records_{name}_ms"] = round((time.perf_counter() - t0) * 1000, 1)
    t0 = time.perf_counter()
    concepts = ConceptIndex(index)
    out["concept_index_s"] = round(time.perf_counter() - t0, 2)
    out["concept_index_stored"] = type(concepts.mentions).__name__ == "RowMentions"
    out["rss_after_touch_mb"] = round(rss_mb(), 1)
    return out


def _child(folder: Path, mode: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "benchmarks.perf.opening", str(folder), mode],
                         cwd=ROOT, capture_output=True, text=True, timeout=1800)
    if out.returncode:
        raise RuntimeError(out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(copies: list[int], repeat: int = 2) -> dict:
    from benchmarks.perf.grow import build_large

    folders = {1: build_large(100_000)[1]} | {k: tiled(k) for k in copies if k > 1}
    rows = []
    for n in range(repeat):  # interleaved: the machine's load drifts
        for k, folder in folders.items():
            if n == 0:  # a small index's first auto open hashes every file; later ones find the check remembered
                shutil.rmtree(folder / ".verified", ignore_errors=True)
            for mode in ("auto", "full", "none"):
                row = {"copies": k, **_child(folder, mode)}
                rows.append(row)
                print(json.dumps(row), flush=True)
    return {"index_open": rows, "index_open_note": __doc__.strip().split("\n\n")[1]}


if __name__ == "__main__":  # child process: open one index
    print(json.dumps(measure(Path(sys.argv[1]), sys.argv[2])))
