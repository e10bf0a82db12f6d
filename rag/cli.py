"""Command line: ``rag index``, ``rag search``, ``rag ask``, ``rag chat``, ``rag add``, ``rag remove``, ``rag eval``, ``rag bench``,
``rag vocabulary``.

Domain errors become one-line messages here (exit code 2), never tracebacks.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import typer

from rag.cli_base import (  # noqa: F401  (app and printable are importable from here)
    CorpusOpt,
    EmbedderOpt,
    IndexOpt,
    LLMOpt,
    app,
    echo,
    fail,
    open_pipeline,
    printable,
    settings_for,
)
from rag.config import Settings
from rag.embed import Embedder
from rag.errors import RagError
from rag.progress import tqdm_progress


@app.command()
def index(corpus: Path | None = CorpusOpt, index: Path | None = IndexOpt,
          embedder: str | None = EmbedderOpt,
          force: bool = typer.Option(False, "--force", help="Rebuild even if the index is up to date."),
          ray: str | None = typer.Option(None, "--ray", help="Embed on Ray: 'local' starts a local cluster, "
                                         "or a cluster address (ray://host:10001, auto)."),
          workers: int = typer.Option(2, "--workers", help="Ray embedding actors (one CPU each)."),
          verify: bool = typer.Option(False, "--verify", help="Hash every byte of the index against its published "
                                      "checksums (an open checks sizes and sampled bytes); a damaged index is rebuilt.")
          ) -> None:
    """Build or update the index (only new or changed documents are embedded)."""
    from rag.embed import get_embedder
    from rag.pipeline import ensure_index

    try:
        settings = settings_for(corpus, index, embedder, verify="full" if verify else None)
        embedder_: Embedder
        if ray:
            from rag.distributed import RayEmbedder

            embedder_ = RayEmbedder(settings.embedder, workers, ray)
        else:
            embedder_ = get_embedder(settings.embedder)
        idx, rebuilt = ensure_index(settings, embedder_, tqdm_progress("embedding"), force=force)
    except RagError as e:
        fail(e)
    m = idx.manifest
    for s in m.get("skipped", []):
        echo(f"skipped {s['path']}: {s['reason']}", err=True)
    state = "built" if rebuilt else "up to date"
    c = m["counts"]
    typer.echo(f"index {state}: {c['documents']} documents, {c['chunks']} chunks, {c['sentences']} sentences "
               f"({m['embedder']['id']}, {m['build']['embedded_chunks']} chunks embedded in the last build) "
               f"→ {settings.index_dir}")
    if verify and not rebuilt:
        typer.echo(f"verified: all {len(m['files'])} files match their published sha256")


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
        settings = settings_for(corpus, index, embedder, top_k=k)
        p = open_pipeline(settings)
        hits = p.search(question, k=settings.top_k, doc_ids=doc, languages=lang, mode=mode)
    except RagError as e:
        fail(e)
    rows = [hit_to_dict(h, p.index.documents) for h in hits]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        text = " ".join(r["text"].split())
        echo(f"[{r['rank']}] {r['score']:.4f}  {r['doc_id']} [{r['start']}:{r['end']}]  {r['title']}")
        echo(f"    {text[:400]}{'…' if len(text) > 400 else ''}\n")


def _chat(settings: Settings, llm: str | None):
    from rag.chat import RagChat
    from rag.llm import spec_from_env

    spec = spec_from_env(llm)
    return RagChat.from_spec(open_pipeline(settings), spec)


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
        settings = settings_for(corpus, index, embedder, top_k=k)
        messages = load_history(history) if history else None
        answer = _chat(settings, llm).ask(question, messages, k=settings.top_k, doc_ids=doc, languages=lang)
    except RagError as e:
        fail(e)
    if as_json:
        typer.echo(json.dumps(answer_to_dict(answer), ensure_ascii=False, indent=2))
    else:
        echo(answer_to_text(answer))


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
        settings = settings_for(corpus, index, embedder, top_k=k)
        session = _chat(settings, llm)
    except RagError as e:
        fail(e)
    history: list[dict] = []
    echo("Ask in English, العربية or فارسی (empty line or 'exit' to quit, '/new' to start over).", err=True)
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
            echo(f"error: {e}", err=True)
            continue
        echo(answer_to_text(answer))
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.answer}]


@app.command("add")
def add_cmd(files: list[Path] = typer.Argument(..., help=".md, .txt, .html or .pdf files (up to 1 MB each)."),
            corpus: Path | None = CorpusOpt, index: Path | None = IndexOpt, embedder: str | None = EmbedderOpt) -> None:
    """Add your own documents to the corpus and index them (only their text is embedded)."""
    from rag import library

    settings = settings_for(corpus, index, embedder)
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

    settings = settings_for(corpus, index, embedder)
    try:
        path = library.remove(doc_id, settings.corpus_dir)
    except RagError as e:
        fail(e)
    typer.echo(f"removed {doc_id} ({path.name})")
    _update_index(settings)


def _update_index(settings: Settings) -> None:
    from rag.embed import get_embedder
    from rag.pipeline import ensure_index

    try:
        idx, _ = ensure_index(settings, get_embedder(settings.embedder), tqdm_progress("embedding"))
    except RagError as e:
        fail(e)
    typer.echo(f"index updated: {idx.manifest['counts']['documents']} documents → {settings.index_dir}")


@app.command()
def vocabulary(embedder: str | None = EmbedderOpt,
               size: int = typer.Option(20_000, "--size", help="wordfreq's most frequent English words to read.")) -> None:
    """Embed likely English question words once (rag.english_vocabulary): English questions then embed
    only their rarer words. Same vectors, same answers; a few minutes on 2 cores, once per machine and model."""
    from rag import english_vocabulary
    from rag.embed import get_embedder

    embedder_ = get_embedder(embedder or Settings.from_env().embedder)
    words = english_vocabulary.vocabulary_words(size)
    bar = tqdm_progress("embedding")
    path = english_vocabulary.build(embedder_, words, progress=lambda done, total: bar("English words", done, total))
    typer.echo(f"{len(words)} English words → {path}")


import rag.cli_eval  # noqa: E402, F401  (registers ``rag eval`` and ``rag bench`` on the app)


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
