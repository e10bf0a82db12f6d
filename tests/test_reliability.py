"""Fault injection on the index store: SIGKILL mid-publish, concurrent writer and readers, bit flips,
manifests of the wrong shape, legacy layout, and a running pipeline switching to a new index.

A fast deterministic embedder stands in for the model (``benchmarks/stress/harness.py``): what is
tested is publishing and loading, which do not depend on the vectors' meaning.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.stress.harness import CRASH_POINTS, HashEmbedder, check, corpus_for, tag
from rag import store
from rag.config import ROOT, Settings
from rag.errors import IndexCorrupt, IndexMissing
from rag.index import build_index, load_index, read_manifest, save_index
from rag.pipeline import ensure_index

ENV = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
LEFTOVER = (".tmp-", ".trash-", ".CURRENT.tmp-")


def _harness(*args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "benchmarks.stress.harness", *args], cwd=ROOT, env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def _publish(index_dir: Path, n: int):
    index = build_index(corpus_for(index_dir.parent / "corpus", n), HashEmbedder())
    save_index(index, index_dir)
    return index


def _leftovers(index_dir: Path) -> list[str]:
    return [p.name for p in index_dir.iterdir() if p.name.startswith(LEFTOVER)]


@pytest.mark.parametrize("point", CRASH_POINTS)
def test_sigkill_at_each_step_of_a_publish(tmp_path, point):
    index_dir = tmp_path / "index"
    first = _publish(index_dir, 0)
    _publish(index_dir, 1)  # so that collecting has an old generation to delete
    proc = _harness("write", str(index_dir), "1", "--die-at", point)
    proc.wait(timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read()
    loaded = load_index(index_dir)  # the pointer only ever names a complete generation
    assert check(loaded) is None
    assert loaded.generation != first.generation or point == "files-written"
    removed = store.clean(index_dir)  # what the next start does
    assert not _leftovers(index_dir)
    if point in ("files-written", "pointer-staged"):
        assert removed  # a killed writer did leave something behind
    assert check(load_index(index_dir)) is None
    assert len([p for p in index_dir.iterdir() if p.name.startswith("gen-")]) <= 2


def test_sigkill_at_random_moments_then_start_again(tmp_path):
    index_dir = tmp_path / "index"
    rng = random.Random(7)
    for _ in range(3):
        proc = _harness("write", str(index_dir), "1000")
        time.sleep(rng.uniform(1.0, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        try:
            loaded = load_index(index_dir)
        except IndexMissing:
            continue  # killed before its first publish: nothing half-built is ever named
        assert check(loaded) is None
    corpus_for(tmp_path / "corpus", 5)
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=index_dir)
    index, _ = ensure_index(settings, HashEmbedder())
    assert check(index) is None and not _leftovers(index_dir)


def test_concurrent_writer_and_readers_never_mix_generations(tmp_path):
    index_dir = tmp_path / "index"
    _publish(index_dir, 0)
    log = tmp_path / "published.log"
    readers = [_harness("read", str(index_dir), "5") for _ in range(2)]
    writer = _harness("write", str(index_dir), "40", "--log", str(log))
    assert writer.wait(timeout=180) == 0, writer.stderr.read()
    results = [json.loads(r.communicate(timeout=60)[0]) for r in readers]
    for r in results:
        assert r["loads"] > 0
        assert (r["mixed"], r["corrupt"], r["crashed"]) == (0, 0, 0), r["errors"]
    published = log.read_text().split("\n")[:-1]
    assert len(published) == 40  # no publish lost
    assert store.read_pointer(index_dir).generation == published[-1].split()[0]
    assert tag(39) in next(iter(load_index(index_dir).documents.values())).text


def _flip(path: Path, bit: int) -> bytes:
    data = path.read_bytes()
    flipped = bytearray(data)
    flipped[bit // 8] ^= 1 << (bit % 8)
    path.write_bytes(bytes(flipped))
    return data


def test_single_bit_flips_in_every_file_are_caught(tmp_path):
    index_dir = tmp_path / "index"
    _publish(index_dir, 3)
    gen = store.current_dir(index_dir)
    files = [index_dir / "CURRENT", gen / "manifest.json"] + sorted(p for p in gen.rglob("*") if p.is_file()
                                                                    and p.name not in ("manifest.json", ".readers"))
    rng = random.Random(1)
    tried = 0
    for path in files:
        size = path.stat().st_size * 8
        # every bit of the pointer, a sample of the rest (benchmarks/stress/run.py flips every manifest bit)
        want = {"CURRENT": size, "manifest.json": 400}.get(path.name, 24)
        bits = rng.sample(range(size), min(size, want))
        for bit in bits:
            original = _flip(path, bit)
            try:
                with pytest.raises(IndexCorrupt):
                    load_index(index_dir)
            finally:
                path.write_bytes(original)
            tried += 1
    assert tried > 1_000
    assert check(load_index(index_dir)) is None


@pytest.mark.parametrize("content", ["[]", "null", "{}", '"text"', '{"schema_version": 1}', "{"])
def test_manifest_of_the_wrong_shape_is_reported_and_repaired(tmp_path, content):
    index_dir = tmp_path / "index"
    _publish(index_dir, 0)
    gen = store.current_dir(index_dir)
    (gen / "manifest.json").write_text(content, encoding="utf-8")
    # even when the pointer agrees with the damaged manifest, its shape is checked
    pointer = json.loads((index_dir / "CURRENT").read_text())
    pointer["manifest_sha256"] = store.hashlib.sha256(content.encode()).hexdigest()
    (index_dir / "CURRENT").write_text(json.dumps(pointer))
    with pytest.raises(IndexCorrupt, match="manifest"):
        read_manifest(index_dir)
    messages: list[str] = []
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=index_dir)
    index, rebuilt = ensure_index(settings, HashEmbedder(), notify=messages.append)
    assert rebuilt and check(index) is None
    assert len(messages) == 1 and "index damaged" in messages[0] and "manifest" in messages[0]
    assert "Rebuilding" in messages[0]


def test_checksums_cannot_be_switched_off_by_a_manifest_field(tmp_path):
    index_dir = tmp_path / "index"
    _publish(index_dir, 0)
    gen = store.current_dir(index_dir)
    manifest = json.loads((gen / "manifest.json").read_text())
    for field in ("files", "chunks.faiss"):
        broken = dict(manifest)
        broken["files"] = {} if field == "files" else {k: v for k, v in manifest["files"].items() if k != field}
        with pytest.raises(IndexCorrupt, match="does not list"):
            store.Manifest.parse(broken, "manifest.json")


def test_legacy_flat_index_is_read_then_moved_into_a_generation(tmp_path):
    built = tmp_path / "built"
    _publish(built, 0)
    legacy = tmp_path / "index"
    shutil.copytree(store.current_dir(built), legacy)  # the old layout: files and manifest.json at the top
    (legacy / ".readers").unlink()
    assert check(load_index(legacy)) is None
    _publish(legacy, 1)
    assert (legacy / "CURRENT").exists() and not (legacy / "manifest.json").exists()
    assert tag(1) in next(iter(load_index(legacy).documents.values())).text


def test_running_pipeline_switches_to_a_new_index_without_restart(tmp_path):
    from rag.pipeline import Pipeline

    corpus = tmp_path / "corpus"
    corpus_for(corpus, 0, docs=2)
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    p = Pipeline(settings)
    assert not p.reload_if_changed()
    (corpus / "new.md").write_text("---\nlanguage: en\n---\nA brand new article about desalination in Baku.\n",
                                   encoding="utf-8")
    ensure_index(settings, p.embedder)  # another process would do this; the app keeps running
    assert "new" not in p.index.documents
    assert p.reload_if_changed()
    assert "new" in p.index.documents and check(p.index) is None
    assert p.search("desalination in Baku", k=1)[0].chunk.doc_id == "new"


def test_big_file_cost_is_bounded_and_visible(tmp_path):
    """A run-on 'sentence' made value extraction quadratic (400 KB: 66 s); files over the cap are refused
    with the reason, and the build reports progress per file."""
    from rag.ingest import MAX_BYTES, load_corpus

    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    (corpus_dir / "runon.txt").write_text("alpha beta gamma 1990 " * 20_000, encoding="utf-8")  # 440 KB, no full stop
    (corpus_dir / "normal.md").write_text("The embassy opened in 2023. Trade grew by 5%.", encoding="utf-8")
    with (corpus_dir / "huge.md").open("wb") as f:
        f.truncate(MAX_BYTES + 1)
    corpus = load_corpus(corpus_dir)
    assert [s.reason for s in corpus.skipped if s.path.endswith("huge.md")][0].endswith("split it into several articles")
    seen: list[tuple[str, int, int]] = []
    t0 = time.perf_counter()
    index = build_index(corpus, HashEmbedder(), progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert time.perf_counter() - t0 < 60
    assert [x for x in seen if x[0] == "reading files"] == [("reading files", 1, 2), ("reading files", 2, 2)]
    normal = [s for s in index.sentences if s.doc_id == "normal"]
    assert {v.value for s in normal for v in index.values[s.sent_id]} >= {"2023"}
