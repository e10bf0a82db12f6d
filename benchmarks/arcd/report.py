"""ARCD report: one markdown page of the figures in ``arcd.json``."""

from __future__ import annotations

from benchmarks.xquad.metrics import METRICS, MODES
from benchmarks.xquad.sparse import SPARSE_METRICS


def _fmt(value) -> str:
    return "–" if value is None else f"{value:.3f}"


def render_markdown(result: dict) -> str:
    meta = result["meta"]
    lines = [
        "# ARCD Arabic paragraph retrieval (untuned set)",
        "",
        f"{meta['paragraphs']} unique ARCD paragraphs indexed by the product pipeline ({meta['chunks']} chunks, "
        f"{meta['sentences']} sentences), embedder `{meta['embedder']}`; {meta['questions']} native Arabic "
        f"questions. Same metrics as `reports/xquad.md`: a paragraph ranks by its best chunk among the top "
        f"{meta['search_k']}; answer hit = the top (top 3) evidence sentence over the top {meta['evidence_k']} "
        f"chunks contains a gold answer. No retrieval constant was fitted on this set. Run took {meta['seconds']} s"
        + (f" (limit {meta['limit']} paragraphs)" if meta["limit"] else "") + ".",
        "",
        "| mode | direction | " + " | ".join(METRICS) + " | answer@1 in gold |",
        "|---|---|" + "---|" * (len(METRICS) + 1),
    ]
    for direction, modes in result["by_mode"].items():
        for mode in MODES:
            m = modes[mode]
            lines.append(f"| {mode} | {direction} | " + " | ".join(_fmt(m[k]) for k in METRICS)
                         + f" | {_fmt(m['answer_hit_in_gold@1'])} |")
    checks = result.get("hybrid_vs_dense") or {}
    if checks:
        lines += ["", "Hybrid minus dense (the product's fusion must never rank below dense alone): "
                  + "; ".join(f"{name}: R@1 {c['hybrid_minus_dense_R@1']:+.3f}, nDCG@10 {c['hybrid_minus_dense_nDCG@10']:+.3f}"
                              for name, c in checks.items()) + "."]
    lines += ["", "## BM25 alone: Arabic Snowball stems added vs folded words only", "",
              "| tokens | direction | " + " | ".join(SPARSE_METRICS) + " |",
              "|---|---|" + "---|" * len(SPARSE_METRICS)]
    for direction, variants in result["bm25_stemming"].items():
        for name, m in variants.items():
            lines.append(f"| {name} | {direction} | " + " | ".join(_fmt(m[k]) for k in SPARSE_METRICS) + " |")
    lines += ["", f"Licence: {meta['licence']}", ""]
    return "\n".join(lines)
