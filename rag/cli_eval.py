"""Commands that measure: ``rag eval`` (gold questions, follow-ups, a model side by side) and ``rag bench``."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from rag.cli_base import CorpusOpt, EmbedderOpt, IndexOpt, LLMOpt, app, fail, open_pipeline, settings_for
from rag.config import Settings, check_k
from rag.errors import RagError


@app.command("eval")
def eval_cmd(gold: Path | None = typer.Option(None, help="Gold questions (default: eval/gold.jsonl)."),
             out: Path = typer.Option(Path("reports"), help="Folder for eval.json, eval.md, eval.png."),
             compare: Path | None = typer.Option(None, "--compare", help="A previous eval.json to diff against."),
             split: str = typer.Option("all", "--split", help="dev | test | all, or another split the gold file "
                                       "names. Fit thresholds on dev only; a split run writes eval-<split>.{json,md,png}."),
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
        _eval_chat(gold, out, k, followups, llm, settings_for(corpus, index, embedder))
        return
    try:
        previous = json.loads(compare.read_text(encoding="utf-8")) if compare else None
        p = open_pipeline(settings_for(corpus, index, embedder))
        report = run_eval(p, gold or GOLD, k=check_k(k), split=split)
    except (RagError, OSError, ValueError) as e:
        fail(e)
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
        pipeline = open_pipeline(settings)
        if followups and not spec:
            report = {"followups": run_followups(RagChat(pipeline), gold or FOLLOWUPS, k)}
        else:
            report = compare_llm(pipeline, spec, gold, k, followups)
    except (RagError, OSError, ValueError) as e:
        fail(e)
    path = write_chat_report(report, out)
    for name, part in report.items():
        if isinstance(part, dict) and "overall" in part:
            typer.echo(f"{name:12s} " + "  ".join(f"{m} {v}" for m, v in part["overall"].items()))
    typer.echo(f"wrote {path}")


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
        fail(RagError(f"{module} is not importable ({e}); run from the repository root"))
    raise typer.Exit(main_fn(argv))
