"""Evaluation reports: JSON for tools, Markdown for people, a plot, and a diff against a previous run."""

from __future__ import annotations

import json
from pathlib import Path

HEADLINE = ["doc_recall@5", "evidence_recall@5", "mrr", "value_accuracy", "conflict_value_coverage",
            "citation_precision", "abstention_accuracy", "false_abstention_rate", "conflict_recall",
            "conflict_precision", "p50_ms", "p95_ms"]
TRUST = ["strict_accuracy", "strict_accuracy_answerable", "conflict_precision", "conflict_recall", "false_rival_rate",
         "abstention_accuracy", "false_abstention_rate", "cross_language_agreement", "qualifier_accuracy",
         "overview_accuracy", "overview_doc_precision", "unsupported_language_accuracy"]


def _fmt(value) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if isinstance(value, float) and abs(value) <= 1.0 else f"{value}"


def _delta(cur: dict, old: dict) -> dict:
    return {m: round(cur[m] - old[m], 4) for m in cur
            if isinstance(cur.get(m), (int, float)) and isinstance(old.get(m), (int, float))}


def compare(current: dict, previous: dict) -> dict:
    """Metric-by-metric difference (current − previous) for overall, each language and each split
    (``split:dev``, ``split:test``) that both reports have."""
    out = {}
    for section in ["overall", *sorted(current.get("by_language", {}))]:
        cur = current["overall"] if section == "overall" else current["by_language"].get(section, {})
        old = previous.get("overall", {}) if section == "overall" else previous.get("by_language", {}).get(section, {})
        out[section] = _delta(cur, old)
    for split, sections in sorted(current.get("by_split", {}).items()):
        if split in previous.get("by_split", {}):
            out[f"split:{split}"] = _delta(sections["overall"], previous["by_split"][split]["overall"])
    return out


def to_markdown(report: dict, diff: dict | None = None) -> str:
    langs = sorted(report["by_language"])
    lines = ["# Evaluation on the gold questions", "",
             f"{report['overall']['questions']} questions ({report['meta']['gold']}, split "
             f"{report['meta'].get('split', 'all')}), k={report['meta']['k']}, "
             f"embedder `{report['meta']['embedder']}`, {report['meta']['documents']} documents.", "",
             "| metric | overall | " + " | ".join(langs) + (" | Δ overall |" if diff else " |"),
             "|---|---|" + "---|" * len(langs) + ("---|" if diff else "")]
    for m in HEADLINE:
        row = [_fmt(report["overall"].get(m))] + [_fmt(report["by_language"][lang].get(m)) for lang in langs]
        delta = [f"{diff['overall'][m]:+.3f}" if diff and m in diff.get("overall", {}) else ""] if diff else []
        lines.append(f"| {m} | " + " | ".join(row + delta) + " |")
    lines += _trust_tables(report)
    lines += ["", "## By kind of question", "", "| kind | questions | value_accuracy | strict_accuracy | doc_recall@5 |",
              "|---|---|---|---|---|"]
    for kind, s in report.get("by_kind", {}).items():
        lines.append(f"| {kind} | {s['questions']} | {_fmt(s['value_accuracy'])} | {_fmt(s.get('strict_accuracy'))} "
                     f"| {_fmt(s['doc_recall@5'])} |")
    if report.get("by_tag"):
        lines += ["", "## By tag", "", "| tag | questions | strict_accuracy |", "|---|---|---|"]
        lines += [f"| {t} | {s['questions']} | {_fmt(s['strict_accuracy'])} |" for t, s in report["by_tag"].items()]
    misses = [q for q in report["questions"] if not q.get("strict_correct", q.get("value_correct"))]
    lines += ["", f"## Questions not strictly right ({len(misses)})", "", "| id | split | status | claims | gold conflict |",
              "|---|---|---|---|---|"]
    for q in misses:
        claims = ", ".join(" ".join(str(c).split())[:40] for c in q["claims"][:4]) or "–"
        lines.append(f"| {q['id']} | {q.get('split', '')} | {q['status']} | {claims} | {q['gold_conflict']} |")
    return "\n".join(lines) + "\n"


def _trust_tables(report: dict) -> list[str]:
    """One table per split (dev, test, then all): trust metrics overall and by question language."""
    slices = [(f"split {name}", sec) for name, sec in report.get("by_split", {}).items()]
    slices.append(("all questions in this run", {"overall": report["overall"], "by_language": report["by_language"]}))
    lines = ["", "## Trust metrics (thresholds are fitted on dev only; test is reported, never tuned on)"]
    for title, sec in slices:
        langs = sorted(sec["by_language"])
        lines += ["", f"### {title} ({sec['overall']['questions']} questions)", "",
                  "| metric | overall | " + " | ".join(langs) + " |", "|---|---|" + "---|" * len(langs)]
        for m in TRUST:
            row = [_fmt(sec["overall"].get(m))] + [_fmt(sec["by_language"][lang].get(m)) for lang in langs]
            lines.append(f"| {m} | " + " | ".join(row) + " |")
    return lines


def plot(report: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    metrics = ["doc_recall@5", "evidence_recall@5", "value_accuracy", "citation_precision", "abstention_accuracy",
               "conflict_recall"]
    langs = sorted(report["by_language"])
    fig, ax = plt.subplots(figsize=(9, 4))
    width = 0.8 / len(langs)
    x = np.arange(len(metrics))
    for i, lang in enumerate(langs):
        vals = [report["by_language"][lang].get(m) or 0 for m in metrics]
        ax.bar(x + i * width, vals, width, label=lang)
    ax.set_xticks(x + width * (len(langs) - 1) / 2, metrics, rotation=20, ha="right")
    ax.set_ylim(0, 1.05)
    ax.set_title("Gold questions by question language")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_reports(report: dict, out_dir: Path, previous: dict | None = None, name: str = "eval") -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    diff = compare(report, previous) if previous else None
    if diff:
        report = {**report, "compare": diff}
    paths = {"json": out_dir / f"{name}.json", "md": out_dir / f"{name}.md", "png": out_dir / f"{name}.png"}
    paths["json"].write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    paths["md"].write_text(to_markdown(report, diff), encoding="utf-8")
    plot(report, paths["png"])
    return paths
