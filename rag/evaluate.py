"""Score the whole system on gold questions, through the same code path as the app.

Metrics (overall and per question language):
- retrieval: doc_recall@k (gold documents among the top-k passages), evidence_recall@k (a
  retrieved passage contains the gold sentence), MRR (first passage from a gold document);
- answers: value_accuracy (the first claim states a gold value; for conflict questions, every
  gold value is among the claims), conflict_value_coverage, citation_precision (the cited
  quote states a gold value), abstention_accuracy (unanswerable → not_found),
  false_abstention_rate (answerable → not_found);
- conflicts: conflict_precision / conflict_recall; latency p50/p95 of the full ask path;
- trust (rag.eval_trust): strict_accuracy, false_rival_rate, cross_language_agreement,
  qualifier_accuracy, overview accuracy, unsupported-language handling.

Every report also breaks these down by split (dev/test, fixed in eval/gold.jsonl: fit thresholds
on dev only), by question language, kind and tag.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from rag.config import ROOT
from rag.errors import InvalidInput, RagError
from rag.eval_trust import claim_matches, gold_matches, qualifier_checks, states, strict_correct, trust_summary
from rag.formats import read_text, split_front_matter
from rag.pipeline import Pipeline
from rag.reading_order import reorder
from rag.render import answer_to_dict
from rag.types import Answer, Hit

GOLD = ROOT / "eval" / "gold.jsonl"
LANGUAGES = ("en", "ar", "fa")
SPLITS = ("dev", "test")
KINDS = ("date", "number", "percent", "text", "overview")


@dataclass(frozen=True)
class Gold:
    id: str
    lang: str
    question: str
    kind: str
    answerable: bool
    conflict: bool
    answers: tuple[dict, ...]
    fact: str = ""
    split: str = ""
    tags: tuple[str, ...] = ()
    expect: str | None = None


def load_gold(path: Path = GOLD, split: str = "all") -> list[Gold]:
    """Read and check the gold file, keeping one split ('dev', 'test', another the file uses such as
    'blind-heldout', or 'all'); a bad line is an error naming the file and line."""
    items = []
    splits = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            item = Gold(row["id"], row["lang"], row["question"], row["kind"], bool(row["answerable"]),
                        bool(row["conflict"]), tuple(row.get("answers", ())), row.get("fact", row["id"]),
                        row.get("split", ""), tuple(row.get("tags", ())), row.get("expect"))
        except (ValueError, KeyError) as e:
            raise InvalidInput(f"{path}:{n}: bad gold line ({e.__class__.__name__}: {e})") from e
        splits.add(item.split)
        if split == "all" or item.split == split:
            items.append(item)
    if split != "all" and split not in splits:
        known = ", ".join(sorted(s for s in splits if s) + ["all"])
        raise InvalidInput(f"split must be one of {known}. Currently, the split is {split!r}")
    return items


def _answering(out: dict) -> list[dict]:
    """The claims that answer: for 'Which came first: A or B?' (rag.compare) those of the side named first
    (the other side's dates are shown to back the order, not offered as the answer), else all of them."""
    comparison = out.get("comparison")
    if comparison and comparison["order"] in ("first", "last"):
        return [out["claims"][i] for i in comparison["sides"][0]["claims"]]
    return out["claims"]


def _quote_values(pipeline: Pipeline, answer: Answer | None) -> dict[int, list[str]]:
    """Citation number -> the values the index extracted from the quoted sentence."""
    out: dict[int, list[str]] = {}
    for claim in answer.claims if answer else ():
        for cit in claim.citations:
            sent_id = pipeline.index.sentence_at[(cit.doc_id, cit.start, cit.end)]
            out[cit.n] = [v.value for v in pipeline.index.values[sent_id]]
    return out


@lru_cache(maxsize=64)
def _raw_to_stored(path: str) -> tuple[str, dict[int, int]]:
    """The article as its file holds it, and where each of its characters is stored (ingest puts a PDF's
    reversed lines in reading order, so a gold line copied from the file may not be a substring of the index)."""
    raw = split_front_matter(Path(path), read_text(Path(path)))[1]
    return raw, {i: j for j, i in enumerate(reorder(raw))}


def _evidence_found(hits: Sequence[Hit], doc_id: str, evidence: str, pipeline: Pipeline) -> bool:
    """A retrieved chunk of ``doc_id`` holds the gold evidence, as stored or as the file wrote it."""
    if any(h.chunk.doc_id == doc_id and evidence in h.chunk.text for h in hits):
        return True
    doc = pipeline.index.documents.get(doc_id)
    if doc is None or not doc.path or not Path(doc.path).is_file():
        return False
    raw, stored = _raw_to_stored(doc.path)
    at = raw.find(evidence)
    if at < 0:
        return False
    where = [stored[i] for i in range(at, at + len(evidence)) if i in stored and not raw[i].isspace()]
    if not where:
        return False
    return any(h.chunk.doc_id == doc_id and h.chunk.start <= min(where) and max(where) < h.chunk.end for h in hits)


def score_question(pipeline: Pipeline, gold: Gold, k: int) -> dict:
    t0 = time.perf_counter()
    try:
        answer: Answer | None = pipeline.ask(gold.question, k=k)
        error = None
    except RagError as e:  # a refused question (e.g. an unsupported language) is an abstention
        answer, error = None, str(e)
    latency = (time.perf_counter() - t0) * 1000
    out = answer_to_dict(answer) if answer else {"claims": []}
    hits = answer.hits if answer else ()
    gold_docs = {d for a in gold.answers for d in a["docs"]}
    row: dict = {"id": gold.id, "lang": gold.lang, "kind": gold.kind, "answerable": gold.answerable,
                 "gold_conflict": gold.conflict, "status": answer.status if answer else "not_found",
                 "latency_ms": latency, "answer": answer.answer if answer else "", "claims": [c["value"] for c in out["claims"]],
                 "fact": gold.fact, "split": gold.split, "tags": list(gold.tags), "expect": gold.expect,
                 "asked_for": answer.asked_for if answer else None,
                 "claim_qualifiers": [c.qualifier for c in answer.claims] if answer else [],
                 "cited_docs": sorted({c.doc_id for claim in answer.claims for c in claim.citations}) if answer else [],
                 "gold_match": gold_matches(_answering(out), gold.answers, _quote_values(pipeline, answer))}
    if error:
        row["error"] = error
    if gold.kind == "overview":
        row["expected_docs"] = sorted(a["value"] for a in gold.answers)
    row["strict_correct"] = strict_correct(row, gold.answers)
    row["qualifier_checked"], row["qualifier_correct"] = qualifier_checks(row, gold.answers)
    if gold.answerable and answer:
        for cutoff in (5, k):
            top_docs = {h.chunk.doc_id for h in hits[:cutoff]}
            row[f"doc_recall@{cutoff}"] = len(gold_docs & top_docs) / len(gold_docs)
            pairs = [(d, e) for a in gold.answers for d, e in zip(a["docs"], a["evidence"])]
            found = [_evidence_found(hits[:cutoff], d, e, pipeline) for d, e in pairs]
            row[f"evidence_recall@{cutoff}"] = sum(found) / len(found)
        ranks = [i + 1 for i, h in enumerate(hits) if h.chunk.doc_id in gold_docs]
        row["mrr"] = 1 / ranks[0] if ranks else 0.0
        claims = out["claims"]
        covered = [any(claim_matches(c, a) for c in claims) for a in gold.answers]
        if gold.kind == "overview":
            row["value_correct"] = row["strict_correct"]
        elif gold.conflict:
            row["value_correct"] = all(covered)
            row["conflict_value_coverage"] = sum(covered) / len(covered)
        else:
            row["value_correct"] = bool(claims) and any(claim_matches(claims[0], a) for a in gold.answers)
        quote_values = _quote_values(pipeline, answer)
        cited = [(c["quote"], quote_values.get(c["n"], [])) for claim in claims for c in claim["citations"]]
        row["citations"] = len(cited)
        if gold.kind == "overview":
            row["citations_correct"] = sum(c["doc_id"] in gold_docs for claim in claims for c in claim["citations"])
        else:
            row["citations_correct"] = sum(any(states(q, a, gold.kind, vals) for a in gold.answers) for q, vals in cited)
    elif gold.answerable:  # refused: nothing retrieved, nothing stated
        row.update({"doc_recall@5": 0.0, f"doc_recall@{k}": 0.0, "evidence_recall@5": 0.0, f"evidence_recall@{k}": 0.0,
                    "mrr": 0.0, "value_correct": False, "citations": 0, "citations_correct": 0})
        if gold.conflict:
            row["conflict_value_coverage"] = 0.0
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
    out.update(trust_summary(rows))
    return out


def _sections(rows: list[dict], k: int) -> dict:
    """Overall and per-language summaries of one slice of rows."""
    return {"overall": summarize(rows, k),
            "by_language": {lang: summarize([r for r in rows if r["lang"] == lang], k)
                            for lang in LANGUAGES if any(r["lang"] == lang for r in rows)}}


def run_eval(pipeline: Pipeline, gold_path: Path = GOLD, k: int = 8, split: str = "all") -> dict:
    gold = load_gold(gold_path, split)
    if not gold:
        raise InvalidInput(f"{gold_path} has no questions in split {split!r}")
    pipeline.ask(gold[0].question, k=k)  # warm-up: first call loads lazy parts
    rows = [score_question(pipeline, g, k) for g in gold]
    tags = sorted({t for r in rows for t in r["tags"]})
    report = {
        **_sections(rows, k),
        "by_kind": {kind: summarize([r for r in rows if r["kind"] == kind], k)
                    for kind in KINDS if any(r["kind"] == kind for r in rows)},
        "by_split": {s: _sections([r for r in rows if r["split"] == s], k)
                     for s in sorted({r["split"] for r in rows if r["split"]}, key=lambda s: (s not in SPLITS, s))},
        "by_tag": {t: {"questions": sum(t in r["tags"] for r in rows),
                       "strict_accuracy": summarize([r for r in rows if t in r["tags"]], k)["strict_accuracy"]}
                   for t in tags},
        "meta": {"gold": str(gold_path.relative_to(ROOT) if gold_path.is_relative_to(ROOT) else gold_path),
                 "split": split, "k": k, "embedder": pipeline.index.manifest["embedder"]["id"],
                 "documents": pipeline.index.manifest["counts"]["documents"]},
        "questions": rows,
    }
    return report
