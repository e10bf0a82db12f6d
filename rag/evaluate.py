"""Score the whole system on gold questions, through the same code path as the app.

Metrics (overall and per question language):
- retrieval: doc_recall@k (gold documents among the top-k passages), evidence_recall@k (a
  retrieved passage contains the gold sentence), MRR (first passage from a gold document);
- answers: value_accuracy (the first claim states a gold value; for conflict questions, every
  gold value is among the claims), conflict_value_coverage, citation_precision (the cited
  quote states a gold value), abstention_accuracy (unanswerable → not_found),
  false_abstention_rate (answerable → not_found);
- conflicts: conflict_precision / conflict_recall; latency p50/p95 of the full ask path.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rag.config import ROOT
from rag.errors import InvalidInput
from rag.normalize import fold
from rag.pipeline import Pipeline
from rag.render import answer_to_dict
from rag.types import Answer
from rag.values import values_agree

GOLD = ROOT / "eval" / "gold.jsonl"
LANGUAGES = ("en", "ar", "fa")


@dataclass(frozen=True)
class Gold:
    id: str
    lang: str
    question: str
    kind: str
    answerable: bool
    conflict: bool
    answers: tuple[dict, ...]


def load_gold(path: Path = GOLD) -> list[Gold]:
    """Read and check the gold file; a bad line is an error naming the file and line."""
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            items.append(Gold(row["id"], row["lang"], row["question"], row["kind"], bool(row["answerable"]),
                              bool(row["conflict"]), tuple(row.get("answers", ()))))
        except (ValueError, KeyError) as e:
            raise InvalidInput(f"{path}:{n}: bad gold line ({e.__class__.__name__}: {e})") from e
    return items


def _accepted(answer: dict) -> list[str]:
    """The gold value and each document's own precision of it; bounds ('>3000', '~30000') are notes."""
    return [answer["value"], *(v for v in answer.get("stated_values", []) if v[:1] not in "<>~")]


def _states(quote: str, answer: dict, kind: str, quote_values: list[str]) -> bool:
    """Does a quote state a gold answer? Text: it contains an alias; values: an extracted value agrees."""
    if kind == "text" or "aliases" in answer:
        return any(fold(a) in fold(quote) for a in answer.get("aliases", [answer["value"]]))
    return any(values_agree(q, a) for q in quote_values for a in _accepted(answer))


def _claim_matches(claim: dict, answer: dict, kind: str) -> bool:
    if claim["kind"] == "text":
        return any(_states(c["quote"], answer, "text", []) for c in claim["citations"])
    return any(values_agree(claim["value"], a) for a in _accepted(answer))


def score_question(pipeline: Pipeline, gold: Gold, k: int) -> dict:
    t0 = time.perf_counter()
    answer: Answer = pipeline.ask(gold.question, k=k)
    latency = (time.perf_counter() - t0) * 1000
    out = answer_to_dict(answer)
    hits = answer.hits
    gold_docs = {d for a in gold.answers for d in a["docs"]}
    row: dict = {"id": gold.id, "lang": gold.lang, "kind": gold.kind, "answerable": gold.answerable,
                 "gold_conflict": gold.conflict, "status": answer.status, "latency_ms": latency,
                 "answer": answer.answer, "claims": [c["value"] for c in out["claims"]]}
    if gold.answerable:
        for cutoff in (5, k):
            top_docs = {h.chunk.doc_id for h in hits[:cutoff]}
            row[f"doc_recall@{cutoff}"] = len(gold_docs & top_docs) / len(gold_docs)
            pairs = [(d, e) for a in gold.answers for d, e in zip(a["docs"], a["evidence"])]
            found = [any(h.chunk.doc_id == d and e in h.chunk.text for h in hits[:cutoff]) for d, e in pairs]
            row[f"evidence_recall@{cutoff}"] = sum(found) / len(found)
        ranks = [i + 1 for i, h in enumerate(hits) if h.chunk.doc_id in gold_docs]
        row["mrr"] = 1 / ranks[0] if ranks else 0.0
        claims = out["claims"]
        covered = [any(_claim_matches(c, a, gold.kind) for c in claims) for a in gold.answers]
        if gold.conflict:
            row["value_correct"] = all(covered)
            row["conflict_value_coverage"] = sum(covered) / len(covered)
        else:
            row["value_correct"] = bool(claims) and any(_claim_matches(claims[0], a, gold.kind) for a in gold.answers)
        quote_values = {}
        for claim in answer.claims:
            for cit in claim.citations:
                sent_id = pipeline.index.sentence_at[(cit.doc_id, cit.start, cit.end)]
                quote_values[cit.n] = [v.value for v in pipeline.index.values[sent_id]]
        cited = [(c["quote"], quote_values.get(c["n"], [])) for claim in claims for c in claim["citations"]]
        row["citations"] = len(cited)
        row["citations_correct"] = sum(any(_states(q, a, gold.kind, vals) for a in gold.answers) for q, vals in cited)
    return row


def _mean(values) -> float | None:
    values = [float(v) for v in values]
    return round(float(np.mean(values)), 4) if values else None


def summarize(rows: list[dict], k: int) -> dict:
    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]
    conflicts = [r for r in answerable if r["gold_conflict"]]
    predicted = [r for r in rows if r["status"] == "conflict"]
    lat = [r["latency_ms"] for r in rows]
    cited = sum(r.get("citations", 0) for r in answerable)
    out = {
        "questions": len(rows),
        "doc_recall@5": _mean(r["doc_recall@5"] for r in answerable),
        f"doc_recall@{k}": _mean(r[f"doc_recall@{k}"] for r in answerable),
        "evidence_recall@5": _mean(r["evidence_recall@5"] for r in answerable),
        f"evidence_recall@{k}": _mean(r[f"evidence_recall@{k}"] for r in answerable),
        "mrr": _mean(r["mrr"] for r in answerable),
        "value_accuracy": _mean(r["value_correct"] for r in answerable),
        "conflict_value_coverage": _mean(r["conflict_value_coverage"] for r in conflicts),
        "citation_precision": round(sum(r.get("citations_correct", 0) for r in answerable) / cited, 4) if cited else None,
        "abstention_accuracy": _mean(r["status"] == "not_found" for r in unanswerable),
        "false_abstention_rate": _mean(r["status"] == "not_found" for r in answerable),
        "conflict_recall": _mean(r["status"] == "conflict" for r in conflicts),
        "conflict_precision": _mean(r["gold_conflict"] for r in predicted),
        "p50_ms": round(float(np.percentile(lat, 50)), 1) if lat else None,
        "p95_ms": round(float(np.percentile(lat, 95)), 1) if lat else None,
    }
    return out


def run_eval(pipeline: Pipeline, gold_path: Path = GOLD, k: int = 8) -> dict:
    gold = load_gold(gold_path)
    pipeline.ask(gold[0].question, k=k)  # warm-up: first call loads lazy parts
    rows = [score_question(pipeline, g, k) for g in gold]
    report = {
        "overall": summarize(rows, k),
        "by_language": {lang: summarize([r for r in rows if r["lang"] == lang], k)
                        for lang in LANGUAGES if any(r["lang"] == lang for r in rows)},
        "by_kind": {kind: summarize([r for r in rows if r["kind"] == kind], k)
                    for kind in ("date", "number", "percent", "text") if any(r["kind"] == kind for r in rows)},
        "meta": {"gold": str(gold_path.relative_to(ROOT) if gold_path.is_relative_to(ROOT) else gold_path),
                 "k": k, "embedder": pipeline.index.manifest["embedder"]["id"],
                 "documents": pipeline.index.manifest["counts"]["documents"]},
        "questions": rows,
    }
    return report
