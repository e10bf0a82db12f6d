"""Stress the index store and the app's edges; writes reports/reliability.json and reliability.md.

    PYTHONPATH=. python -m benchmarks.stress.run [--publishes 1100] [--readers 3] [--kills 60] [--http-seconds 30]

Bounded: every phase has a count or a time limit; network traffic stays on 127.0.0.1. Publishing and
crash phases use the fast deterministic embedder of ``harness.py`` (the store is what is tested); the
HTTP phase runs the real app with the bundled model on a small corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TypedDict

from benchmarks.stress.harness import CRASH_POINTS, HashEmbedder, check, corpus_for
from rag import store
from rag.config import ROOT
from rag.errors import IndexCorrupt, IndexMissing
from rag.index import build_index, load_index, save_index

ENV = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
LEFTOVER = (".tmp-", ".trash-", ".CURRENT.tmp-")


def _harness(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "benchmarks.stress.harness", *args], cwd=ROOT, env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def publish_under_readers(work: Path, publishes: int, readers: int) -> dict:
    """One writer publishes ``publishes`` editions while ``readers`` processes load and check every load."""
    index_dir, log, stop = work / "index", work / "published.log", work / "stop"
    save_index(build_index(corpus_for(work / "corpus", 0), HashEmbedder()), index_dir)
    procs = [_harness("read", str(index_dir), "3600", "--until", str(stop)) for _ in range(readers)]
    t0 = time.perf_counter()
    writer = _harness("write", str(index_dir), str(publishes), "--log", str(log))
    writer_rc = writer.wait()
    seconds = time.perf_counter() - t0
    stop.touch()
    results = [json.loads(p.communicate()[0]) for p in procs]
    lines = log.read_text().split("\n")[:-1] if log.exists() else []
    final = store.read_pointer(index_dir)
    lost = publishes - len(lines) + (0 if lines and final and final.generation == lines[-1].split()[0] else 1)
    return {"publishes": len(lines), "writer_exit": writer_rc, "seconds": round(seconds, 1), "readers": readers,
            "loads": sum(r["loads"] for r in results), "mixed": sum(r["mixed"] for r in results),
            "corrupt": sum(r["corrupt"] for r in results), "crashed": sum(r["crashed"] for r in results),
            "generations_seen": sum(r["generations"] for r in results), "lost_publishes": lost,
            "errors": [e for r in results for e in r["errors"]][:5],
            "generations_on_disk_after": len(list(index_dir.glob("gen-*")))}


class KillCounts(TypedDict):
    kills: int
    at_random_moment: int
    at_publish_step: int
    usable_after: int
    unusable: int
    not_built_yet: int
    leftovers_before_start: int
    leftovers_after_start: int
    errors: list[str]


def kill_and_restart(work: Path, kills: int, seed: int = 11) -> KillCounts:
    """SIGKILL a writer ``kills`` times (at random moments, and at each named step of a publish), then
    do what the next start does and check the index."""
    rng = random.Random(seed)
    index_dir = work / "index"
    out = KillCounts(kills=0, at_random_moment=0, at_publish_step=0, usable_after=0, unusable=0,
                     not_built_yet=0, leftovers_before_start=0, leftovers_after_start=0, errors=[])
    for i in range(kills):
        if i % 2 == 0:
            proc = _harness("write", str(index_dir), "100000")
            time.sleep(rng.uniform(0.5, 4.0))
            proc.send_signal(signal.SIGKILL)
            out["at_random_moment"] += 1
        else:
            proc = _harness("write", str(index_dir), "2", "--die-at", CRASH_POINTS[(i // 2) % len(CRASH_POINTS)])
            out["at_publish_step"] += 1
        proc.wait()
        out["kills"] += proc.returncode == -signal.SIGKILL
        out["leftovers_before_start"] += sum(p.name.startswith(LEFTOVER) for p in index_dir.iterdir()) \
            if index_dir.exists() else 0
        if index_dir.exists():
            store.clean(index_dir)  # the next start
            out["leftovers_after_start"] += sum(p.name.startswith(LEFTOVER) for p in index_dir.iterdir())
        try:
            problem = check(load_index(index_dir))
        except IndexMissing:
            out["not_built_yet"] += 1
            continue
        except IndexCorrupt as e:
            problem = str(e)
        if problem:
            out["unusable"] += 1
            out["errors"].append(problem)
        else:
            out["usable_after"] += 1
    return out


class BitflipCounts(TypedDict):
    files: int
    flips: int
    caught: int
    accepted: int
    other_errors: int
    per_file: dict[str, int]  # flips caught, by file relative to the index folder


def flip_bits(work: Path) -> BitflipCounts:
    """Every bit of CURRENT and manifest.json, 200 random bits of every data file: each must be refused."""
    index_dir = work / "index"
    save_index(build_index(corpus_for(work / "corpus", 1), HashEmbedder()), index_dir)
    gen = store.current_dir(index_dir)
    files = [index_dir / "CURRENT", gen / "manifest.json"] + sorted(
        p for p in gen.rglob("*") if p.is_file() and p.name not in ("manifest.json", ".readers"))
    rng = random.Random(3)
    out = BitflipCounts(files=len(files), flips=0, caught=0, accepted=0, other_errors=0, per_file={})
    for path in files:
        size = path.stat().st_size * 8
        bits = range(size) if path.name in ("CURRENT", "manifest.json") else rng.sample(range(size), min(size, 200))
        caught = 0
        for bit in bits:
            data = path.read_bytes()
            flipped = bytearray(data)
            flipped[bit // 8] ^= 1 << (bit % 8)
            path.write_bytes(bytes(flipped))
            try:
                load_index(index_dir)
                out["accepted"] += 1
            except IndexCorrupt:
                caught += 1
            except Exception:  # noqa: BLE001
                out["other_errors"] += 1
            finally:
                path.write_bytes(data)
            out["flips"] += 1
        out["caught"] += caught
        out["per_file"][str(path.relative_to(index_dir))] = caught
    return out


def hostile_inputs(work: Path) -> dict:
    """Front matter of every field and type, hostile names, links, nesting: each file handled, none crash."""
    from rag.ingest import load_corpus

    fields = ["id", "title", "author", "publisher", "date", "date_note", "url", "language"]
    values = ["2024-02-30", "'2024-02-30'", "2024-13-01", "1984", "7.5", "true", "null", "[a, b]", "{a: 1}",
              "!!binary aGk=", "!!timestamp 2024-02-30", "'\\x1b[31m'", "x" * 3000, "&a [1]", "٢٠٢٤", "-1e999"]
    folder = work / "hostile"
    folder.mkdir()
    (folder / "good.md").write_text("---\nlanguage: en\n---\nA good article. Two sentences.\n", encoding="utf-8")
    n = 0
    for f in fields:
        for v in values:
            (folder / f"f{n}.md").write_text(f"---\n{f}: {v}\n---\nBody text of a hostile file. Yes.\n", encoding="utf-8")
            n += 1
    names = [b"bad\xff.md", b"new\nline.md", b"\x1b[2J.md", b"my article.md", "مقالة جديدة.md".encode(),
             "🚀.md".encode(), b"-rf.md", b" .md"]
    for raw in names:
        with open(os.path.join(os.fsencode(folder), raw), "wb") as fh:
            fh.write(b"A file with a hostile name. Text.")
    (folder / "passwd.md").symlink_to("/etc/passwd")
    (folder / "up").symlink_to(work, target_is_directory=True)
    deep = str(folder)
    for _ in range(1000):
        deep += "/d"
        os.mkdir(deep)
    Path(deep, "deep.md").write_text("Far down. Still read.", encoding="utf-8")
    tried = n + len(names) + 3
    try:
        corpus = load_corpus(folder)
        crashed = 0
    except Exception as e:  # noqa: BLE001
        return {"tried": tried, "crashed": 1, "error": repr(e)}
    finally:
        while deep != str(folder):
            for x in os.listdir(deep):
                if not os.path.isdir(os.path.join(deep, x)):
                    os.unlink(os.path.join(deep, x))
            os.rmdir(deep)
            deep = os.path.dirname(deep)
    return {"tried": tried, "crashed": crashed, "loaded": len(corpus.documents), "skipped_with_reason": len(corpus.skipped),
            "good_file_loaded": "good" in {d.doc_id for d in corpus.documents},
            "symlinks_refused": sum("symbolic link" in s.reason for s in corpus.skipped)}


def http_under_load(work: Path, seconds: float, clients: int) -> dict:
    """The real app (bundled model, small corpus) on 127.0.0.1: concurrent questions plus hostile requests."""
    import resource
    import threading

    import httpx
    from gradio_client import Client

    import app
    from rag.config import Settings
    from rag.pipeline import Pipeline

    corpus = work / "http-corpus"
    corpus.mkdir()
    (corpus / "embassy.md").write_text("---\nlanguage: en\n---\nAzerbaijan opened its embassy in Israel in March 2023. "
                                       "The ambassador arrived in Tel Aviv.\n", encoding="utf-8")
    (corpus / "trade.md").write_text("---\nlanguage: en\n---\nTrade between the two countries reached 1.7 billion "
                                     "dollars in 2022. Oil is the main export.\n", encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=work / "http-index")
    pipeline = Pipeline(settings)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    demo = app.build_app(pipeline)
    _, url, _ = app.launch(demo, settings, port=0 or _free_port(), prevent_thread_lock=True, quiet=True)
    counts = {"asked": 0, "answered": 0, "refused_politely": 0, "failed": 0}
    hostile = {"sent": 0, "refused": 0}
    lock = threading.Lock()
    end = time.monotonic() + seconds

    def asker(i: int) -> None:
        client = Client(url, verbose=False)
        questions = ["When did Azerbaijan open its embassy?", "How much was trade in 2022?", "", "x" * 600]
        while time.monotonic() < end:
            q = questions[(i + counts["asked"]) % len(questions)]
            try:
                client.predict(q, 8, api_name="/ask")
                key = "answered"
            except Exception as e:  # noqa: BLE001
                key = "refused_politely" if "Sorry" in str(e) else "failed"
            with lock:
                counts["asked"] += 1
                counts[key] += 1

    def attacker() -> None:
        while time.monotonic() < end:
            for method, path, headers in [("GET", "", {"Host": "evil.example"}), ("POST", "gradio_api/upload", {}),
                                          ("GET", "gradio_api/file=/etc/passwd", {})]:
                r = httpx.request(method, url + path, headers=headers, files={"files": ("a", b"x" * 100_000)}
                                  if method == "POST" else None)
                with lock:
                    hostile["sent"] += 1
                    hostile["refused"] += 400 <= r.status_code < 500
            time.sleep(0.05)

    threads = [threading.Thread(target=asker, args=(i,)) for i in range(clients)] + [threading.Thread(target=attacker)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    demo.close()
    return {"seconds": seconds, "clients": clients, **counts, "hostile_requests": hostile,
            "max_rss_mb_before_load": round(rss_before / 1024, 1), "max_rss_mb_after_load": round(rss_after / 1024, 1)}


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_report(result: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "reliability.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    p, k, b, h = result.get("publish"), result.get("kill"), result.get("bitflip"), result.get("hostile")
    lines = ["# Reliability: faults injected and survived", "",
             f"Run {result['started']} on this machine (2 shared cores) with "
             f"`PYTHONPATH=. python -m benchmarks.stress.run {' '.join(result['argv'])}` ({result['seconds']} s). "
             "Publishing, crash and bit-flip phases use the fast deterministic embedder (the store is under test); "
             "the HTTP phase runs the real app with the bundled model on a two-article corpus.", ""]
    if p:
        lines += ["## Publishing while readers load", "",
                  f"- {p['publishes']} publishes in {p['seconds']} s by one writer, {p['readers']} reader processes",
                  f"- {p['loads']} loads checked (every quote == document.text[start:end], every id resolves, "
                  f"one edition per load): **{p['mixed']} mixed, {p['crashed']} crashed, {p['corrupt']} refused as corrupt**",
                  f"- lost publishes: **{p['lost_publishes']}**; generations seen (distinct per reader, summed): "
                  f"{p['generations_seen']}; "
                  f"generations left on disk: {p['generations_on_disk_after']}", ""]
    if k:
        lines += ["## SIGKILL during builds, then the next start", "",
                  f"- {k['kills']} SIGKILLs ({k['at_random_moment']} at random moments, {k['at_publish_step']} at a named "
                  "step of a publish: files written, generation named, pointer staged, published, collecting)",
                  f"- after the next start: {k['usable_after']} usable, **{k['unusable']} unusable**, "
                  f"{k['not_built_yet']} not built yet (killed before the first publish)",
                  f"- leftover temporary folders: {k['leftovers_before_start']} found before the start, "
                  f"**{k['leftovers_after_start']} after**", ""]
    if b:
        lines += ["## Single-bit flips", "",
                  f"- {b['flips']} flips over {b['files']} files (every bit of CURRENT and manifest.json, 200 per data file): "
                  f"**{b['caught']} caught**, {b['accepted']} accepted, {b['other_errors']} other errors", ""]
    if h:
        lines += ["## Hostile corpus input", "",
                  f"- {h['tried']} hostile files (every front-matter field × 16 hostile values, hostile names, symlinks, "
                  f"1,000-deep folder): {h['crashed']} crashes; {h.get('loaded')} loaded, {h.get('skipped_with_reason')} "
                  f"skipped with a reason; good file still loaded: {h.get('good_file_loaded')}", ""]
    w = result.get("http")
    if w:
        lines += ["## The app under load (127.0.0.1)", "",
                  f"- {w['clients']} clients for {w['seconds']} s: {w['asked']} questions, {w['answered']} answered, "
                  f"{w['refused_politely']} refused politely (empty/overlong on purpose), **{w['failed']} failed**",
                  f"- hostile requests (foreign Host, upload, file route): {w['hostile_requests']['refused']} of "
                  f"{w['hostile_requests']['sent']} refused",
                  f"- peak RSS of the server process: {w['max_rss_mb_before_load']} MB before load, "
                  f"{w['max_rss_mb_after_load']} MB after", ""]
    lines += ["## Also measured (outside this script)", "",
              "- A 400 KB run-on 'sentence' (no full stop) took 66 s in value extraction (200 KB: 18 s, quadratic); "
              "spans over 5,000 characters are now skipped (the corpus's longest sentence is 499), and the build "
              "reports progress per file. Files over 2 MB are refused with the reason: the 50 KB corpus embeds in "
              "~25 s on 2 free cores (160-320 s on today's shared machine), so 19.5 MB would take hours.",
              "- Fast fault-injection tests in the normal test command: `tests/test_reliability.py`, "
              "`tests/test_reliability_inputs.py`, hostile-input and hypothesis tests in `tests/test_ingest.py`.", ""]
    (out / "reliability.md").write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    if sys.argv[1:2] == ["--rewrite-md"]:  # the markdown again from an existing reliability.json
        out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "reports"
        write_report(json.loads((out / "reliability.json").read_text(encoding="utf-8")), out)
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--publishes", type=int, default=1100)
    parser.add_argument("--readers", type=int, default=3)
    parser.add_argument("--kills", type=int, default=60)
    parser.add_argument("--http-seconds", type=float, default=30, help="0 skips the HTTP phase")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--out", type=Path, default=ROOT / "reports")
    args = parser.parse_args()
    result: dict = {"started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "argv": sys.argv[1:]}
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, phase in [("hostile", lambda: hostile_inputs(work / "hostile")),
                            ("bitflip", lambda: flip_bits(work / "bitflip")),
                            ("publish", lambda: publish_under_readers(work / "publish", args.publishes, args.readers)),
                            ("kill", lambda: kill_and_restart(work / "kill", args.kills)),
                            ("http", lambda: http_under_load(work / "http", args.http_seconds, args.clients)
                             if args.http_seconds > 0 else None)]:
            (work / name).mkdir(exist_ok=True)
            t = time.perf_counter()
            result[name] = phase()
            print(f"{name}: {time.perf_counter() - t:.0f} s {json.dumps(result[name])[:300]}", file=sys.stderr, flush=True)
            result["seconds"] = round(time.perf_counter() - t0)
            write_report(result, args.out)


if __name__ == "__main__":
    main()
